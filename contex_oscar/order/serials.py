"""Serial numbers of the units sold (``models.SoldUnit``): checked and recorded by the
status route when an order ships or is handed over at the showroom, found again by the
service center. Serials are compared as written in capitals, without spaces around."""

from django.db import IntegrityError, transaction
from django.db.models import Count

from contex_oscar.order.exceptions import SerialNumbersInvalid
from contex_oscar.order.models import SoldUnit


def normalize_serial(value):
    return (value or "").strip().upper()


def find_sold_unit(serial_number):
    """The unit sold under ``serial_number`` (with its line and order), or None."""
    serial = normalize_serial(serial_number)
    if not serial:
        return None
    return (
        SoldUnit.objects.select_related("order_line", "order_line__order")
        .filter(serial_number=serial)
        .first()
    )


def clean_serials(serial_numbers):
    """``{line_id: [serial, ...]}`` without blanks, normalized."""
    cleaned = {}
    for line_id, serials in (serial_numbers or {}).items():
        values = [normalize_serial(s) for s in serials if normalize_serial(s)]
        if values:
            cleaned[int(line_id)] = values
    return cleaned


def serials_refusal(order, new_status, serial_numbers):
    """Why ``serial_numbers`` cannot be recorded for ``order`` (a ``SerialNumbersInvalid``),
    or None: each names a line of the order, no line gets more serials than it has units,
    and no serial is given twice or was recorded for another unit already."""
    serials = clean_serials(serial_numbers)
    if not serials:
        return None

    def invalid(reason, serial=""):
        return SerialNumbersInvalid(
            order.number, order.status, new_status, reason=reason, serial=serial
        )

    lines = {
        line.pk: line
        for line in order.lines.annotate(recorded=Count("contex_sold_units")).filter(
            pk__in=list(serials)
        )
    }
    everything = [serial for values in serials.values() for serial in values]
    for line_id, values in serials.items():
        line = lines.get(line_id)
        if line is None:
            return invalid(SerialNumbersInvalid.NOT_A_LINE)
        if line.recorded + len(values) > line.quantity:
            return invalid(SerialNumbersInvalid.TOO_MANY, serial=values[-1])
    repeated = next((s for s in everything if everything.count(s) > 1), None)
    if repeated:
        return invalid(SerialNumbersInvalid.REPEATED, serial=repeated)
    taken = SoldUnit.objects.filter(serial_number__in=everything).first()
    if taken is not None:
        return invalid(SerialNumbersInvalid.TAKEN, serial=taken.serial_number)
    return None


def record_serials(order, serial_numbers, user=None, new_status=""):
    """Record ``serial_numbers`` (checked by ``serials_refusal``) as sold units.

    Two orders shipped at once with the same serial: the unique index decides, and the
    second is refused as ``TAKEN`` (its whole move rolls back) instead of a server error."""
    by = user if user is not None and user.is_authenticated else None
    units = [
        SoldUnit(order_line_id=line_id, serial_number=serial, recorded_by=by)
        for line_id, values in clean_serials(serial_numbers).items()
        for serial in values
    ]
    try:
        with transaction.atomic():
            SoldUnit.objects.bulk_create(units)
    except IntegrityError:
        taken = SoldUnit.objects.filter(serial_number__in=[u.serial_number for u in units])
        raise SerialNumbersInvalid(
            order.number,
            order.status,
            new_status,
            reason=SerialNumbersInvalid.TAKEN,
            serial=taken.values_list("serial_number", flat=True).first() or "",
        ) from None
