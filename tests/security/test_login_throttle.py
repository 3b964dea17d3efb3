"""Issue 21, defect 4: failed logins are throttled per client and per account, on
``/api/login/`` and on Oscar's login form; an unknown address costs what a known one does.
"""

import pytest
import time_machine
from django.contrib.auth.hashers import get_hasher

from tests import factories

NOW = "2026-03-02 03:00:00+00:00"
PASSWORD = "rahasia-123"


@pytest.fixture
def owner(db):
    return factories.user(email="pemilik@example.com")


def api_login(client, password, email="pemilik@example.com", address="10.0.0.1"):
    body = {"username": email, "password": password}
    return client.post("/api/login/", body, format="json", REMOTE_ADDR=address)


def form_login(client, password, email="pemilik@example.com", address="10.0.0.1"):
    body = {"login-username": email, "login-password": password, "login_submit": "1"}
    return client.post("/accounts/login/", body, REMOTE_ADDR=address)


@time_machine.travel(NOW, tick=False)
def test_wrong_passwords_on_the_api_end_in_429_even_for_the_right_one(api_client, owner, settings):
    settings.CONTEX_LOGIN_RATE_PER_ACCOUNT = "5/15m"
    codes = [api_login(api_client, f"salah-{i}").status_code for i in range(5)]
    assert codes == [401] * 5
    refused = api_login(api_client, PASSWORD)
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"


@time_machine.travel(NOW, tick=False)
def test_the_account_limit_holds_across_clients(api_client, owner, settings):
    settings.CONTEX_LOGIN_RATE_PER_ACCOUNT = "3/15m"
    codes = [api_login(api_client, "salah", address=f"10.9.{i}.1").status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]


@time_machine.travel(NOW, tick=False)
def test_the_client_limit_holds_across_accounts(api_client, db, settings):
    settings.CONTEX_LOGIN_RATE_PER_CLIENT = "3/15m"
    codes = [
        api_login(api_client, "salah", email=f"orang{i}@example.com").status_code for i in range(4)
    ]
    assert codes == [401, 401, 401, 429]


def test_the_owner_is_locked_out_for_the_short_window_only(api_client, owner, settings):
    settings.CONTEX_LOGIN_RATE_PER_ACCOUNT = "3/15m"
    with time_machine.travel(NOW, tick=False) as traveller:
        for _ in range(3):
            api_login(api_client, "salah", address="6.6.6.6")
        assert api_login(api_client, PASSWORD).status_code == 429
        traveller.shift(15 * 60)
        assert api_login(api_client, PASSWORD).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_successful_logins_are_not_counted(owner, settings):
    from rest_framework.test import APIClient

    settings.CONTEX_LOGIN_RATE_PER_ACCOUNT = "2/15m"
    for _ in range(4):
        client = APIClient()
        assert api_login(client, PASSWORD).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_oscars_login_form_is_throttled_too(client, owner, settings):
    settings.CONTEX_LOGIN_RATE_PER_ACCOUNT = "3/15m"
    codes = [form_login(client, "salah").status_code for _ in range(3)]
    assert codes == [200] * 3  # the form again, with its error
    refused = form_login(client, PASSWORD)
    assert refused.status_code == 429
    assert not refused.wsgi_request.user.is_authenticated


@time_machine.travel(NOW, tick=False)
def test_oscars_login_form_still_logs_the_owner_in(client, owner):
    response = form_login(client, PASSWORD)
    assert response.status_code == 302
    assert response.wsgi_request.user == owner


# --- the same work for an unknown address --------------------------------------------


def hashes_during(monkeypatch, action):
    """How often the password hasher runs during ``action()``."""
    hasher = type(get_hasher())
    calls = []
    original = hasher.encode

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting)
    action()
    monkeypatch.setattr(hasher, "encode", original)
    return len(calls)


@pytest.mark.parametrize("login", [api_login, form_login], ids=["api", "oscar form"])
def test_an_unknown_address_costs_the_hashes_of_a_known_one(
    api_client, client, owner, monkeypatch, login
):
    http = api_client if login is api_login else client
    known = hashes_during(monkeypatch, lambda: login(http, "salah-sekali"))
    unknown = hashes_during(
        monkeypatch, lambda: login(http, "salah-sekali", email="tidak-ada@example.com")
    )
    assert known >= 1
    assert unknown == known
