"""Mail backends for the outbox tests: one whose server hangs up, one that fails N times."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class DisconnectingBackend(BaseEmailBackend):
    """The mail server hangs up on every message (as a dead SMTP relay does)."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class FlakyBackend(LocmemBackend):
    """Hangs up ``failures`` times (shared by every connection), then delivers to
    ``django.core.mail.outbox``."""

    failures = 0

    def send_messages(self, email_messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(email_messages)
