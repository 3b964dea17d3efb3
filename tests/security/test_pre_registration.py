"""Issue 21, defect 1: pre-registering someone's e-mail address never takes their account.

The attack: an attacker registers V with their own password (202); the owner of V
registers V with theirs (202); the owner follows the link in their mailbox (200);
the attacker's password must not open the account, the owner's must.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from contex_oscar.accounts.models import EmailVerification
from tests.accounts.test_accounts import login, post, register, token_from

User = get_user_model()
VICTIM = "korban@example.com"
ATTACKERS = "Penyerang-Licik-2026"
OWNERS = "Pemilik-Asli-2026"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def verify(client, token, **extra):
    from urllib.parse import unquote

    return post(client, "accounts/verify-email/", {"token": unquote(token), **extra})


def pre_registered(api_client, commit):
    """The attacker, then the owner, register the owner's address: the owner's mailbox."""
    with commit():
        assert register(api_client, email=VICTIM, password=ATTACKERS).status_code == 202
        assert register(api_client, email=VICTIM, password=OWNERS).status_code == 202
    return [m for m in mail.outbox if m.to == [VICTIM]]


def test_the_owner_who_verifies_chooses_the_password(api_client, db, commit):
    inbox = pre_registered(api_client, commit)
    verified = verify(api_client, token_from(inbox[-1]), password=OWNERS)
    assert verified.status_code == 200, verified.json()
    assert login(api_client, email=VICTIM, password=ATTACKERS).status_code == 401
    assert login(api_client, email=VICTIM, password=OWNERS).status_code == 200


@pytest.mark.parametrize("link", [0, -1], ids=["attacker's e-mail", "owner's e-mail"])
def test_a_contested_address_is_not_verified_by_the_link_alone(api_client, db, commit, link):
    """Two sign-ups used the address: either link asks for the password, none takes one."""
    inbox = pre_registered(api_client, commit)
    response = verify(api_client, token_from(inbox[link]))
    assert response.status_code == 400
    assert response.json()["code"] == "password_required"
    assert not User.objects.get(email=VICTIM).is_active
    assert login(api_client, email=VICTIM, password=ATTACKERS).status_code == 401


def test_a_pending_registration_stores_no_usable_password(api_client, db, commit):
    with commit():
        register(api_client, email=VICTIM, password=ATTACKERS)
    user = User.objects.get(email=VICTIM)
    assert not user.has_usable_password()
    assert not user.check_password(ATTACKERS)
    assert EmailVerification.objects.get(user=user).is_pending


def test_an_uncontested_registration_verifies_with_the_link(api_client, db, commit):
    with commit():
        register(api_client, email=VICTIM, password=OWNERS)
    assert verify(api_client, token_from(mail.outbox[-1])).status_code == 200
    assert login(api_client, email=VICTIM, password=OWNERS).status_code == 200


def test_a_weak_password_at_verification_is_refused(api_client, db, commit):
    inbox = pre_registered(api_client, commit)
    response = verify(api_client, token_from(inbox[-1]), password="123")
    assert response.status_code == 400
    assert "password" in response.json()["errors"]
    assert not User.objects.get(email=VICTIM).is_active
