"""The README documents every package setting (the promise to developers)."""

import re

from contex_oscar import defaults
from scripts.readme_snippets import README, install_snippet, readme_section


def test_every_contex_setting_is_in_the_readme_table():
    documented = set(re.findall(r"^\| `(CONTEX_[A-Z_]+)`", README, re.MULTILINE))
    defined = {name for name in dir(defaults) if name.startswith("CONTEX_")}
    assert defined - documented == set()
    assert documented - defined == set()


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


def test_the_install_sections_settings_run_as_written(tmp_path):
    from django.conf import settings

    namespace = {"BASE_DIR": tmp_path}  # what startproject's settings define before
    exec(install_snippet("# settings.py"), namespace)  # no NameError, no placeholder

    assert namespace["STORAGES"]["contex_private"]["OPTIONS"]["location"]
    assert "django.middleware.locale.LocaleMiddleware" in namespace["MIDDLEWARE"]
    spectacular = namespace["SPECTACULAR_SETTINGS"]
    assert spectacular["SWAGGER_UI_DIST"] == "SIDECAR" and spectacular["TITLE"]
    # the sandbox is a site built this way: the same apps, bar its own demo app
    assert namespace["INSTALLED_APPS"] == [
        app for app in settings.INSTALLED_APPS if not app.startswith("sandbox.")
    ]
    assert namespace["MIDDLEWARE"] == settings.MIDDLEWARE


def test_the_install_sections_urls_are_the_sandboxs():
    from sandbox import urls as sandbox_urls

    namespace = {}
    exec(install_snippet("# urls.py"), namespace)
    routes = [str(pattern.pattern) for pattern in namespace["urlpatterns"]]
    sandbox_routes = [str(pattern.pattern) for pattern in sandbox_urls.urlpatterns]
    # bar the media files the sandbox serves itself when imported under DEBUG
    assert routes == [route for route in sandbox_routes if not route.startswith("^media/")]
    assert namespace["handler500"] == sandbox_urls.handler500
