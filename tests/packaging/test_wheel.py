"""The wheel ships what a site needs: templates, migrations, compiled translations."""

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("contex_oscar-*.whl")
    return built


def test_wheel_contains_templates_migrations_and_translations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "contex_oscar/locale/id/LC_MESSAGES/django.mo" in names
    assert "contex_oscar/order/migrations/0001_initial.py" in names
    templates = [n for n in names if n.startswith("contex_oscar/templates/")]
    repo_templates = [p for p in (ROOT / "templates").rglob("*") if p.is_file()]
    assert len(templates) == len(repo_templates)
    assert not any(n.startswith(("tests/", "sandbox/")) for n in names)


def test_wheel_installs_into_a_fresh_environment(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    # system site packages give the already-installed dependencies (no network needed)
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import contex_oscar, pathlib; p = pathlib.Path(contex_oscar.__file__).parent; "
        "print(p); "
        "assert (p / 'locale/id/LC_MESSAGES/django.mo').is_file(); "
        "assert (p / 'order/migrations/0001_initial.py').is_file(); "
        "assert (p / 'templates').is_dir()"
    )
    result = subprocess.run(
        [python, "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    assert str(env_dir) in result.stdout  # imported from the new environment, not the repo
