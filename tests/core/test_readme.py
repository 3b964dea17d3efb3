"""The README documents every package setting (the promise to developers)."""

import re
from pathlib import Path

from contex_oscar import defaults

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_every_contex_setting_is_in_the_readme_table():
    documented = set(re.findall(r"^\| `(CONTEX_[A-Z_]+)`", README, re.MULTILINE))
    defined = {name for name in dir(defaults) if name.startswith("CONTEX_")}
    assert defined - documented == set()
    assert documented - defined == set()
