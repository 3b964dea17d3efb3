"""``load_demo_store`` builds the sandbox store and may be run again safely."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command


def _counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.label.startswith(("sessions.", "admin.", "contenttypes."))
    }


def _load():
    out = io.StringIO()
    call_command("load_demo_store", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_store_twice_gives_the_same_store():
    _load()
    first = _counts()
    _load()
    assert _counts() == first


@pytest.mark.django_db
def test_demo_store_has_scanners_and_prints_the_staff_login(monkeypatch):
    monkeypatch.setenv("CONTEX_DEMO_PASSWORD", "rahasia-demo")
    output = _load()
    assert "rahasia-demo" in output
    product_model = apps.get_model("catalogue", "Product")
    assert product_model.objects.filter(upc__startswith="CTX-").count() >= 9
    user = apps.get_model("auth", "User").objects.get(is_staff=True, username="staf")
    assert user.check_password("rahasia-demo")


def test_banner_names_the_address_and_every_login(monkeypatch):
    from sandbox.store.demo.banner import banner
    from sandbox.store.demo.pages import EDITOR_EMAIL
    from sandbox.store.demo.staff import STAFF_EMAIL

    monkeypatch.setenv("CONTEX_DEMO_PASSWORD", "rahasia-demo")
    text = banner("http://0.0.0.0:8080")
    assert "http://0.0.0.0:8080/dashboard/" in text
    assert "http://0.0.0.0:8080/cms/" in text
    staff_line = next(line for line in text.splitlines() if STAFF_EMAIL in line)
    editor_line = next(line for line in text.splitlines() if EDITOR_EMAIL in line)
    assert "rahasia-demo" in staff_line and "rahasia-demo" in editor_line


@pytest.mark.django_db
def test_demo_store_ends_with_the_banner(settings):
    from sandbox.store.demo.banner import banner

    settings.WAGTAILADMIN_BASE_URL = "http://0.0.0.0:8080"
    assert _load().rstrip().endswith(banner("http://0.0.0.0:8080").rstrip())
