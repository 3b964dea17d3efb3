from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BankAccountQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class BankAccount(models.Model):
    """An account of the store that shoppers transfer to (shown at checkout and on help pages)."""

    bank_name = models.CharField(_("bank"), max_length=80)
    branch = models.CharField(_("branch"), max_length=120, blank=True)
    account_number = models.CharField(_("account number"), max_length=40)
    account_holder = models.CharField(_("account holder"), max_length=120)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = BankAccountQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "id"]
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["bank_name", "account_number"], name="contex_unique_bank_account"
            )
        ]

    def __str__(self):
        return f"{self.bank_name} {self.account_number} a.n. {self.account_holder}"


def proof_storage():
    """The private storage of payment proofs (a ``STORAGES`` alias; never public media)."""
    from contex_oscar.payment.storage import proof_storage as storage

    return storage()


def proof_upload_to(instance, filename):
    """A random name under the year/month: nothing guessable, nothing from the shopper."""
    from contex_oscar.payment.storage import random_proof_name

    return random_proof_name(instance.proof_content_type)


class OrderPayment(models.Model):
    """How an order is paid: one row per order, created when the order is placed.

    ``state`` is the payment's own lifecycle (explicit, see ``methods.STATE_TRANSITIONS``);
    the order's status stays in Oscar's ``Order.status``. The amount due is the order's
    current total plus the unique code, so a quote or a price correction updates it.
    """

    AWAITING = "awaiting"
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUND_OWED = "refund-owed"
    REFUNDED = "refunded"
    STATES = [
        (AWAITING, _("Awaiting payment")),
        (PAID, _("Paid")),
        (EXPIRED, _("Expired (not paid in time)")),
        (CANCELLED, _("Cancelled")),
        (REFUND_OWED, _("Refund owed")),
        (REFUNDED, _("Refunded")),
    ]

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="contex_payment"
    )
    method = models.CharField(_("payment method"), max_length=40, db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=STATES, default=AWAITING)
    # Drawn once at placement; kept for the record after the order closes.
    unique_code = models.PositiveSmallIntegerField(_("unique code"), null=True, blank=True)
    # The amount due (total + unique code) while a bank-transfer order is open, NULL once
    # it closes: the unique index guarantees no two open orders are owed the same amount.
    open_amount_due = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, unique=True
    )
    deadline = models.DateTimeField(_("pay before"), null=True, blank=True, db_index=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    # What the store still has to pay back (a cancel, a lower price) and what it has paid
    # back so far: staff record each refund made (``Refund``) against ``refund_owed``.
    refund_owed = models.DecimalField(_("refund owed"), max_digits=12, decimal_places=2, default=0)
    amount_refunded = models.DecimalField(
        _("amount refunded"), max_digits=12, decimal_places=2, default=0
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("order payment")
        verbose_name_plural = _("order payments")
        indexes = [models.Index(fields=["method", "state", "deadline"])]

    def __str__(self):
        return f"{self.order_id}: {self.method} ({self.state})"

    @property
    def is_open(self):
        return self.state == self.AWAITING


class Refund(models.Model):
    """One refund staff made to the shopper (a transfer back): partial refunds add up."""

    payment = models.ForeignKey(OrderPayment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount refunded"), max_digits=12, decimal_places=2)
    # blank only for refunds recorded through Oscar's payment events (amount and reference)
    bank_name = models.CharField(_("shopper's bank"), max_length=80, blank=True)
    account_number = models.CharField(_("shopper's account number"), max_length=40, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=120, blank=True)
    reference = models.CharField(_("transfer reference"), max_length=128, blank=True)
    refunded_on = models.DateField(_("refund date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self):
        return f"{self.payment.order_id}: {self.amount} ({self.reference})"


class PaymentConfirmationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=PaymentConfirmation.PENDING)


class PaymentConfirmation(models.Model):
    """A shopper's "I have transferred": the transfer's details and the proof, for staff review.

    Never deleted (the order cannot be deleted while it has one): staff never lose a proof.
    """

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    STATUSES = [
        (PENDING, _("Waiting for review")),
        (APPROVED, _("Approved")),
        (REJECTED, _("Rejected")),
    ]

    order = models.ForeignKey(
        "order.Order", on_delete=models.PROTECT, related_name="contex_payment_confirmations"
    )
    bank_account = models.ForeignKey(
        BankAccount,
        on_delete=models.PROTECT,
        related_name="confirmations",
        verbose_name=_("paid to"),
    )
    sender_bank = models.CharField(_("sender's bank"), max_length=80)
    sender_account_holder = models.CharField(_("sender's account holder"), max_length=120)
    amount = models.DecimalField(_("amount transferred"), max_digits=12, decimal_places=2)
    transfer_date = models.DateField(_("transfer date"))
    note = models.TextField(_("note"), blank=True, max_length=1000)
    # recommended, not required: a confirmation without one waits behind those with one
    proof = models.FileField(
        _("proof of transfer"),
        storage=proof_storage,
        upload_to=proof_upload_to,
        max_length=200,
        blank=True,
    )
    proof_content_type = models.CharField(_("proof type"), max_length=40, blank=True)
    proof_size = models.PositiveIntegerField(_("proof size (bytes)"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=STATUSES, default=PENDING)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)

    objects = PaymentConfirmationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("payment confirmation")
        verbose_name_plural = _("payment confirmations")
        constraints = [
            # At most one confirmation waits for review per order (double submits).
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(status="pending"),
                name="contex_one_pending_confirmation_per_order",
            )
        ]

    def __str__(self):
        return f"{self.order_id}: {self.amount} ({self.status})"
