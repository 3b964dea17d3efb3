"""Rate limits of the account e-mails (register, resend, reset): every attempt counts."""

from contex_oscar.throttles import Throttle, client, posted


class AccountEmailClientThrottle(Throttle):
    scope = "contex_account_email_client"
    rate_setting = "CONTEX_ACCOUNT_EMAIL_RATE_PER_CLIENT"
    key = (client,)


class AccountEmailAddressThrottle(Throttle):
    """Resend and reset e-mails per address: whether or not an account exists."""

    scope = "contex_account_email_address"
    rate_setting = "CONTEX_ACCOUNT_EMAIL_RATE_PER_ADDRESS"
    key = (posted("email"),)
