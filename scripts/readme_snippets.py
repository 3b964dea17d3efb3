"""The README's install section as code: the one reader of its snippets.

``tests/core/test_readme.py`` executes the settings and URLs snippets in the test process;
``scripts/fresh_site_check.py`` applies them, and runs the shell commands, in a new
``django-admin startproject`` site. Both read them here, so neither can drift from the README.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
INSTALL_SECTION = "Installing into your own Oscar site"


def readme_section(title):
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def _blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", readme_section(INSTALL_SECTION), re.DOTALL)


def install_snippet(first_line):
    """The ```python block of the install section that starts with ``first_line``."""
    return next(block for block in _blocks("python") if block.startswith(first_line))


def install_commands(containing):
    """The commands of the install section's ```bash block that mentions ``containing``,
    one per line, without their comments."""
    block = next(block for block in _blocks("bash") if containing in block)
    lines = (line.split("#", 1)[0].strip() for line in block.splitlines())
    return [line for line in lines if line]
