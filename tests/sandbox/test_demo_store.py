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


@pytest.mark.django_db
def test_e_mailed_links_use_the_address_the_sandbox_serves_on(
    settings, api_client, django_capture_on_commit_callbacks
):
    import re

    from django.contrib.sites.models import Site
    from django.core import mail

    from sandbox.store.demo import site

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    site.load(io.StringIO())
    settings.WAGTAILADMIN_BASE_URL = "http://192.168.1.20:8080"  # served elsewhere next time
    site.load(io.StringIO())
    assert Site.objects.get_current().domain == "192.168.1.20:8080"

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/accounts/register/",
            {"email": "budi@example.com", "password": "Scanner-Kuat-2026"},
            format="json",
        )
    assert response.status_code == 202
    (link,) = set(re.findall(r"\S+token=\S+", mail.outbox[0].body))
    assert link.startswith("http://192.168.1.20:8080/")
