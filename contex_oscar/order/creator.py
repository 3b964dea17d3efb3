"""Oscar's ``OrderCreator`` for the store: the one place an order is placed.

The class loader (``contex_oscar.loading``) gives it to everyone who asks Oscar for
``order.utils.OrderCreator``: oscarapi's checkout, Oscar's own HTML checkout and code.
Each order it places gets the same placement: the payment method checked against the
store's rules (``payment.services.choose_method``; ``payment_method=`` names it, else
``CONTEX_DEFAULT_PAYMENT_METHOD``), the method's starting status, the payment record
(``payment.services.start_payment``: unique code, deadline, Oscar ``Source``), the
delivery estimate given at checkout (``order.estimates``), the acceptance of the terms
(``order.terms``: ``terms_accepted=True`` or nothing is placed) and the order-placed e-mail
with how to pay, all in the placing transaction. The basket's stock is re-checked under
row locks first (``order.stock.lock_and_check_stock``).

It also writes the lines and stock in batches.

Oscar writes each basket line with its own queries: the line, its prices and
options, one ``UPDATE`` of the stock record, a reload of it and the low-stock and
product-alert checks of its ``post_save`` signal: a 20-line order costs some 240
queries. The store's checkout writes the same rows in one query per table
(``bulk_create``, one ``UPDATE ... CASE`` for the allocations), so placing an
order costs the same whether the basket holds one scanner or twenty.

Differences from Oscar's creator, on purpose:

- line, line price and line option rows are bulk-inserted: no ``post_save`` for them;
- the stock allocation sends no ``post_save`` per stock record; what Oscar's own
  receivers do then (open or close low-stock alerts, and, with
  ``OSCAR_EAGER_ALERTS``, send back-in-stock alerts) is done here for all records
  at once.

Line discounts and ``create_additional_line_models`` stay per line, as in Oscar.
"""

from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from oscar.apps.order import exceptions
from oscar.core.loading import default_class_loader, get_class, get_model

from contex_oscar.accounts.services import ensure_may_check_out
from contex_oscar.order import events, invoices, limits, signals, terms
from contex_oscar.order.estimates import record_delivery_estimate
from contex_oscar.order.stock import lock_and_check_stock
from contex_oscar.payment import notifications
from contex_oscar.payment import services as payments
from contex_oscar.prefetched import remember_related

# Oscar's (or a site's forked) creator, not this one (the class loader gives this one)
(OrderCreator,) = default_class_loader("order.utils", ["OrderCreator"], "oscar.apps")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
order_placed = get_class("order.signals", "order_placed")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
LinePrice = get_model("order", "LinePrice")
LineAttribute = get_model("order", "LineAttribute")
OrderDiscount = get_model("order", "OrderDiscount")
Surcharge = get_model("order", "Surcharge")
StockRecord = get_model("partner", "StockRecord")
StockAlert = get_model("partner", "StockAlert")
ProductAlert = get_model("customer", "ProductAlert")


class StoreOrderCreator(OrderCreator):
    """Places an order like Oscar's ``OrderCreator``, in a fixed number of queries, with
    the store's payment placement (see the module docstring)."""

    def place_order(
        self,
        basket,
        total,
        shipping_method,
        shipping_charge,
        user=None,
        shipping_address=None,
        billing_address=None,
        order_number=None,
        status=None,
        request=None,
        surcharges=None,
        payment_method=None,
        invoice_buyer=None,
        terms_accepted=False,
        **kwargs,
    ):
        if basket.is_empty:
            raise ValueError(_("Empty baskets cannot be submitted"))
        terms.require_acceptance(terms_accepted)  # TermsNotAccepted, nothing written
        limits.check_line_quantities(basket.all_lines())  # no line of 0 units at Rp 0
        # the store's rules for the method (PaymentError, nothing written, when refused)
        method = payments.choose_method(payment_method, basket, shipping_address, shipping_method)
        ensure_may_check_out(user)  # a signed-in shopper has verified the e-mail address
        # the total with shipping, and the unique code, must fit the order columns
        limits.check_amount(
            payments.largest_amount_due(total.incl_tax, method), "order_total_too_large"
        )
        if not status:
            status = payments.initial_status(method, shipping_method)
        if not order_number:
            order_number = OrderNumberGenerator().order_number(basket)
        # (no look-up of an order with that number, as Oscar's creator does: the store's
        # numbers come from a locked counter, and the unique column refuses any repeat)

        # the caller's transaction (the checkout's) is enough: no savepoint of our own
        with transaction.atomic(savepoint=False):
            # the last unit is sold once: the stock records locked and re-checked
            # (InsufficientStock, nothing written); the allocation below reads them
            lock_and_check_stock(basket)
            kwargs["surcharges"] = surcharges
            order = self.create_order_model(
                user,
                basket,
                shipping_address,
                shipping_method,
                shipping_charge,
                billing_address,
                total,
                order_number,
                status,
                request,
                **kwargs,
            )
            if not surcharges:  # none written: the answer reads none without a query
                remember_related(order, Surcharge, "order", [])
            self.check_vouchers(basket, user)
            self.record_offer_applications(order, basket, shipping_method)
            for voucher in basket.vouchers.all():
                self.record_voucher_usage(order, voucher, user)
            lines = list(basket.all_lines())
            self.create_lines(order, lines)
            self.allocate_stock(lines, locked=getattr(basket, "_contex_locked_stock", None))
            # the payment record (code, deadline, Source); UniqueAmountExhausted undoes all
            payments.start_payment(order, method.code)
            # the delivery estimate the shopper was given, kept as given (one INSERT)
            record_delivery_estimate(order, shipping_method)
            # the invoice number: the counter row locked, undone with a failed placement
            invoices.issue_invoice(order, **(invoice_buyer or {}))
            # the terms the shopper accepted: when, which page revision or version
            terms.record_acceptance(order)
            notifications.order_placed(order)  # queued: leaves once the order is committed
            events.order_placed(order)  # the webhooks too

        order_placed.send(sender=self, order=order, user=user)
        return order

    def check_vouchers(self, basket, user):
        """Oscar's voucher checks, with the row locks taken only when there are vouchers."""
        if not basket.vouchers.all():  # read with the basket (prefetched) or one query
            return
        for voucher in basket.vouchers.select_for_update():
            if not voucher.is_active():  # basket ignores inactive vouchers
                basket.vouchers.remove(voucher)
            else:
                available_to_user, msg = voucher.is_available_to_user(user=user)
                if not available_to_user:
                    raise ValueError(msg)

    def record_offer_applications(self, order, basket, shipping_method):
        """Oscar's loop over the basket's offer applications (order discounts, usage)."""
        if not basket.offer_applications:  # none: the answer and e-mail read no discounts
            remember_related(order, OrderDiscount, "order", [])
        for application in basket.offer_applications:
            application["message"] = application["offer"].apply_deferred_benefit(
                basket, order, application
            )
            if application["result"].affects_shipping:
                shipping_discount = shipping_method.discount(basket)
                if shipping_discount <= 0:
                    continue
                application["discount"] = shipping_discount
            self.create_discount_model(order, application)
            self.record_discount(application)

    def create_lines(self, order, basket_lines):
        """Every order line, its prices and its options: one ``INSERT`` per table."""
        order_lines = []
        for basket_line in basket_lines:
            if not basket_line.stockrecord:
                raise exceptions.UnableToPlaceOrder(
                    f"Basket line #{basket_line.id} has no stockrecord"
                )
            order_lines.append(Line(**self.line_data(order, basket_line)))
        # rows are inserted in basket order: line ids keep the order the shopper saw
        Line._default_manager.bulk_create(order_lines)
        prices, options = [], []
        for order_line, basket_line in zip(order_lines, basket_lines, strict=True):
            for price_incl_tax, price_excl_tax, quantity in basket_line.get_price_breakdown():
                prices.append(
                    LinePrice(
                        order=order,
                        line=order_line,
                        quantity=quantity,
                        price_incl_tax=price_incl_tax,
                        price_excl_tax=price_excl_tax,
                        tax_code=basket_line.tax_code,
                    )
                )
            for attribute in basket_line.attributes.all():
                options.append(
                    LineAttribute(
                        line=order_line,
                        option=attribute.option,
                        type=attribute.option.code,
                        value=attribute.value,
                    )
                )
        remember_lines(order, order_lines)
        LinePrice._default_manager.bulk_create(prices)
        if options:
            LineAttribute._default_manager.bulk_create(options)
        for order_line, basket_line in zip(order_lines, basket_lines, strict=True):
            self.create_line_discount_models(order, order_line, basket_line)
            self.create_additional_line_models(order, order_line, basket_line)
        return order_lines

    def line_data(self, order, basket_line):
        """The fields of the order line for ``basket_line`` (as Oscar's ``create_line_models``)."""
        product = basket_line.product
        stockrecord = basket_line.stockrecord
        partner = stockrecord.partner
        data = {
            "order": order,
            "partner": partner,
            "partner_name": partner.name,
            "partner_sku": stockrecord.partner_sku,
            "stockrecord": stockrecord,
            "product": product,
            "title": product.get_title(),
            "upc": product.upc,
            "quantity": basket_line.quantity,
            "line_price_excl_tax": basket_line.line_price_excl_tax_incl_discounts,
            "line_price_incl_tax": basket_line.line_price_incl_tax_incl_discounts,
            "line_price_before_discounts_excl_tax": basket_line.line_price_excl_tax,
            "line_price_before_discounts_incl_tax": basket_line.line_price_incl_tax,
            "unit_price_incl_tax": basket_line.unit_price_incl_tax,
            "unit_price_excl_tax": basket_line.unit_price_excl_tax,
            "tax_code": basket_line.tax_code,
            "num_allocated": basket_line.quantity,
        }
        if hasattr(settings, "OSCAR_INITIAL_LINE_STATUS"):
            data["status"] = settings.OSCAR_INITIAL_LINE_STATUS
        return data

    def allocate_stock(self, basket_lines, locked=None):
        """Allocate every tracked line's quantity in one ``UPDATE`` (stock record order).

        ``locked``: the records ``lock_and_check_stock`` read under row locks in this
        transaction, ``{pk: record}``; their new allocation is known without a reload.
        """
        wanted = Counter()
        for line in basket_lines:
            if line.product.get_product_class().track_stock:
                wanted[line.stockrecord_id] += line.quantity
        if not wanted:
            return []
        ids = sorted(wanted)
        added = Case(
            *(When(pk=pk, then=Value(wanted[pk])) for pk in ids),
            default=Value(0),
            output_field=IntegerField(),
        )
        StockRecord.objects.filter(pk__in=ids).update(
            num_allocated=Coalesce(F("num_allocated"), 0) + added
        )
        # availability changed, without post_save signals (the catalogue cache listens)
        signals.stock_allocated.send(
            sender=StockRecord,
            stockrecord_ids=ids,
            products=[line.product for line in basket_lines if line.stockrecord_id in wanted],
        )
        if locked is not None and set(ids) <= set(locked):
            records = [locked[pk] for pk in ids]
            for record in records:
                record.num_allocated = (record.num_allocated or 0) + wanted[record.pk]
        else:
            records = list(StockRecord.objects.filter(pk__in=ids).order_by("pk"))
        fresh = {record.pk: record for record in records}
        for line in basket_lines:  # the lines' records show the new allocation, as Oscar's do
            if line.stockrecord_id in fresh:
                line.stockrecord.num_allocated = fresh[line.stockrecord_id].num_allocated
        self.update_stock_alerts(records)
        self.send_product_alerts(records, basket_lines)
        return records

    def update_stock_alerts(self, records):
        """Oscar's low-stock alert rule (``partner.receivers``) for all records at once."""
        open_alerts = {
            alert.stockrecord_id: alert
            for alert in StockAlert.objects.filter(stockrecord__in=records, status=StockAlert.OPEN)
        }
        for record in records:
            alert = open_alerts.get(record.pk)
            if record.is_below_threshold and alert is None:
                StockAlert.objects.create(stockrecord=record, threshold=record.low_stock_threshold)
            elif not record.is_below_threshold and alert is not None:
                alert.close()

    def send_product_alerts(self, records, basket_lines):
        """Oscar's eager product alerts, run only for products someone awaits (one query)."""
        if not getattr(settings, "OSCAR_EAGER_ALERTS", True):
            return
        products = {line.stockrecord_id: line.product for line in basket_lines}
        awaited = set(
            ProductAlert.objects.filter(
                product_id__in={
                    pk
                    for product in products.values()
                    for pk in (product.pk, product.parent_id)
                    if pk
                },
                status=ProductAlert.ACTIVE,
            ).values_list("product_id", flat=True)
        )
        if not awaited:
            return
        AlertsDispatcher = get_class("customer.alerts.utils", "AlertsDispatcher")
        for record in records:
            product = products[record.pk]
            if product.pk in awaited or product.parent_id in awaited:
                AlertsDispatcher().send_product_alert_email_for_user(product)


def remember_lines(order, lines):
    """A new order's lines are the rows just inserted: ``order.lines.all()`` reads them from memory.

    (As Django's ``prefetch_related`` would fill it; e.g. the purchase counters read it.)
    """
    remember_related(order, Line, "order", lines)
