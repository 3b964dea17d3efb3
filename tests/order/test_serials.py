"""Serial numbers of the units sold: entered when the order ships or is set aside at the
showroom, checked by the status route, recorded as ``SoldUnit`` rows."""

import pytest

from contex_oscar.order import services
from contex_oscar.order.exceptions import SerialNumbersInvalid
from contex_oscar.order.models import SoldUnit
from contex_oscar.order.serials import find_sold_unit
from tests import factories
from tests.lifecycle.conftest import to_processing


@pytest.fixture
def two_units(product, staff_user):
    """An order of two units of one scanner, paid and being prepared."""
    return to_processing(factories.place_order(product, quantity=2), staff_user)


def ship(order, serials, staff=None):
    return services.change_order_status(
        order,
        "in-shipment",
        user=staff,
        courier="JNE",
        tracking_number="JN123",
        serial_numbers=serials,
    )


def test_shipping_records_each_units_serial(two_units, staff_user):
    line = two_units.lines.get()
    ship(two_units, {line.pk: [" sn-0001 ", "SN-0002"]}, staff_user)
    units = list(SoldUnit.objects.filter(order_line=line))
    assert [u.serial_number for u in units] == ["SN-0001", "SN-0002"]
    assert units[0].recorded_by == staff_user
    assert find_sold_unit("sn-0002").order_line == line


@pytest.mark.parametrize(
    ("serials", "reason"),
    [
        (lambda line: {line.pk: ["A1", "A2", "A3"]}, SerialNumbersInvalid.TOO_MANY),
        (lambda line: {line.pk: ["A1", " a1"]}, SerialNumbersInvalid.REPEATED),
        (lambda line: {line.pk + 1000: ["A1"]}, SerialNumbersInvalid.NOT_A_LINE),
        (lambda line: {line.pk: ["TAKEN-1"]}, SerialNumbersInvalid.TAKEN),
    ],
)
def test_serials_that_do_not_fit_the_units_stop_the_shipment(
    two_units, product, staff_user, serials, reason
):
    other = to_processing(factories.place_order(product), staff_user)
    ship(other, {other.lines.get().pk: ["TAKEN-1"]})
    with pytest.raises(SerialNumbersInvalid) as refused:
        ship(two_units, serials(two_units.lines.get()))
    assert refused.value.reason == reason
    two_units.refresh_from_db()
    assert two_units.status == "processing"  # nothing changed
    assert not SoldUnit.objects.filter(order_line__order=two_units).exists()


def test_a_shipment_without_serials_still_ships(two_units):
    ship(two_units, None)
    two_units.refresh_from_db()
    assert two_units.status == "in-shipment"


def test_the_showroom_records_the_serial_when_the_order_is_set_aside(product):
    order = factories.place_order(product, status=None, payment_method="o2o")
    line = order.lines.get()
    services.change_order_status(order, "in-shipment", serial_numbers={line.pk: ["SR-77"]})
    assert find_sold_unit("SR-77").order_line == line


def test_the_status_form_asks_a_serial_per_unit_and_records_them(client, two_units, staff_user):
    line = two_units.lines.get()
    client.force_login(staff_user)
    url = f"/dashboard/store/orders/{two_units.number}/"
    page = client.get(url).content.decode()
    assert f'name="serial_{line.pk}_1"' in page and f'name="serial_{line.pk}_2"' in page
    post = {"new_status": "in-shipment", "courier": "JNE", "tracking_number": "JN9"}
    refused = client.post(url, {**post, f"serial_{line.pk}_1": "X1", f"serial_{line.pk}_2": "x1"})
    assert refused.status_code == 400
    assert "X1" in refused.content.decode()
    client.post(url, {**post, f"serial_{line.pk}_1": "X1", f"serial_{line.pk}_2": "X2"})
    assert set(SoldUnit.objects.values_list("serial_number", flat=True)) == {"X1", "X2"}


def test_oscars_order_page_records_the_serials_too(client, two_units, staff_user):
    line = two_units.lines.get()
    client.force_login(staff_user)
    client.post(
        f"/dashboard/orders/{two_units.number}/",
        {
            "order_action": "change_order_status",
            "new_status": "in-shipment",
            "courier": "JNE",
            "tracking_number": "JN9",
            f"serial_{line.pk}_1": "OS-1",
        },
    )
    two_units.refresh_from_db()
    assert two_units.status == "in-shipment"
    assert find_sold_unit("OS-1").order_line == line


def test_a_serial_recorded_meanwhile_by_another_shipment_is_refused_not_a_server_error(
    two_units, product, staff_user
):
    """The check ran before the other order's row was written (two shipments at once):
    the unique index decides and the move is refused as a whole."""
    from contex_oscar.order import serials

    other = to_processing(factories.place_order(product), staff_user)
    line = two_units.lines.get()
    checked = serials.serials_refusal(two_units, "in-shipment", {line.pk: ["RACE-1"]})
    assert checked is None
    ship(other, {other.lines.get().pk: ["RACE-1"]})
    with pytest.raises(SerialNumbersInvalid) as refused:
        serials.record_serials(two_units, {line.pk: ["RACE-1", "RACE-2"]}, new_status="in-shipment")
    assert (refused.value.reason, refused.value.serial) == (SerialNumbersInvalid.TAKEN, "RACE-1")
    assert not SoldUnit.objects.filter(order_line=line).exists()


def test_serials_entered_with_a_move_that_does_not_record_them_are_refused(
    client, two_units, staff_user
):
    line = two_units.lines.get()
    client.force_login(staff_user)
    response = client.post(
        f"/dashboard/store/orders/{two_units.number}/",
        {"new_status": "on-hold", f"serial_{line.pk}_1": "LOST-1"},
    )
    assert response.status_code == 400
    two_units.refresh_from_db()
    assert two_units.status == "processing"
