#!/usr/bin/env python3
"""One entry point for developers; needs nothing but Python 3.11+.

    python3 dev.py sandbox [ADDRESS]  # install, migrate, load demo data, serve (127.0.0.1:8000)
    python3 dev.py test      # install, run the whole test suite (extra args go to pytest)

Both create ``.venv`` beside this file on first use and reinstall only when
``pyproject.toml`` changes. Set DATABASE_URL=postgres://... to use PostgreSQL.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("CONTEX_VENV", ROOT / ".venv"))
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".contex-installed"


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_installed():
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip", "setuptools")
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test,postgres,production]")
        STAMP.write_text(wanted)


def manage(*args):
    run(PYTHON, ROOT / "sandbox" / "manage.py", *args, cwd=ROOT)


def sandbox(args):
    ensure_installed()
    address = args[0] if args else "127.0.0.1:8000"
    # the demo's Wagtail site (the help pages' html_url) and e-mailed links use it
    os.environ.setdefault("WAGTAILADMIN_BASE_URL", f"http://{address}")
    manage("migrate", "--noinput")
    manage("load_demo_store")  # ends with the addresses and every login
    manage("runserver", address)


def test(args):
    ensure_installed()
    os.chdir(ROOT)
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args])
    sys.exit(result.returncode)


def main():
    commands = {"sandbox": sandbox, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
