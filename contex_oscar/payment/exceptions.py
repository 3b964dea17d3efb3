from oscar.apps.payment.exceptions import PaymentError as OscarPaymentError


class PaymentError(OscarPaymentError):
    """A payment rule refused the request; nothing was changed.

    ``code`` is stable and machine-readable (the API returns it as ``code``);
    ``status_code`` is the HTTP status the API answers with. A subclass of Oscar's own
    ``PaymentError``, so Oscar's dashboard pages show the message instead of failing.
    """

    def __init__(self, code, message, status_code=409):
        self.code = code
        self.message = message
        self.status_code = status_code
        super().__init__(message)

    def __str__(self):
        return str(self.message)
