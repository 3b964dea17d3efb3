from oscar.apps.payment.exceptions import PaymentError as OscarPaymentError

from contex_oscar.errors import StoreError


class PaymentError(StoreError, OscarPaymentError):
    """A payment rule refused the request; nothing was changed.

    A ``StoreError`` (code, message, status; 409 unless said otherwise) and a subclass of
    Oscar's own
    ``PaymentError``, so Oscar's dashboard pages show the message instead of failing.
    """

    status = 409
