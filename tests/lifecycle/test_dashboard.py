"""Staff change statuses along the pipeline on the store's order page (and in a real browser)."""

import pytest
from django.core import mail
from oscar.core.loading import get_model

from contex_oscar.order.models import OrderShipment, OrderStatusRecord
from tests import factories
from tests.lifecycle.conftest import to_processing

ShippingEvent = get_model("order", "ShippingEvent")


def page_url(order):
    return f"/dashboard/store/orders/{order.number}/"


def test_pages_are_for_staff_only(client, order, shopper):
    for url in ("/dashboard/store/orders/", page_url(order)):
        assert client.get(url).status_code == 302
        client.force_login(shopper)
        assert client.get(url).status_code == 302
        client.logout()


def test_form_offers_only_the_pipeline(client, staff_user, order):
    client.force_login(staff_user)
    form = client.get(page_url(order)).context["form"]
    offered = {value for value, _label in form.fields["new_status"].choices}
    # payment-received follows a recorded payment, never a status change alone
    assert offered == {"payment-declined", "on-hold", "cancelled"}


def test_shipping_needs_courier_and_tracking_then_mails_once(client, staff_user, order, commit):
    to_processing(order, staff_user)
    client.force_login(staff_user)
    refused = client.post(page_url(order), {"new_status": "in-shipment", "courier": "JNE"})
    assert refused.status_code == 400
    assert "tracking_number" in refused.context["form"].errors
    order.refresh_from_db()
    assert order.status == "processing"
    mail.outbox.clear()
    data = {
        "new_status": "in-shipment",
        "courier": "JNE",
        "tracking_number": "JNE-777",
        "note": "dikemas kayu",
        "shopper_note": "Paket dikirim",
    }
    with commit():
        first = client.post(page_url(order), data)
        again = client.post(page_url(order), data)  # double submit / retry
    assert (first.status_code, again.status_code) == (302, 302)
    order.refresh_from_db()
    assert order.status == "in-shipment"
    assert OrderShipment.objects.filter(order=order).count() == 1
    assert ShippingEvent.objects.filter(order=order).count() == 1
    record = OrderStatusRecord.objects.filter(order=order).last()
    assert (record.changed_by, record.note, record.shopper_note) == (
        staff_user,
        "dikemas kayu",
        "Paket dikirim",
    )
    assert len(mail.outbox) == 1 and "JNE-777" in mail.outbox[0].body


def test_delivered_with_the_entered_date(client, staff_user, order, time_machine):
    time_machine.move_to("2026-03-02 03:00:00+00:00")
    to_processing(order, staff_user)
    client.force_login(staff_user)
    client.post(
        page_url(order), {"new_status": "in-shipment", "courier": "JNE", "tracking_number": "J"}
    )
    time_machine.move_to("2026-03-04 03:00:00+00:00")
    future = client.post(page_url(order), {"new_status": "delivered", "delivered_on": "2026-03-05"})
    assert future.status_code == 400
    client.post(page_url(order), {"new_status": "delivered", "delivered_on": "2026-03-03"})
    order.refresh_from_db()
    assert order.status == "delivered"
    assert str(order.contex_delivery.delivered_on) == "2026-03-03"


def test_held_order_offers_only_its_origin_or_cancel(client, staff_user, order):
    to_processing(order, staff_user)
    client.force_login(staff_user)
    client.post(page_url(order), {"new_status": "on-hold", "note": "cek alamat"})
    form = client.get(page_url(order)).context["form"]
    assert {v for v, _l in form.fields["new_status"].choices} == {"processing", "cancelled"}


def test_oscars_own_page_cannot_ship_without_tracking(client, staff_user, order):
    to_processing(order, staff_user)
    client.force_login(staff_user)
    response = client.post(
        f"/dashboard/orders/{order.number}/",
        {"order_action": "change_order_status", "new_status": "in-shipment"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "processing"
    assert not OrderShipment.objects.filter(order=order).exists()


def test_order_list_runs_a_fixed_number_of_queries(
    client, staff_user, catalogue, django_assert_max_num_queries
):
    for index in range(12):
        factories.place_order(catalogue[index % len(catalogue)])
    client.force_login(staff_user)
    with django_assert_max_num_queries(12):
        response = client.get("/dashboard/store/orders/?status=awaiting-payment")
    assert response.status_code == 200
    assert len(response.context["orders"]) == 12


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_staff_ship_an_order_in_the_browser(staff_page, catalogue):
    order = factories.place_order(catalogue[0])
    to_processing(order, None)
    page = staff_page
    page.goto("/dashboard/store/orders/")
    page.click(f"text={order.number}")
    page.select_option("#id_new_status", "in-shipment")
    page.fill("#id_courier", "SiCepat")
    page.fill("#id_tracking_number", "SCP-2026-01")
    page.fill("#id_shopper_note", "Dikirim hari ini")
    page.click("button[name=change_status]")
    page.wait_for_load_state()
    assert page.locator("#order_status").get_attribute("data-status") == "in-shipment"
    assert "SCP-2026-01" in page.locator("#order_shipment").inner_text()
    assert "Dikirim hari ini" in page.locator("#order_timeline").inner_text()
    order.refresh_from_db()
    assert order.status == "in-shipment"
