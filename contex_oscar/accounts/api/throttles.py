"""Rate limits of the account e-mails (register, resend, reset: every attempt counts) and
of logins (failed ones count, per client and per account), on the API and Oscar's form."""

from django.contrib import messages
from django.utils.translation import gettext as _
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request

from contex_oscar.accounts import services
from contex_oscar.throttles import SettleThrottles, Throttle, client, normalize, posted, settle


class AccountEmailClientThrottle(Throttle):
    scope = "contex_account_email_client"
    rate_setting = "CONTEX_ACCOUNT_EMAIL_RATE_PER_CLIENT"
    key = (client,)


class AccountEmailAddressThrottle(Throttle):
    """Resend and reset e-mails per address: whether or not an account exists."""

    scope = "contex_account_email_address"
    rate_setting = "CONTEX_ACCOUNT_EMAIL_RATE_PER_ADDRESS"
    key = (posted("email"),)


# --- logins --------------------------------------------------------------------------

#: The address tried: the API's ``username``, Oscar's form's ``login-username``.
LOGIN_NAME_FIELDS = ("username", "login-username")


def login_name(request, view):
    for field in LOGIN_NAME_FIELDS:
        value = posted(field)(request, view)
        if value is not None:
            return normalize(services.normalise_email(value))
    return None


class LoginThrottle(Throttle):
    failures_only = True  # a shopper who logs in is never held up by their own logins
    methods = ("POST",)


class LoginClientThrottle(LoginThrottle):
    scope = "contex_login_client"
    rate_setting = "CONTEX_LOGIN_RATE_PER_CLIENT"
    key = (client,)


class LoginAccountThrottle(LoginThrottle):
    """Failed logins on one address from every client together."""

    scope = "contex_login_account"
    rate_setting = "CONTEX_LOGIN_RATE_PER_ACCOUNT"
    key = (login_name,)


LOGIN_THROTTLES = (LoginClientThrottle, LoginAccountThrottle)


class ThrottledLoginForm(SettleThrottles):
    """Oscar's ``AccountAuthView`` with the API's login limits (``contex_oscar.loading``):
    the form answers 429 with a message once a limit is reached, and a failed attempt
    does the same password work whether or not the address has an account."""

    def validate_login_form(self):
        request = Request(self.request, parsers=[FormParser(), MultiPartParser()])
        for throttle_class in LOGIN_THROTTLES:
            if not throttle_class().allow_request(request, self):
                settle(request, succeeded=True)  # a refused attempt is not a failure
                messages.error(self.request, _("Too many failed logins: try again later."))
                context = self.get_context_data()
                return self.render_to_response(context, status=429)
        response = super().validate_login_form()
        succeeded = self.request.user.is_authenticated
        if not succeeded:
            services.failed_login_work(
                request.data.get("login-username"), request.data.get("login-password")
            )
        settle(request, succeeded)
        return response
