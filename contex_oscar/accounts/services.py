"""Shopper accounts: register -> e-mail with a signed token -> verify -> active.

A registration stores no usable password: its hash waits on the verification row
and becomes the account's when the link is followed; a second registration of a
pending address drops it, and the link then asks for the password (``verify_email``).
Whoever registers an address first therefore never holds it: only the mailbox's
owner finishes the sign-up and chooses the password.

Tokens are Django ``signing`` values (salted, timestamped) that expire after
``CONTEX_VERIFICATION_MAX_AGE`` seconds; password resets use Django's own token
generator (invalid once the password changed). No function here tells a caller
whether an address has an account: register, resend and reset answer the same
way for every address and say the rest by e-mail to the address itself.
"""

from urllib.parse import quote

from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.models import Site
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.forms import generate_username
from oscar.apps.customer.signals import user_registered

from contex_oscar.accounts.models import EmailVerification
from contex_oscar.conf import contex_settings
from contex_oscar.emails import send_store_email
from contex_oscar.errors import StoreError
from contex_oscar.store_values import store_email_context

User = get_user_model()

VERIFY_SALT = "contex_oscar.accounts.verify-email"
VERIFY_EVENT = "ACCOUNT_VERIFY_EMAIL"
ALREADY_REGISTERED_EVENT = "ACCOUNT_ALREADY_REGISTERED"
PASSWORD_RESET_EVENT = "ACCOUNT_PASSWORD_RESET"


class AccountError(StoreError):
    """A refused account action."""


def EmailNotVerified():  # noqa: N802  (reads like the error it builds)
    return AccountError(
        "email_not_verified",
        _("Verify your e-mail address first: follow the link we sent you."),
        status=403,
    )


def normalise_email(email):
    return (email or "").strip().lower()


# --- verification state ---------------------------------------------------------


def is_pending(user):
    """True while ``user`` registered here and has not verified the address yet."""
    if user is None or not getattr(user, "pk", None):
        return False
    return EmailVerification.objects.filter(user=user, verified_at__isnull=True).exists()


def ensure_may_check_out(user):
    """Checkout as a signed-in shopper needs a verified address (raise otherwise)."""
    if user is not None and user.is_authenticated and is_pending(user):
        raise EmailNotVerified()


def make_verification_token(verification):
    return signing.dumps({"u": verification.user_id, "e": verification.email}, salt=VERIFY_SALT)


def _site_domain():
    return Site.objects.get_current().domain


def verification_url(token):
    return contex_settings.CONTEX_ACCOUNT_VERIFY_URL.format(
        domain=_site_domain(), token=quote(token)
    )


def password_reset_url(uid, token):
    return contex_settings.CONTEX_ACCOUNT_PASSWORD_RESET_URL.format(
        domain=_site_domain(), uid=quote(uid), token=quote(token)
    )


def _store():
    return store_email_context()["store"]


def send_verification(verification):
    token = make_verification_token(verification)
    EmailVerification.objects.filter(pk=verification.pk).update(
        last_sent_at=timezone.now(), sent_count=verification.sent_count + 1
    )
    return send_store_email(
        VERIFY_EVENT,
        verification.email,
        {
            "user": verification.user,
            "token": token,
            "verify_url": verification_url(token),
            "valid_hours": contex_settings.CONTEX_VERIFICATION_MAX_AGE // 3600,
            "store": _store(),
        },
    )


def start_verification(user, deactivate_now=True):
    """Make ``user`` wait for e-mail verification and send the link.

    ``deactivate_now=False`` deactivates when the transaction commits (Oscar's
    web sign-up logs the new user in within the same request).
    """
    # the password the sign-up chose waits for the link; the account has none until then
    verification = EmailVerification.objects.create(
        user=user, email=normalise_email(user.email), password=user.password
    )
    unusable = make_password(None)
    if deactivate_now:
        User.objects.filter(pk=user.pk).update(is_active=False, password=unusable)
        user.is_active, user.password = False, unusable
    else:
        transaction.on_commit(
            lambda: User.objects.filter(pk=user.pk).update(is_active=False, password=unusable)
        )
    send_verification(verification)
    return verification


# --- registration ---------------------------------------------------------------


# Used when the site configures no AUTH_PASSWORD_VALIDATORS: shoppers' accounts
# hold addresses and orders, an empty policy is not an option.
DEFAULT_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


def validate_new_password(password, email="", user=None):
    """The site's password validators (or the defaults above); raises ``ValidationError``."""
    candidate = user or User(email=email, username=email.split("@")[0])
    validators = password_validation.get_default_password_validators() or (
        password_validation.get_password_validators(DEFAULT_PASSWORD_VALIDATORS)
    )
    password_validation.validate_password(password, user=candidate, password_validators=validators)


def register_shopper(email, password, first_name="", last_name="", request=None):
    """Register a shopper, or tell the address's owner by e-mail that it is taken.

    Returns the new user or None; the API answers the same in both cases.
    """
    email = normalise_email(email)
    validate_new_password(password, email)
    existing = User.objects.filter(email__iexact=email).order_by("pk").first()
    if existing is not None:
        make_password(password)  # same work as a real sign-up: no timing tell
        _notify_existing(existing)
        return None
    try:
        with transaction.atomic():
            user = User(
                username=generate_username(),
                email=email,
                first_name=first_name[:150],
                last_name=last_name[:150],
                is_active=False,
            )
            user.set_unusable_password()  # until the link is followed (see the module)
            user.save()
            verification = EmailVerification.objects.create(
                user=user, email=email, password=make_password(password)
            )
            send_verification(verification)  # into the outbox, with the account
    except IntegrityError:
        # the same address registered a moment ago in another request
        existing = User.objects.filter(email__iexact=email).order_by("pk").first()
        if existing is not None:
            _notify_existing(existing)
        return None
    user_registered.send_robust(sender=register_shopper, request=request, user=user)
    return user


def _notify_existing(user):
    verification = EmailVerification.objects.filter(user=user).first()
    if verification is not None and verification.is_pending:
        _contest(verification)
        send_verification(verification)
        return
    send_store_email(
        ALREADY_REGISTERED_EVENT,
        user.email,
        {"user": user, "store": _store()},
    )


def _contest(verification):
    """A pending address registered again: no registration's password is kept."""
    unusable = make_password(None)
    with transaction.atomic():
        EmailVerification.objects.filter(pk=verification.pk).update(password="", contested=True)
        User.objects.filter(pk=verification.user_id).update(password=unusable)
    verification.password, verification.contested = "", True


# --- verification ---------------------------------------------------------------


def PasswordRequired():  # noqa: N802  (reads like the error it builds)
    return AccountError(
        "password_required",
        _(
            "This address was registered more than once: choose your password to "
            "finish verifying it."
        ),
        errors={"password": [str(_("Choose a password."))]},
    )


def verify_email(token, password=None):
    """Activate the account the token was issued for; returns the user.

    The account's password is ``password`` when given (validated), else the one of the
    registration; a contested address (registered twice) needs ``password``.
    Raises ``AccountError`` with code ``token_expired``, ``token_invalid`` or
    ``password_required``, Django's ``ValidationError`` for a weak password.
    A second use of a valid token is harmless (the account stays as it is, whatever
    password comes with it).
    """
    try:
        payload = signing.loads(
            token or "", salt=VERIFY_SALT, max_age=contex_settings.CONTEX_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise AccountError(
            "token_expired",
            _("This verification link has expired. Ask for a new one."),
        )
    except signing.BadSignature:
        raise AccountError("token_invalid", _("This verification link is not valid."))
    if not isinstance(payload, dict):
        raise AccountError("token_invalid", _("This verification link is not valid."))
    with transaction.atomic():
        verification = (
            EmailVerification.objects.select_for_update()
            .select_related("user")
            .filter(user_id=payload.get("u"), email=payload.get("e"))
            .first()
        )
        if verification is None or normalise_email(verification.user.email) != payload.get("e"):
            raise AccountError("token_invalid", _("This verification link is not valid."))
        user = verification.user
        if verification.is_pending:
            if password:
                validate_new_password(password, user=user)
                user.set_password(password)
            elif verification.password:
                user.password = verification.password
            elif verification.contested or not user.has_usable_password():
                raise PasswordRequired()
            verification.verified_at = timezone.now()
            verification.password = ""
            verification.save(update_fields=["verified_at", "password"])
            user.is_active = True
            user.save(update_fields=["is_active", "password"])
    return user


def resend_verification(email):
    """Send a new link if ``email`` belongs to an account waiting for verification."""
    verification = (
        EmailVerification.objects.select_related("user")
        .filter(email=normalise_email(email), verified_at__isnull=True)
        .first()
    )
    if verification is not None:
        send_verification(verification)
    return verification is not None


# --- login ----------------------------------------------------------------------


def authenticate_shopper(request, username, password):
    """The user for these credentials, or ``AccountError``.

    ``email_not_verified`` is only said to whoever knows the password, so it
    reveals nothing about which addresses have accounts.
    """
    user = authenticate(request, username=username, password=password)
    if user is not None:
        return user
    if failed_login_work(username, password):
        raise EmailNotVerified()
    raise AccountError(
        "invalid_credentials", _("The e-mail address or password is wrong."), status=401
    )


def failed_login_work(username, password):
    """After the backends refused ``username``: True if it is an account waiting for
    verification and ``password`` is its registration's.

    Every refused address costs the same password work: the backends hash once for an
    unknown address (Django's ModelBackend) and once more for each account of a known one
    (Oscar's EmailBackend), so an address without a usable password hash is hashed once
    more here (a dummy, or the waiting registration's): no timing tells which addresses
    have accounts.
    """
    email = normalise_email(username)
    if not email or not isinstance(password, str):
        return False
    for verification in EmailVerification.objects.select_related("user").filter(
        email=email, verified_at__isnull=True
    ):
        waiting = verification.password or verification.user.password  # (older rows: the user's)
        if is_password_usable(waiting) and waiting:
            return check_password(password, waiting)
    if not any(
        is_password_usable(user.password) and user.password
        for user in User.objects.filter(email__iexact=email).only("password")
    ):
        make_password(password)  # the work of a known address
    return False


# --- password reset -------------------------------------------------------------


def _reset_candidates(email):
    """Accounts a reset link may go to: active ones and ones waiting for verification."""
    users = User.objects.filter(email__iexact=normalise_email(email)).select_related(
        "contex_email_verification"
    )
    for user in users:
        verification = getattr(user, "contex_email_verification", None)
        pending = verification is not None and verification.is_pending
        if user.is_active or pending:
            yield user


def request_password_reset(email):
    """E-mail a reset link to every account of ``email`` that may reset; returns the count."""
    sent = 0
    for user in _reset_candidates(email):
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        send_store_email(
            PASSWORD_RESET_EVENT,
            user.email,
            {
                "user": user,
                "uid": uid,
                "token": token,
                "reset_url": password_reset_url(uid, token),
                "store": _store(),
            },
        )
        sent += 1
    return sent


def _invalid_reset():
    return AccountError(
        "token_invalid", _("This password reset link is not valid or has been used.")
    )


def reset_password(uid, token, new_password):
    """Set a new password with a reset token; a pending account becomes verified.

    Following the link proves the shopper reads that mailbox, which is all
    verification asks.
    """
    try:
        pk = force_str(urlsafe_base64_decode(uid or ""))
        user = User.objects.select_related("contex_email_verification").get(pk=pk)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        raise _invalid_reset()
    if not default_token_generator.check_token(user, token or ""):
        raise _invalid_reset()
    verification = getattr(user, "contex_email_verification", None)
    pending = verification is not None and verification.is_pending
    if not user.is_active and not pending:
        raise _invalid_reset()  # deactivated by staff: a reset must not revive it
    validate_new_password(new_password, user=user)
    with transaction.atomic():
        user.set_password(new_password)
        if pending:
            user.is_active = True
            verification.verified_at = timezone.now()
            verification.password = ""
            verification.save(update_fields=["verified_at", "password"])
        user.save()
    return user
