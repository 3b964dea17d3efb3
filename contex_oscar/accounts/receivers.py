from django.dispatch import receiver
from oscar.apps.customer.signals import user_registered

from contex_oscar.accounts.models import EmailVerification
from contex_oscar.accounts.services import start_verification
from contex_oscar.conf import contex_settings


@receiver(user_registered, dispatch_uid="contex_verify_other_signups")
def verify_other_signups(sender, user, request=None, **kwargs):
    """Accounts made by Oscar's web sign-up (or oscarapi's ``register/``) verify too.

    Our own API registration has already created the verification row.
    """
    if not contex_settings.CONTEX_REQUIRE_EMAIL_VERIFICATION or user.is_staff:
        return
    if EmailVerification.objects.filter(user=user).exists():
        return
    # Oscar's web sign-up logs the user in right after this signal: deactivate on commit.
    start_verification(user, deactivate_now=False)
