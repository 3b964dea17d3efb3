"""Registration with e-mail verification over the API, login, password reset, no enumeration."""

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.cache import cache
from django.test import override_settings

from contex_oscar.accounts.models import EmailVerification
from contex_oscar.accounts.services import VERIFY_SALT, make_verification_token
from tests import factories

User = get_user_model()
PASSWORD = "Scanner-Kuat-2026"


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def post(client, path, data, **extra):
    return client.post(f"/api/{path}", data, format="json", **extra)


def register(client, email="budi@example.com", password=PASSWORD, **extra):
    return post(client, "accounts/register/", {"email": email, "password": password, **extra})


def login(client, email="budi@example.com", password=PASSWORD):
    return post(client, "login/", {"username": email, "password": password})


def token_from(message):
    return re.search(r"token=([^\s&]+)", message.body).group(1)


def verify(client, token):
    from urllib.parse import unquote

    return post(client, "accounts/verify-email/", {"token": unquote(token)})


# --- the flow -----------------------------------------------------------------------


def test_register_verify_then_log_in(api_client, db, commit):
    with commit():
        response = register(api_client, first_name="Budi")
    assert response.status_code == 202
    assert response.json()["code"] == "verification_sent"
    user = User.objects.get(email="budi@example.com")
    assert not user.is_active and user.first_name == "Budi"
    assert EmailVerification.objects.get(user=user).is_pending
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["budi@example.com"]
    assert "verifikasi" in message.subject.lower()

    refused = login(api_client)
    assert refused.status_code == 403
    assert refused.json()["code"] == "email_not_verified"

    verified = verify(api_client, token_from(message))
    assert verified.status_code == 200
    assert verified.json()["code"] == "email_verified"
    user.refresh_from_db()
    assert user.is_active
    assert login(api_client).status_code == 200
    assert api_client.get("/api/orders/").status_code == 200


def test_wrong_password_of_a_pending_account_says_nothing_about_verification(api_client, db):
    register(api_client)
    response = login(api_client, password="salah-sekali-123")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    unknown = login(api_client, email="tidak-ada@example.com", password="salah-sekali-123")
    assert unknown.content == response.content


def test_verifying_twice_is_harmless(api_client, db, commit):
    with commit():
        register(api_client)
    token = token_from(mail.outbox[0])
    assert verify(api_client, token).status_code == 200
    assert verify(api_client, token).status_code == 200
    assert User.objects.get(email="budi@example.com").is_active


def test_guest_basket_survives_login(api_client, product, commit):
    with commit():
        register(api_client)
    verify(api_client, token_from(mail.outbox[0]))
    api_client.get("/api/basket/")
    added = api_client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": 2},
        format="json",
    )
    assert added.status_code == 200
    assert login(api_client).status_code == 200
    basket = api_client.get("/api/basket/").json()
    assert basket["owner"] is not None
    lines = api_client.get(basket["lines"]).json()
    assert [(line["product"].rstrip("/").split("/")[-1], line["quantity"]) for line in lines] == [
        (str(product.pk), 2)
    ]


def test_checkout_as_an_unverified_shopper_is_refused(api_client, db):
    user = factories.user(email="belum@example.com")
    EmailVerification.objects.create(user=user, email="belum@example.com")
    api_client.force_authenticate(user)  # e.g. a backend that lets inactive users in
    response = post(api_client, "checkout/", {"basket": "http://testserver/api/baskets/1/"})
    assert response.status_code == 403
    assert response.json()["code"] == "email_not_verified"


# --- tokens -------------------------------------------------------------------------


@override_settings(CONTEX_VERIFICATION_MAX_AGE=3600)
def test_token_expires_after_max_age(api_client, db, commit):
    with time_machine.travel("2026-03-02 03:00:00+00:00", tick=False):
        with commit():
            register(api_client)
        token = token_from(mail.outbox[0])
    with time_machine.travel("2026-03-02 04:00:01+00:00", tick=False):
        expired = verify(api_client, token)
    assert expired.status_code == 400
    assert expired.json()["code"] == "token_expired"
    assert not User.objects.get(email="budi@example.com").is_active
    with time_machine.travel("2026-03-02 04:00:00+00:00", tick=False):  # exactly the max age
        assert verify(api_client, token).status_code == 200


def _tampered(token):
    return token[:-2] + ("AA" if not token.endswith("AA") else "BB")


def _unsalted(token):
    return signing.dumps(signing.loads(token, salt=VERIFY_SALT))


def _other_user(token):
    payload = signing.loads(token, salt=VERIFY_SALT)
    return signing.dumps({**payload, "u": payload["u"] + 1}, salt="another-salt")


@pytest.mark.parametrize("forge", [_tampered, _unsalted, _other_user, lambda token: "x.y.z"])
def test_forged_tokens_are_refused(api_client, db, commit, forge):
    from urllib.parse import unquote

    with commit():
        register(api_client)
    token = unquote(token_from(mail.outbox[0]))
    response = verify(api_client, forge(token))
    assert response.status_code == 400
    assert response.json()["code"] == "token_invalid"
    assert not User.objects.get(email="budi@example.com").is_active


def test_token_dies_when_the_address_changes(api_client, db):
    register(api_client)
    verification = EmailVerification.objects.get()
    token = make_verification_token(verification)
    User.objects.filter(pk=verification.user_id).update(email="lain@example.com")
    assert verify(api_client, token).json()["code"] == "token_invalid"


def test_a_token_never_revives_an_account_staff_deactivated(api_client, db):
    register(api_client)
    verification = EmailVerification.objects.get()
    token = make_verification_token(verification)
    assert verify(api_client, token).status_code == 200
    User.objects.filter(pk=verification.user_id).update(is_active=False)  # staff blocked it
    verify(api_client, token)
    assert not User.objects.get(pk=verification.user_id).is_active


# --- no account enumeration -----------------------------------------------------------


def test_register_answers_the_same_for_a_taken_address(api_client, db, commit):
    factories.user(email="ada@example.com")
    with commit():
        new = register(api_client, email="baru@example.com")
        taken = register(api_client, email="ADA@example.com")
    assert (new.status_code, new.content) == (taken.status_code, taken.content)
    assert User.objects.filter(email__iexact="ada@example.com").count() == 1
    owner_mail = [m for m in mail.outbox if m.to == ["ada@example.com"]]
    assert len(owner_mail) == 1 and "sudah memiliki akun" in owner_mail[0].subject


def test_registering_a_pending_address_again_resends_the_link(api_client, db, commit):
    with commit():
        register(api_client)
        again = register(api_client)
    assert again.status_code == 202
    assert User.objects.filter(email="budi@example.com").count() == 1
    assert len(mail.outbox) == 2 and all("verifikasi" in m.subject.lower() for m in mail.outbox)


def test_weak_password_is_refused_the_same_way_for_any_address(api_client, db):
    factories.user(email="ada@example.com")
    taken = register(api_client, email="ada@example.com", password="123")
    new = register(api_client, email="baru@example.com", password="123")
    assert taken.status_code == new.status_code == 400
    assert taken.json()["code"] == new.json()["code"] == "password_invalid"
    assert not User.objects.filter(email="baru@example.com").exists()


def test_resend_answers_the_same_for_every_address(api_client, db, commit):
    factories.user(email="aktif@example.com")
    with commit():
        register(api_client, email="tunggu@example.com")
    mail.outbox.clear()
    bodies = set()
    with commit():
        for email in ("tunggu@example.com", "aktif@example.com", "tidak-ada@example.com"):
            response = post(api_client, "accounts/resend-verification/", {"email": email})
            assert response.status_code == 202
            bodies.add(response.content)
    assert len(bodies) == 1
    assert [m.to for m in mail.outbox] == [["tunggu@example.com"]]


@time_machine.travel("2026-03-02 03:00:00+00:00", tick=False)
@override_settings(CONTEX_ACCOUNT_EMAIL_RATE_PER_ADDRESS="2/hour")
def test_resend_is_rate_limited_per_address_known_or_not(api_client, db):
    register(api_client, email="tunggu@example.com")  # 1st request for this address
    for email in ("tunggu@example.com", "tidak-ada@example.com", "tidak-ada@example.com"):
        post(api_client, "accounts/resend-verification/", {"email": email})
    known = post(api_client, "accounts/resend-verification/", {"email": "tunggu@example.com"})
    unknown = post(api_client, "accounts/resend-verification/", {"email": "tidak-ada@example.com"})
    assert known.status_code == unknown.status_code == 429
    assert known.json()["code"] == "throttled"
    other = post(api_client, "accounts/resend-verification/", {"email": "lain@example.com"})
    assert other.status_code == 202


@time_machine.travel("2026-03-02 03:00:00+00:00", tick=False)
@override_settings(CONTEX_ACCOUNT_EMAIL_RATE_PER_CLIENT="3/hour")
def test_account_mails_are_rate_limited_per_client(api_client, db):
    for index in range(3):
        post(api_client, "accounts/password-reset/", {"email": f"x{index}@example.com"})
    response = post(api_client, "accounts/resend-verification/", {"email": "y@example.com"})
    assert response.status_code == 429


# --- password reset ---------------------------------------------------------------------


def reset_link(message):
    uid = re.search(r"uid=([^\s&]+)", message.body).group(1)
    return uid, token_from(message)


def test_password_reset_flow(api_client, db, commit):
    user = factories.user(email="lupa@example.com")
    with commit():
        known = post(api_client, "accounts/password-reset/", {"email": "LUPA@example.com"})
        unknown = post(api_client, "accounts/password-reset/", {"email": "siapa@example.com"})
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
    assert [m.to for m in mail.outbox] == [["lupa@example.com"]]
    uid, token = reset_link(mail.outbox[0])
    weak = post(
        api_client,
        "accounts/password-reset/confirm/",
        {"uid": uid, "token": token, "password": "1"},
    )
    assert weak.json()["code"] == "password_invalid"
    done = post(
        api_client,
        "accounts/password-reset/confirm/",
        {"uid": uid, "token": token, "password": "Sandi-Baru-2026"},
    )
    assert done.status_code == 200 and done.json()["code"] == "password_changed"
    user.refresh_from_db()
    assert user.check_password("Sandi-Baru-2026")
    reused = post(
        api_client,
        "accounts/password-reset/confirm/",
        {"uid": uid, "token": token, "password": "Sandi-Lain-2026"},
    )
    assert reused.status_code == 400 and reused.json()["code"] == "token_invalid"


def test_reset_link_verifies_a_pending_address(api_client, db, commit):
    register(api_client)
    with commit():
        post(api_client, "accounts/password-reset/", {"email": "budi@example.com"})
    uid, token = reset_link(mail.outbox[-1])
    post(
        api_client,
        "accounts/password-reset/confirm/",
        {"uid": uid, "token": token, "password": "Sandi-Baru-2026"},
    )
    assert login(api_client, password="Sandi-Baru-2026").status_code == 200
    assert not EmailVerification.objects.get().is_pending


def test_no_reset_for_an_account_staff_deactivated(api_client, db, commit):
    factories.user(email="blokir@example.com", is_active=False)
    with commit():
        response = post(api_client, "accounts/password-reset/", {"email": "blokir@example.com"})
    assert response.status_code == 202
    assert mail.outbox == []


# --- other sign-ups and the schema --------------------------------------------------------


def test_oscars_web_sign_up_must_verify_too(client, db, commit):
    with commit():
        response = client.post(
            "/accounts/login/",
            {
                "registration-email": "web@example.com",
                "registration-password1": PASSWORD,
                "registration-password2": PASSWORD,
                "registration_submit": "1",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="web@example.com")
    assert not user.is_active
    assert EmailVerification.objects.get(user=user).is_pending
    assert any("verifikasi" in m.subject.lower() for m in mail.outbox)


def test_endpoints_are_in_the_openapi_schema():
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    from contex_oscar.api.oscarapi_overrides.views.login import LoginView

    patterns = [
        path(
            "api/",
            include(
                [
                    path("accounts/", include("contex_oscar.accounts.api.urls")),
                    path("orders/", include("contex_oscar.order.api.urls")),
                    path("login/", LoginView.as_view()),
                ]
            ),
        )
    ]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    validate_schema(schema)
    assert {
        "/api/accounts/register/",
        "/api/accounts/verify-email/",
        "/api/accounts/resend-verification/",
        "/api/accounts/password-reset/",
        "/api/accounts/password-reset/confirm/",
        "/api/orders/track/",
        "/api/orders/out-of-stock-choice/",
        "/api/login/",
    } <= set(schema["paths"])
    track = schema["paths"]["/api/orders/track/"]["post"]
    assert {"200", "404", "429"} <= set(track["responses"])
