"""Issue 21, defect 11: production settings (``sandbox.settings_production``): HSTS, HTTPS
only, secure cookies, a Content-Security-Policy, ``check --deploy`` clean of the warnings the
attack found (W004 HSTS, W008 SSL redirect, W009 secret key, W012/W016 insecure cookies)."""

import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
FOUND = ["security.W004", "security.W008", "security.W009", "security.W012", "security.W016"]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "toko.example.co.id,testserver",
}


def check_deploy(settings_module, extra_env=None):
    # none of the test run's DJANGO_* variables (e.g. DJANGO_ALLOW_ASYNC_UNSAFE, set for
    # the browser tests, is itself a deployment error)
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    env.update(extra_env or {})
    result = subprocess.run(
        [sys.executable, "sandbox/manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, result.stdout + result.stderr


def test_check_deploy_finds_the_warnings_in_the_development_settings():
    _code, output = check_deploy("sandbox.settings")
    assert all(warning in output for warning in FOUND), output


def test_check_deploy_is_clean_of_them_with_the_production_settings():
    code, output = check_deploy("sandbox.settings_production", PRODUCTION_ENV)
    assert code == 0, output
    assert "System check identified" in output
    assert [warning for warning in FOUND if warning in output] == []


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    code, output = check_deploy("sandbox.settings_production", env)
    assert code != 0
    assert "DJANGO_SECRET_KEY" in output


@pytest.fixture
def production(monkeypatch):
    """The production module's security settings, applied with ``override_settings``."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    module = importlib.import_module("sandbox.settings_production")
    module = importlib.reload(module)
    names = [
        name
        for name in dir(module)
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "LANGUAGE_COOKIE_"))
    ]
    values = {name: getattr(module, name) for name in names}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=module.ALLOWED_HOSTS, **values):
        yield values


def test_plain_http_is_redirected_to_https(production, client, db):
    response = client.get("/api/csrf/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_https_answers_carry_hsts(production, client, db):
    response = client.get("/api/csrf/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_csrf_cookie_is_secure(production, client, db):
    response = client.get("/api/csrf/", secure=True)
    assert response.cookies["csrftoken"]["secure"] is True


def test_the_session_cookie_is_secure_and_http_only(production, client, db):
    factories.user(email="pemilik@example.com")
    token = client.get("/api/csrf/", secure=True).json()["csrf_token"]
    response = client.post(
        "/api/login/",
        {"username": "pemilik@example.com", "password": "rahasia-123"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
        secure=True,
    )
    assert response.status_code == 200, response.content
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


def test_the_dashboard_has_a_content_security_policy(production, client, staff_user):
    client.force_login(staff_user)
    response = client.get("/dashboard/", secure=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors" in policy


def test_json_answers_have_a_policy_that_runs_nothing(production, client, db):
    response = client.get("/api/csrf/", secure=True)
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
