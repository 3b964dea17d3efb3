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
