"""The last scanner is sold once: checkout re-checks stock under row locks.

Oscar's ``StockRecord.allocate()`` adds to ``num_allocated`` without looking at
what is left, and oscarapi checks availability only when a product is added to
the basket. Two shoppers could therefore both buy the last unit. At checkout,
inside the transaction that places the order, the basket's stock records are
locked (``SELECT ... FOR UPDATE``) and availability is checked again against the
locked rows. Locks are taken in one fixed order (stock record id) so two
baskets holding the same products in opposite order cannot deadlock.
"""

from collections import defaultdict

from django.db.models import F
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from contex_oscar.errors import StoreError

StockRecord = get_model("partner", "StockRecord")
OrderLine = get_model("order", "Line")
Selector = get_class("partner.strategy", "Selector")

#: The database constraint (contex migration 0002) that refuses over-allocation.
STOCK_CONSTRAINT = "contex_stock_allocated_within_stock"


class InsufficientStock(StoreError):
    """A basket line can no longer be bought in the quantity asked for; ``errors.lines``
    lists ``{product, title, requested, available}`` (nothing was reserved)."""

    code = "insufficient_stock"
    status = 409

    def __init__(self, shortages=()):
        self.shortages = list(shortages)
        super().__init__(
            message=_("Not enough stock is left for some products in your basket."),
            errors={"lines": self.shortages} if self.shortages else None,
        )


def lock_and_check_stock(basket):
    """Lock the basket's stock records (by id) and check each line can still be bought.

    Call inside the transaction that allocates the stock. Raises
    ``InsufficientStock`` listing every short line (product id, title, quantity
    asked for, quantity still available); nothing is changed.
    """
    wanted = defaultdict(int)
    products = {}
    for line in basket.all_lines():
        if line.stockrecord_id is None:
            continue
        wanted[line.stockrecord_id] += line.quantity
        products[line.stockrecord_id] = line.product
    if not wanted:
        return
    locked = _locked_with_the_lines(basket, wanted)
    if locked is None:
        # ORDER BY + FOR UPDATE: PostgreSQL locks the rows in the sorted order.
        locked = list(StockRecord.objects.select_for_update().filter(pk__in=wanted).order_by("pk"))
    strategy = _strategy(basket)
    shortages = []
    for record in locked:
        product = products[record.pk]
        quantity = wanted[record.pk]
        availability = strategy.fetch_for_product(product, stockrecord=record).availability
        permitted, _reason = availability.is_purchase_permitted(quantity)
        if not permitted:
            shortages.append(_shortage(product, quantity, record))
    missing = set(wanted) - {record.pk for record in locked}
    for pk in sorted(missing):  # a stock record deleted since the product was added
        shortages.append(_shortage(products[pk], wanted[pk], None))
    if shortages:
        raise InsufficientStock(shortages)
    # the rows stay locked until commit: the order creator allocates from these values
    basket._contex_locked_stock = {record.pk: record for record in locked}


def _locked_with_the_lines(basket, wanted):
    """The records the checkout's basket loaded ``FOR UPDATE`` with its lines, if all are there.

    (``api.prefetch.prefetch_basket(lock_stock=True)``: the same locks, one query less.)
    """
    if not getattr(basket, "_contex_stock_locked", False):
        return None
    loaded = {
        record.pk: record
        for line in basket.all_lines()
        for record in line.product.stockrecords.all()
    }
    if not set(wanted) <= set(loaded):
        return None
    return [loaded[pk] for pk in sorted(wanted)]


def is_stock_constraint_error(error):
    """True when an ``IntegrityError`` comes from the over-allocation constraint."""
    return STOCK_CONSTRAINT in str(error)


def _strategy(basket):
    try:
        return basket.strategy
    except RuntimeError:  # a basket without a strategy: the store's default one
        return Selector().strategy()


def _shortage(product, quantity, record):
    available = 0
    if record is not None and record.num_in_stock is not None:
        available = max(record.net_stock_level, 0)
    return {
        "product": product.pk,
        "title": product.get_title(),
        "requested": quantity,
        "available": available,
    }


def _allocated_lines(orders, lock=False):
    # Oscar asks each line's record whether it tracks allocations (its product's class):
    # read with the lines, not two queries per line
    lines = OrderLine.objects.filter(order__in=orders).select_related(
        "stockrecord__product__product_class", "stockrecord__product__parent__product_class"
    )
    if lock:  # the lines only (PostgreSQL), as Oscar's ``Line.cancel_allocation`` locks them
        lines = lines.select_for_update(of=("self",))
    return [line for line in lines.order_by("pk") if line.stockrecord_id]


def release_stock_allocations(orders):
    """Give back what placing each of ``orders`` reserved (Oscar never does it by itself).

    Oscar's ``Line.cancel_allocation`` of every line in bulk: the lines' reservations
    cleared, and each stock record's ``num_allocated`` lowered once (records in id order,
    as checkout locks them), with its save signals (Oscar's stock alerts, the catalogue
    cache), however many orders the batch holds."""
    if not orders:
        return
    lines = [
        line
        for line in _allocated_lines(orders, lock=True)
        if line.can_track_allocations and line.is_allocation_consumption_possible(line.quantity)
    ]
    whole = {line.pk for line in lines if line.num_allocated == line.quantity}
    OrderLine.objects.filter(pk__in=whole).update(num_allocated=0, allocation_cancelled=True)
    released = defaultdict(int)
    records = {}
    for line in lines:
        if line.pk in whole:
            line.num_allocated, line.allocation_cancelled = 0, True
        else:
            OrderLine.objects.filter(pk=line.pk).update(
                num_allocated=F("num_allocated") - line.quantity
            )
            line.num_allocated -= line.quantity
        released[line.stockrecord_id] += line.quantity
        records[line.stockrecord_id] = line.stockrecord
    for pk in sorted(released):
        record = records[pk]
        record.pre_save_signal()
        StockRecord.objects.filter(pk=pk).update(
            num_allocated=Coalesce(F("num_allocated"), 0)
            - Least(Coalesce(F("num_allocated"), 0), released[pk])
        )
        record.refresh_from_db(fields=["num_allocated"])
        record.post_save_signal()


def consume_stock_allocations(order):
    """The goods left the warehouse: the reservation becomes a stock decrease."""
    lines = _allocated_lines([order])
    tracked = [line for line in lines if line.stockrecord.can_track_allocations]
    if all(line.stockrecord.is_allocation_consumption_possible(line.quantity) for line in tracked):
        for line in lines:
            line.consume_allocation(line.quantity)


def return_to_stock(order, keep_reserved=False):
    """A shipped order's goods came back to the store (refused at the door, returned to
    sender, not collected at the showroom): undo what ``in-shipment`` consumed.

    ``keep_reserved``: the goods wait to be sent again (the order is back in
    ``processing``), so they return reserved for this order (line and stock record);
    otherwise they are free stock again (the order is cancelled; the route then releases
    any reservation left).
    """
    for line in _allocated_lines([order]):
        record = line.stockrecord
        consumed = line.quantity - (line.num_allocated or 0)
        if not record.can_track_allocations or line.allocation_cancelled or consumed <= 0:
            continue
        record.pre_save_signal()
        changes = {"num_in_stock": Coalesce(F("num_in_stock"), 0) + consumed}
        if keep_reserved:
            changes["num_allocated"] = Coalesce(F("num_allocated"), 0) + consumed
            OrderLine.objects.filter(pk=line.pk).update(
                num_allocated=Coalesce(F("num_allocated"), 0) + consumed
            )
        StockRecord.objects.filter(pk=record.pk).update(**changes)
        record.refresh_from_db(fields=["num_allocated", "num_in_stock"])
        record.post_save_signal()


def lock_available_stockrecord(product, stockrecord=None, quantity=1):
    """``product``'s stock record locked ``FOR UPDATE`` if ``quantity`` units can still be
    taken from it (checked on the locked row, as at checkout), else None.

    ``stockrecord`` is the record to take from (e.g. the one an order line was sold from);
    without one, the record Oscar's strategy sells the product from.
    """
    strategy = Selector().strategy()
    if stockrecord is None:
        stockrecord = strategy.fetch_for_product(product).stockrecord
        if stockrecord is None:
            return None
    record = StockRecord.objects.select_for_update().filter(pk=stockrecord.pk).first()
    if record is None:
        return None
    availability = strategy.fetch_for_product(product, stockrecord=record).availability
    permitted, _reason = availability.is_purchase_permitted(quantity)
    return record if permitted else None
