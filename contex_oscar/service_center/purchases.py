"""Where a unit was bought and what its warranty is: the store's order (reached through
``order.access``), or a purchase elsewhere; the outcome from the warranty rule table."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from contex_oscar import workdays
from contex_oscar.order.access import find_order, vouched_for
from contex_oscar.order.history import delivery_date
from contex_oscar.order.serials import find_sold_unit
from contex_oscar.service_center import (
    brands,
    kinds,
    product_facts,
    warranty,
)
from contex_oscar.service_center.exceptions import ServiceCenterError


@dataclass(frozen=True)
class Purchase:
    source: str
    order: object = None
    line: object = None
    product: object = None
    received_on: datetime.date | None = None  # this store: delivery date
    purchase_date: datetime.date | None = None  # elsewhere: the shopper's date
    brand: str = ""  # elsewhere: the brand the shopper names
    sold_unit: object = None  # this store: the unit found by its serial number


def resolve_purchase(
    source,
    order_number="",
    email="",
    user=None,
    line_id=None,
    product=None,
    purchase_date=None,
    for_warranty=True,
    order_token=None,
    writing=False,
    brand="",
    serial_number="",
):
    """The purchase a warranty question is about; raises ``ServiceCenterError`` if not found.

    ``serial_number``: a unit this store recorded at shipment or pickup names its order and
    line (the order number may then be left out; the e-mail, account or link still
    decides who may see it). An unrecorded serial with the order number is only noted.

    The order is reached by the store's one rule (``order.access.find_order``): the
    signed-in owner, staff when only ``writing=False`` (a warranty check), the order's
    e-mail, or its signed tracking token. ``for_warranty``: the warranty is evaluated,
    so the line must hold a paid unit and the order must have been delivered.
    """
    if source != kinds.THIS_STORE:
        return Purchase(
            source=source, product=product, purchase_date=purchase_date, brand=brand or ""
        )
    unit = find_sold_unit(serial_number)
    if serial_number and not order_number and not order_token and unit is None:
        raise _serial_not_found()
    if unit is not None:
        order_number = order_number or unit.order_line.order.number
        line_id = line_id or unit.order_line_id
        product = None
    order = find_order(order_number, user=user, email=email, token=order_token, writing=writing)
    if order is None:
        raise _serial_not_found() if unit is not None else _order_not_found()
    if unit is not None and (unit.order_line.order_id, unit.order_line_id) != (order.pk, line_id):
        raise _serial_not_found()  # the serial belongs to another order or line
    try:
        purchase = _purchase_on(order, source, line_id, product, for_warranty)
    except ServiceCenterError:
        if vouched_for(order, user=user, token=order_token, writing=writing):
            raise  # the owner (or the order's link) learns why
        raise _order_not_found()  # a number + e-mail pair: no yes/no oracle
    return dataclasses.replace(purchase, sold_unit=unit)


def _serial_not_found():
    """A serial number that reaches no unit this store sold to the requester."""
    return ServiceCenterError(
        "serial_number_not_found",
        _(
            "No unit sold by this store has this serial number (for this order and e-mail "
            "address). Check the label on the unit, or give the order number instead."
        ),
        field="serial_number",
    )


def _order_not_found():
    """The one answer to a number + e-mail pair that reaches no unit the question fits."""
    return ServiceCenterError(
        "order_not_found",
        _(
            "No delivered order of this store matches this number and e-mail address (an "
            "order of several products also needs order_line). Signed in, you see why."
        ),
        field="order_number",
    )


def _purchase_on(order, source, line_id, product, for_warranty):
    lines = list(order.lines.select_related("product", "product__parent"))
    if line_id is not None:
        line = next((line for line in lines if line.pk == line_id), None)
        if line is None:
            raise ServiceCenterError(
                "order_line_not_found", _("That line is not part of the order."), "order_line"
            )
    elif product is not None:
        line = next((line for line in lines if line.product_id == product.pk), None)
        if line is None:
            raise ServiceCenterError(
                "order_line_not_found", _("That product is not part of the order."), "product"
            )
    elif len(lines) == 1:
        line = lines[0]
    else:
        raise ServiceCenterError(
            "order_line_required",
            _("The order has several products: say which one (order_line)."),
            "order_line",
        )
    received_on = delivery_date(order)
    if for_warranty:
        _check_warranty_applies(line, received_on)
    return Purchase(
        source=source, order=order, line=line, product=line.product, received_on=received_on
    )


def has_a_paid_unit(line):
    """The line holds at least one unit that was paid for (not a line of 0 units at Rp 0)."""
    return line.quantity >= 1 and (line.line_price_incl_tax or 0) > 0


def _check_warranty_applies(line, received_on):
    """A warranty covers a paid unit that was delivered (the clock starts on delivery)."""
    if not has_a_paid_unit(line):
        raise ServiceCenterError(
            "order_line_not_eligible",
            _("This order line holds no paid unit: it has no warranty."),
            "order_line",
        )
    if received_on is None:
        raise ServiceCenterError(
            "order_not_delivered",
            _("The order has not been delivered yet; the warranty starts on delivery."),
            "order_number",
        )


def check_warranty(purchase, hardware_defect, box_complete, today=None):
    """Evaluate the warranty table for ``purchase`` today (store time)."""
    product = purchase.product
    facts = warranty.WarrantyFacts(
        purchase=purchase.source,
        warranty_type=product_facts.warranty_type_of(product),
        hardware_defect=bool(hardware_defect),
        box_complete=bool(box_complete),
        today=today or workdays.store_today(),
        received_on=purchase.received_on if purchase.source == kinds.THIS_STORE else None,
        production_ended_on=product_facts.production_ended_on(product),
        brand_supported=brands.is_supported(purchase.brand),
    )
    return facts, warranty.evaluate_warranty(facts)
