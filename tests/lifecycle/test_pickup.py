"""Showroom pickup (O2O, "ambil di showroom"; issue 16, item 3): within the nine statuses,
``in-shipment`` is "ready for pickup" (no courier) and ``delivered`` "picked up" (paid at the
showroom first, with the amount check); a pickup deadline in working days after which the
expiry job releases the reservation; a return at the showroom takes the return path."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from oscar.core.loading import get_class, get_model
from wagtail.models import Site

from contex_oscar import workdays
from contex_oscar.cms.store_settings import StoreSettings
from contex_oscar.order import services
from contex_oscar.order.exceptions import PaymentNotRecorded, ShipmentDetailsRequired
from contex_oscar.order.models import OrderShipment
from contex_oscar.order.pickup import pickup_deadline
from contex_oscar.payment import expiry, review
from contex_oscar.payment import services as payments
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import OrderPayment
from contex_oscar.store_values import forget_store_settings
from tests import factories

StockRecord = get_model("partner", "StockRecord")
EventHandler = get_class("order.processing", "EventHandler")

ADDRESS = "Jl. Pangeran Jayakarta No. 88, Jakarta Pusat 10730"
HOURS = "Senin-Jumat 08.30-17.00 WIB"
# Friday 6 November 2026, 10:00 in Jakarta: the 7 working days skip two weekends
READY_AT = dt.datetime(2026, 11, 6, 3, 0, tzinfo=dt.UTC)
JAKARTA = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def showroom(catalogue):
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    values = StoreSettings.for_site(site)
    values.showroom_address, values.office_hours = ADDRESS, HOURS
    values.save()
    forget_store_settings()
    return values


@pytest.fixture
def clock():
    with time_machine.travel(READY_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def pickup_order(product, showroom):
    """An order to collect and pay at the showroom (O2O), being prepared."""
    order = factories.place_order(product, status=None, payment_method="o2o")
    order.refresh_from_db()
    assert (order.status, order.shipping_code) == ("processing", "showroom-pickup")
    return order


@pytest.fixture
def ready_order(pickup_order, clock):
    services.ready_for_pickup(pickup_order)
    pickup_order.refresh_from_db()
    return pickup_order


def _stock(order):
    record = StockRecord.objects.get(pk=order.lines.get().stockrecord_id)
    return record.num_in_stock, record.num_allocated


def _deadline_end(order):
    """The last moment of the pickup deadline, store time."""
    last = pickup_deadline(order)
    return dt.datetime.combine(last, dt.time(23, 59, 59), tzinfo=JAKARTA)


# --- ready for pickup -------------------------------------------------------------------


def test_a_pickup_order_is_ready_without_a_courier(pickup_order):
    services.ready_for_pickup(pickup_order)
    pickup_order.refresh_from_db()
    assert pickup_order.status == "in-shipment"
    assert not OrderShipment.objects.filter(order=pickup_order).exists()


def test_a_delivery_still_needs_courier_and_tracking(product):
    order = factories.place_order(product, status=None, payment_method="cod")
    with pytest.raises(ShipmentDetailsRequired):
        services.change_order_status(order, "in-shipment")


def test_the_ready_email_gives_the_showroom_hours_and_deadline(pickup_order, clock, commit):
    with commit():
        services.ready_for_pickup(pickup_order)
    message = mail.outbox[-1]
    assert "siap diambil di showroom" in message.subject
    assert "ready for pickup" in message.subject
    assert ADDRESS in message.body and HOURS in message.body
    assert "Ambil paling lambat: 17 November 2026" in message.body
    assert "Pick up by: 17 November 2026" in message.body
    assert "resi" not in message.body.lower()


def test_the_deadline_counts_working_days(ready_order):
    # Friday 6 Nov + 7 working days (weekends skipped)
    assert pickup_deadline(ready_order) == workdays.add_working_days(dt.date(2026, 11, 6), 7)
    assert pickup_deadline(ready_order) == dt.date(2026, 11, 17)


def test_the_deadline_follows_the_setting(ready_order, settings):
    settings.CONTEX_PICKUP_DAYS = 2
    assert pickup_deadline(ready_order) == dt.date(2026, 11, 10)


def test_the_tracking_answer_has_the_pickup_block(api_client, ready_order):
    response = api_client.post(
        "/api/orders/track/",
        {"number": ready_order.number, "email": ready_order.email},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["pickup"] == {
        "address": ADDRESS,
        "hours": HOURS,
        "deadline": "2026-11-17",
        "status_label": "Siap diambil",
    }


def test_the_order_answer_has_the_pickup_block(client, product, showroom, shopper):
    order = factories.place_order(product, status=None, payment_method="o2o", owner=shopper)
    client.force_login(shopper)
    answer = client.get(f"/api/orders/{order.pk}/").json()
    assert answer["pickup"] == {
        "address": ADDRESS,
        "hours": HOURS,
        "deadline": None,  # not ready yet
        "status_label": "Pesanan Sedang Diproses",
    }


def test_a_delivery_has_no_pickup_block(client, product, shopper):
    order = factories.place_order(product, owner=shopper)
    client.force_login(shopper)
    assert client.get(f"/api/orders/{order.pk}/").json()["pickup"] is None


# --- picked up ----------------------------------------------------------------------------


def test_an_unpaid_pickup_cannot_be_picked_up(ready_order):
    with pytest.raises(PaymentNotRecorded):
        services.mark_delivered(ready_order)
    ready_order.refresh_from_db()
    assert ready_order.status == "in-shipment"


def test_paying_at_the_showroom_picks_it_up(ready_order, staff_user):
    review.hand_over_at_showroom(ready_order, payments.amount_due(ready_order), user=staff_user)
    ready_order.refresh_from_db()
    assert ready_order.status == "delivered"
    assert payments.is_paid(ready_order)


def test_a_wrong_amount_at_the_showroom_changes_nothing(ready_order, staff_user):
    with pytest.raises(PaymentError) as refused:
        review.hand_over_at_showroom(ready_order, payments.amount_due(ready_order) - 1)
    assert refused.value.code == "amount_mismatch"
    ready_order.refresh_from_db()
    assert ready_order.status == "in-shipment"
    assert OrderPayment.objects.get(order=ready_order).state == "awaiting"


def test_the_picked_up_email_says_picked_up(ready_order, commit):
    with commit():
        review.hand_over_at_showroom(ready_order, payments.amount_due(ready_order))
    message = [m for m in mail.outbox if "diambil" in m.subject][-1]
    assert "has been picked up" in message.subject
    assert "diambil di showroom" in message.body and "picked up at the showroom" in message.body


def test_the_store_dashboard_readies_and_hands_over(client, staff_user, pickup_order):
    client.force_login(staff_user)
    url = f"/dashboard/store/orders/{pickup_order.number}/"
    form = client.get(url).context["form"]
    assert dict(form.fields["new_status"].choices)["in-shipment"] == "Siap diambil"
    assert client.post(url, {"new_status": "in-shipment"}).status_code == 302
    amount = payments.amount_due(pickup_order)
    response = client.post(url, {"new_status": "delivered", "amount_received": f"{amount:.0f}"})
    assert response.status_code == 302
    pickup_order.refresh_from_db()
    assert pickup_order.status == "delivered" and payments.is_paid(pickup_order)


def test_the_store_dashboard_asks_for_the_showroom_payment(client, staff_user, ready_order):
    client.force_login(staff_user)
    url = f"/dashboard/store/orders/{ready_order.number}/"
    response = client.post(url, {"new_status": "delivered"})
    assert response.status_code == 400
    assert "amount_received" in response.context["form"].errors


def test_oscars_dashboard_hands_over_through_the_event_handler(client, staff_user, ready_order):
    client.force_login(staff_user)
    amount = payments.amount_due(ready_order)
    response = client.post(
        f"/dashboard/orders/{ready_order.number}/",
        {
            "order_action": "change_order_status",
            "new_status": "delivered",
            "amount_received": f"{amount:.0f}",
        },
    )
    assert response.status_code == 302
    ready_order.refresh_from_db()
    assert ready_order.status == "delivered" and payments.is_paid(ready_order)


def test_the_event_handler_checks_the_showroom_amount(staff_user, ready_order):
    with pytest.raises(PaymentError):
        EventHandler(staff_user).handle_order_status_change(
            ready_order, "delivered", amount_received=1
        )
    ready_order.refresh_from_db()
    assert ready_order.status == "in-shipment"


# --- the pickup deadline ------------------------------------------------------------------


def test_nothing_is_released_on_the_last_day(ready_order, clock):
    clock.move_to(_deadline_end(ready_order))
    assert expiry.release_uncollected_pickups() == []
    ready_order.refresh_from_db()
    assert ready_order.status == "in-shipment"


def test_the_reservation_is_released_the_day_after(product, showroom, clock):
    order = factories.place_order(product, status=None, payment_method="o2o")
    in_stock, _allocated = _stock(order)
    services.ready_for_pickup(order)
    clock.move_to(_deadline_end(order) + dt.timedelta(seconds=1))
    assert expiry.release_uncollected_pickups() == [str(order.number)]
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert _stock(order) == (in_stock, 0)
    assert OrderPayment.objects.get(order=order).state == "cancelled"


def test_the_shopper_is_told_the_pickup_lapsed(ready_order, clock, commit):
    clock.move_to(_deadline_end(ready_order) + dt.timedelta(seconds=1))
    with commit():
        expiry.release_uncollected_pickups()
    body = mail.outbox[-1].body
    assert "tidak diambil di showroom sampai batas waktunya (17 November 2026)" in body
    assert "not collected at the showroom by its deadline" in body
    assert "refund" not in body.lower() and "dikembalikan" not in body


def test_a_paid_pickup_released_owes_the_refund(ready_order, clock):
    paid = payments.amount_due(ready_order)
    review.record_payment(ready_order, paid)
    clock.move_to(_deadline_end(ready_order) + dt.timedelta(seconds=1))
    expiry.release_uncollected_pickups()
    payment = OrderPayment.objects.get(order=ready_order)
    assert (payment.state, payment.refund_owed) == ("refund-owed", paid)


def test_a_collected_order_is_not_released(ready_order, clock):
    review.hand_over_at_showroom(ready_order, payments.amount_due(ready_order))
    clock.move_to(_deadline_end(ready_order) + dt.timedelta(days=3))
    assert expiry.release_uncollected_pickups() == []


def test_the_expiry_command_releases_uncollected_pickups(ready_order, clock):
    clock.move_to(_deadline_end(ready_order) + dt.timedelta(seconds=1))
    out = io.StringIO()
    call_command("expire_unpaid_orders", stdout=out, verbosity=2)
    assert "Released 1 uncollected pickup order(s)." in out.getvalue()
    assert f"released {ready_order.number}" in out.getvalue()


# --- return at the showroom (the return path) -----------------------------------------------


def test_a_return_at_the_showroom_cancels_and_restocks(product, showroom, commit):
    order = factories.place_order(product, status=None, payment_method="o2o")
    in_stock, _allocated = _stock(order)
    services.ready_for_pickup(order)
    with commit():
        services.return_to_store(order, "Pembeli membatalkan di showroom", resend=False)
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert _stock(order) == (in_stock, 0)
    body = mail.outbox[-1].body
    assert "kembali ke stok showroom" in body and "Pembeli membatalkan di showroom" in body
    assert "refund" not in body.lower()


def test_a_pickup_back_to_processing_is_not_told_it_will_be_resent(ready_order, commit):
    with commit():
        services.return_to_store(ready_order, "Unit perlu dicek ulang")
    message = mail.outbox[-1]
    assert "belum dapat diambil" in message.subject
    assert "when it is ready for pickup" in message.body
    assert "send it again" not in message.body


def test_the_tracking_status_and_timeline_name_the_pickup(api_client, ready_order):
    body = api_client.post(
        "/api/orders/track/",
        {"number": ready_order.number, "email": ready_order.email},
        format="json",
    ).json()
    assert body["status"] == {"code": "in-shipment", "label": "Siap diambil"}
    assert body["timeline"][-1]["status"]["label"] == "Siap diambil"


def test_the_order_answers_status_names_the_pickup(client, ready_order, shopper):
    type(ready_order).objects.filter(pk=ready_order.pk).update(user=shopper)
    client.force_login(shopper)
    status = client.get(f"/api/orders/{ready_order.pk}/").json()["status"]
    assert status == {"code": "in-shipment", "label": "Siap diambil"}
