"""Rows of the staff lists, made through the store's services as staff would find them:
``add(world, n)`` makes ``n`` more rows of one list. Shared by the query tests
(``test_staff_lists``) and ``benchmarks/api_benchmark.py``'s staff rows."""

from oscar.core.loading import get_model

from contex_oscar import outbox, webhooks
from contex_oscar.models import OutboxMessage, WebhookEndpoint
from contex_oscar.order import services as orders
from contex_oscar.order import statuses
from contex_oscar.payment.models import BankAccount
from contex_oscar.service_center import tickets
from contex_oscar.shipping.models import PostcodeRange, ShippingZone, ZonePlace
from tests import factories
from tests.lifecycle.conftest import pay_in_full
from tests.payment.conftest import bank_order, submit
from tests.service_center.conftest import open_ticket
from tests.shipping.test_quotes import held_order

StockRecord = get_model("partner", "StockRecord")
WeightBased = get_model("shipping", "WeightBased")
RECEIVER = "https://erp.example.com/contex/events"


def world(product, account):
    """What the builders need: a stocked scanner, a bank account, staff and a technician."""
    StockRecord.objects.filter(product=product).update(num_in_stock=1_000_000)
    return {
        "product": product,
        "account": account,
        "staff": factories.staff_user(),
        "technician": factories.user(email="teknisi@contex.example", is_staff=True),
    }


def confirmations(world, n):
    for _ in range(n):
        submit(bank_order(world["product"]), world["account"])


def unpaid_transfers(world, n):
    for _ in range(n):
        bank_order(world["product"])


def quotes(world, n):
    for _ in range(n):
        held_order(world["product"])


def desk_tickets(world, n):
    for index in range(n):
        ticket = open_ticket() if index % 2 else open_ticket(model_name="IQ FLEX")
        tickets.assign_technician(ticket, world["technician"])


def endpoints(world, n):
    start = WebhookEndpoint.objects.count()
    for index in range(start, start + n):
        webhooks.register_endpoint(f"{RECEIVER}/{index}", [webhooks.ORDER_PLACED])


def deliveries(world, n):
    if not WebhookEndpoint.objects.exists():
        webhooks.register_endpoint(RECEIVER, [webhooks.ORDER_PLACED])
    for number in range(n):
        webhooks.emit(webhooks.ORDER_PLACED, {"number": str(number)})


def placed_orders(world, n):
    for _ in range(n):
        factories.place_order(world["product"])


def to_collect(world, n):
    for index in range(n):
        method = "cod" if index % 2 else "o2o"
        factories.place_order(world["product"], status=statuses.PROCESSING, payment_method=method)


def refunds_owed(world, n):
    for _ in range(n):
        order = bank_order(world["product"])
        pay_in_full(order, world["staff"], world["account"])
        orders.cancel_order(order, user=world["staff"])


def bank_accounts(world, n):
    start = BankAccount.objects.count()
    for index in range(start, start + n):
        BankAccount.objects.create(
            bank_name=f"Bank {index}", account_number=str(1000 + index), account_holder="PT Contex"
        )


def zones(world, n):
    start = ShippingZone.objects.count()
    for index in range(start, start + n):
        rates = WeightBased.objects.create(name=f"Tarif {index}")
        rates.bands.create(upper_limit=100, charge=100000)
        zone = ShippingZone.objects.create(
            name=f"Zona {index}", slug=f"zona-{index}", weight_based=rates
        )
        PostcodeRange.objects.create(zone=zone, first="20000", last="20999")
        ZonePlace.objects.create(zone=zone, kind=ZonePlace.CITY, name=f"Kota {index}")


def emails(world, n):
    for index in range(n):
        message = outbox.queue_email([f"tamu{index}@example.com"], "Pesanan", "Isi")
        if index % 2:  # both statuses the outbox lists
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxMessage.FAILED, attempts=10, last_error="SMTPServerDisconnected"
            )


#: ``/api/staff/<path>`` of each staff API list, and what makes its rows
STAFF_API = {
    "payment confirmations": ("payment-confirmations/", confirmations),
    "unpaid transfers": ("unpaid-transfers/", unpaid_transfers),
    "shipping quotes": ("shipping-quotes/", quotes),
    "tickets": ("tickets/", desk_tickets),
    "webhook endpoints": ("webhooks/endpoints/", endpoints),
    "webhook deliveries": ("webhooks/deliveries/", deliveries),
}

#: the ``contex-dashboard:`` route of each dashboard list page, and what makes its rows
DASHBOARD = {
    "orders": ("order-lifecycle-list", placed_orders),
    "service desk": ("service-center-ticket-list", desk_tickets),
    "payment confirmations": ("payment-confirmation-list", confirmations),
    "awaiting transfers": ("payment-awaiting-list", unpaid_transfers),
    "to collect": ("payment-collect-list", to_collect),
    "refunds owed": ("payment-refund-list", refunds_owed),
    "bank accounts": ("payment-bank-account-list", bank_accounts),
    "shipping zones": ("shipping-zone-list", zones),
    "shipping quotes": ("shipping-quote-list", quotes),
    "outbox": ("outbox-list", emails),
    "webhook endpoints": ("webhook-endpoint-list", endpoints),
    "webhook deliveries": ("webhook-delivery-list", deliveries),
}
