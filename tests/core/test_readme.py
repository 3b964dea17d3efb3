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


def readme_section(title):
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def overridden_oscarapi_endpoints():
    """``/api/...`` addresses of the oscarapi routes whose view the package replaces
    (through ``OSCARAPI_OVERRIDE_MODULES``), as the README writes them."""
    import oscarapi.urls

    for pattern in oscarapi.urls.urlpatterns:
        route = str(pattern.pattern)
        if "drf_format_suffix" in route or "(?P<format>" in route:
            continue  # the same views with a format suffix
        view = getattr(pattern.callback, "cls", None)
        if view is not None and view.__module__.startswith("contex_oscar."):
            yield "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_the_readme_lists_every_oscarapi_endpoint_the_package_changes():
    section = readme_section("Differences from plain django-oscar-api")
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[0] == "| endpoint | plain oscarapi 3.3.0 | the store | why |"
    endpoints = "\n".join(row.split(" | ")[0] for row in rows[2:])
    overridden = list(overridden_oscarapi_endpoints())

    assert len(overridden) > 20  # the check sees the overrides
    assert [route for route in overridden if f"{route}`" not in endpoints] == []
    # every row says what oscarapi did, what the store does, and why
    assert all(len([cell for cell in row.split(" | ") if cell.strip("| ")]) == 4 for row in rows)
