from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contex_oscar.order.statuses import label_for


class OrderStatusRecord(models.Model):
    """What Oscar's ``OrderStatusChange`` lacks: who made the change and why.

    One row per ``OrderStatusChange``; together they are the order's timeline.
    """

    status_change = models.OneToOneField(
        "order.OrderStatusChange", on_delete=models.CASCADE, related_name="contex_record"
    )
    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="contex_status_records"
    )
    old_status = models.CharField(_("old status"), max_length=100, blank=True)
    new_status = models.CharField(_("new status"), max_length=100)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note for staff"), blank=True)
    shopper_note = models.TextField(_("note shown to the shopper"), blank=True)
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order status record")
        verbose_name_plural = _("order status records")

    def __str__(self):
        return f"{self.order_id}: {self.old_status} -> {self.new_status}"

    @property
    def new_status_label(self):
        return label_for(self.new_status)


class OrderShipment(models.Model):
    """Courier and tracking number of an order handed to the courier.

    Completes Oscar's ``ShippingEvent`` (type "Shipped"), which has only free-text notes.
    """

    shipping_event = models.OneToOneField(
        "order.ShippingEvent", on_delete=models.CASCADE, related_name="contex_shipment"
    )
    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="contex_shipments"
    )
    courier = models.CharField(_("courier"), max_length=80)
    tracking_number = models.CharField(_("tracking number"), max_length=80)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("shipped by"),
    )
    created_at = models.DateTimeField(_("shipped at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("order shipment")
        verbose_name_plural = _("order shipments")

    def __str__(self):
        return f"{self.courier} {self.tracking_number}"


class OrderDelivery(models.Model):
    """The date staff recorded the order as received by the shopper.

    The service center's warranty and 14-working-day rules start from ``delivered_on``.
    """

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="contex_delivery"
    )
    delivered_on = models.DateField(_("delivered on"))
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
        verbose_name = _("order delivery")
        verbose_name_plural = _("order deliveries")

    def __str__(self):
        return f"{self.order_id}: {self.delivered_on}"


class OrderDeliveryEstimate(models.Model):
    """The delivery estimate the shopper was given at checkout, kept as given: computed
    once when the order is placed (``shipping.methods.Estimate``, working days from the
    placing day) and shown in the order's answer, its tracking and the order-placed e-mail.
    """

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="contex_delivery_estimate"
    )
    min_days = models.PositiveSmallIntegerField(_("fastest delivery (working days)"))
    max_days = models.PositiveSmallIntegerField(_("slowest delivery (working days)"))
    earliest_date = models.DateField(_("earliest delivery date"))
    latest_date = models.DateField(_("latest delivery date"))

    class Meta:
        verbose_name = _("delivery estimate")
        verbose_name_plural = _("delivery estimates")

    def __str__(self):
        return f"{self.order_id}: {self.earliest_date} - {self.latest_date}"


class OrderTermsAcceptance(models.Model):
    """The shopper's acceptance of the terms and conditions when the order was placed:
    when, and which version (the help page with the topic "terms", its revision and
    publication, or ``CONTEX_TERMS_VERSION`` when the site has no such page)."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="contex_terms_acceptance"
    )
    accepted_at = models.DateTimeField(_("accepted at"))
    # plain ids, not foreign keys: the record outlives an edited or deleted page
    page_id = models.PositiveIntegerField(_("terms page id"), null=True, blank=True)
    revision_id = models.PositiveIntegerField(_("terms page revision id"), null=True, blank=True)
    version = models.CharField(_("terms version"), max_length=64)

    class Meta:
        verbose_name = _("terms acceptance")
        verbose_name_plural = _("terms acceptances")

    def __str__(self):
        return f"{self.order_id}: {self.version} at {self.accepted_at}"


class PriceCorrection(models.Model):
    """Audit record of a line's price corrected after ordering (the store's price policy)."""

    LOWERED = "lowered"
    HONOURED = "honoured"
    CANCELLED = "cancelled"
    DECISIONS = [
        (LOWERED, _("Lower price charged")),
        (HONOURED, _("Displayed price honoured")),
        (CANCELLED, _("Order cancelled")),
    ]

    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="contex_price_corrections"
    )
    line = models.ForeignKey(
        "order.Line", on_delete=models.CASCADE, related_name="contex_price_corrections"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=DECISIONS)
    quantity = models.PositiveIntegerField(_("quantity"))
    displayed_unit_price = models.DecimalField(
        _("displayed unit price"), max_digits=12, decimal_places=2
    )
    correct_unit_price = models.DecimalField(
        _("correct unit price"), max_digits=12, decimal_places=2
    )
    line_discount_before = models.DecimalField(
        _("line discount before"), max_digits=12, decimal_places=2
    )
    line_discount_after = models.DecimalField(
        _("line discount after"), max_digits=12, decimal_places=2
    )
    order_total_before = models.DecimalField(
        _("order total before"), max_digits=12, decimal_places=2
    )
    order_total_after = models.DecimalField(_("order total after"), max_digits=12, decimal_places=2)
    amount_paid = models.DecimalField(_("amount paid"), max_digits=12, decimal_places=2)
    amount_refunded = models.DecimalField(_("amount refunded"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note for staff"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    created_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("price correction")
        verbose_name_plural = _("price corrections")

    def __str__(self):
        return (
            f"{self.order_id} line {self.line_id}: {self.displayed_unit_price} -> "
            f"{self.correct_unit_price} ({self.decision})"
        )


class CheckoutIdempotencyKey(models.Model):
    """The ``Idempotency-Key`` a client sent with the checkout that placed an order.

    A retry with the same key for the same basket gets that order back instead
    of a second order or an error.
    """

    basket = models.ForeignKey("basket.Basket", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=255)
    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["basket", "key"], name="contex_checkout_key_once")
        ]
        verbose_name = _("checkout idempotency key")
        verbose_name_plural = _("checkout idempotency keys")

    def __str__(self):
        return f"{self.key} -> {self.order_id}"


class InvoiceCounter(models.Model):
    """The last invoice number given in a year: the row is locked while a number is taken,
    so numbers are unique and follow each other without gaps (``order.invoices``)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("invoice counter")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class OrderNumberCounter(models.Model):
    """The last order number's sequence given on a day (store time): the row is locked
    while a number is taken (``order.numbers``), so numbers follow the placing order."""

    day = models.DateField(_("day"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("order number counter")

    def __str__(self):
        return f"{self.day}: {self.last_number}"


class OrderInvoice(models.Model):
    """An order's invoice: the store's number and the buyer's company details."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="contex_invoice"
    )
    number = models.CharField(_("invoice number"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    buyer_company_name = models.CharField(_("company name"), max_length=200, blank=True)
    buyer_npwp = models.CharField(_("NPWP (tax number)"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("invoice")

    def __str__(self):
        return self.number


class SoldUnit(models.Model):
    """One unit of an order line, by its serial number: staff enter it when the order ships
    or is handed over at the showroom (``order.serials``). The service center finds the
    unit's warranty by it and ties tickets to it."""

    order_line = models.ForeignKey(
        "order.Line", on_delete=models.CASCADE, related_name="contex_sold_units"
    )
    serial_number = models.CharField(_("serial number"), max_length=80, unique=True)
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
        ordering = ["order_line_id", "id"]
        verbose_name = _("sold unit")
        verbose_name_plural = _("sold units")

    def __str__(self):
        return self.serial_number
