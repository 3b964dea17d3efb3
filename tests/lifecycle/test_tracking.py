"""POST /api/orders/track/: order number + e-mail, one answer for every failure, throttled."""

import pytest
import time_machine
from django.test import override_settings
from oscar.core.loading import get_model

from contex_oscar.order import services
from contex_oscar.order.access import emails_match
from contex_oscar.order.tracking import mask_text
from tests import factories
from tests.lifecycle.conftest import bank_order, to_processing

OrderNote = get_model("order", "OrderNote")

URL = "/api/orders/track/"


def track(client, number, email, **extra):
    return client.post(URL, {"number": str(number), "email": email}, format="json", **extra)


def test_right_pair_shows_status_timeline_payment_lines_and_masked_address(
    api_client, product, bank_account
):
    order = bank_order(product, email="Budi.Santoso@Example.com")
    response = track(api_client, order.number, "  budi.santoso@example.COM ")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["number"] == str(order.number)
    assert data["status"] == {"code": "awaiting-payment", "label": "Menunggu Pembayaran"}
    assert [e["status"]["code"] for e in data["timeline"]] == ["awaiting-payment"]
    payment = data["payment"]
    assert payment["method"] == "bank-transfer"
    assert payment["deadline"] is not None
    assert float(payment["amount_due"]) == float(order.total_incl_tax) + payment["unique_code"]
    assert [a["account_number"] for a in payment["bank_accounts"]] == ["123"]
    assert data["shipment"] is None
    assert [(line["title"], line["quantity"]) for line in data["lines"]] == [
        (order.lines.get().title, 1)
    ]
    address = data["shipping_address"]
    assert address["name"] == "B*** S******"
    assert address["line1"].startswith("Jl.") and "Gajah" not in address["line1"]
    assert address["postcode"] == "10***"
    assert address["phone_number"].endswith("101") and "555" not in address["phone_number"]
    assert address["city"] == "Jakarta Pusat"


def test_timeline_has_every_change_with_the_shopper_note(api_client, order, staff_user):
    to_processing(order, staff_user)
    services.change_order_status(
        order, "on-hold", user=staff_user, note="internal", shopper_note="Alamat dicek"
    )
    services.release_hold(order, user=staff_user)
    services.ship_order(order, "SiCepat", "SCP777", user=staff_user, shopper_note="Dikirim")
    data = track(api_client, order.number, "tamu@example.com").json()
    assert [(e["status"]["code"], e["note"]) for e in data["timeline"]] == [
        ("awaiting-payment", ""),
        ("payment-received", ""),
        ("processing", ""),
        ("on-hold", "Alamat dicek"),
        ("processing", ""),
        ("in-shipment", "Dikirim"),
    ]
    assert "internal" not in str(data)  # staff notes stay internal
    assert data["shipment"]["courier"] == "SiCepat"
    assert data["shipment"]["tracking_number"] == "SCP777"
    assert data["payment"] is None


def test_delivered_order_shows_the_delivery_date(api_client, order, staff_user, time_machine):
    time_machine.move_to("2026-03-02 03:00:00+00:00")
    to_processing(order, staff_user)
    services.ship_order(order, "JNE", "J1", user=staff_user)
    services.mark_delivered(order, user=staff_user)
    data = track(api_client, order.number, "tamu@example.com").json()
    assert (data["status"]["code"], data["delivered_on"]) == ("delivered", "2026-03-02")


def test_every_wrong_pair_gets_the_same_404(api_client, catalogue, shopper):
    guest = factories.place_order(catalogue[0], email="tamu@example.com")
    owned = factories.place_order(catalogue[1], owner=shopper)
    attempts = [
        (guest.number, "lain@example.com"),  # wrong e-mail
        ("999999", "tamu@example.com"),  # unknown number
        (owned.number, "tamu@example.com"),  # someone else's order
        (guest.number, "tamu@example"),  # malformed e-mail
        (guest.number, "tamu@example.com.evil"),  # prefix of the right one
        ("", "tamu@example.com"),  # blank number is a 400 (validation), checked below
    ]
    bodies = set()
    for number, email in attempts[:-1]:
        response = track(api_client, number, email)
        assert response.status_code == 404
        bodies.add(response.content)
    assert len(bodies) == 1
    assert response.json()["code"] == "order_not_found"
    assert track(api_client, *attempts[-1]).status_code == 400
    # the right owners see their orders
    assert track(api_client, guest.number, "tamu@example.com").status_code == 200
    assert track(api_client, owned.number, shopper.email).status_code == 200


def test_guest_order_without_email_is_never_found(api_client, catalogue):
    order = factories.place_order(catalogue[0], email="")
    assert track(api_client, order.number, "").status_code == 400
    assert track(api_client, order.number, " ").status_code == 400
    assert emails_match("", "") is False


def test_email_comparison_is_case_insensitive():
    assert emails_match("BUDI@Example.com ", "budi@example.com")
    assert not emails_match("budi@example.co", "budi@example.com")
    assert mask_text("Budi Santoso") == "B*** S******"


@time_machine.travel("2026-03-02 03:00:00+00:00", tick=False)
@override_settings(
    CONTEX_TRACKING_RATE_PER_CLIENT="3/minute", CONTEX_TRACKING_RATE_PER_ORDER="100/minute"
)
def test_throttled_per_client_whatever_the_forwarded_for(api_client, order):
    for attempt in range(3):
        response = track(
            api_client, order.number, "x@example.com", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}"
        )
        assert response.status_code == 404
    blocked = track(api_client, order.number, "tamu@example.com", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "throttled"
    # another client is not affected
    other = track(api_client, order.number, "tamu@example.com", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


@time_machine.travel("2026-03-02 03:00:00+00:00", tick=False)
@override_settings(
    CONTEX_TRACKING_RATE_PER_CLIENT="100/minute", CONTEX_TRACKING_RATE_PER_ORDER="4/minute"
)
def test_throttled_per_order_number_across_clients(api_client, catalogue):
    order = factories.place_order(catalogue[0])
    other = factories.place_order(catalogue[1])
    for attempt in range(4):
        response = track(
            api_client,
            order.number,
            f"guess{attempt}@example.com",
            REMOTE_ADDR=f"192.0.2.{attempt}",
        )
        assert response.status_code == 404
    # guessing e-mails for this number from yet another client: refused, even the right one
    assert (
        track(api_client, order.number, "tamu@example.com", REMOTE_ADDR="198.51.100.1").status_code
        == 429
    )
    # other orders can still be tracked
    assert (
        track(api_client, other.number, "tamu@example.com", REMOTE_ADDR="198.51.100.1").status_code
        == 200
    )


def _history(order, staff, changes):
    to_processing(order, staff)
    for _ in range(changes):
        services.change_order_status(order, "on-hold", user=staff, shopper_note="ditahan")
        services.change_order_status(order, "processing", user=staff, shopper_note="lanjut")


@pytest.mark.parametrize("changes", [0, 15])
def test_tracking_runs_a_fixed_number_of_queries(
    api_client, product, staff_user, bank_account, changes, django_assert_max_num_queries
):
    awaiting = bank_order(product)
    for _ in range(changes):
        services.change_order_status(awaiting, "on-hold", user=staff_user)
        services.change_order_status(awaiting, "awaiting-payment", user=staff_user)
    shipped = bank_order(product)
    _history(shipped, staff_user, changes)
    services.ship_order(shipped, "JNE", "J2", user=staff_user)
    for order, status in ((awaiting, "awaiting-payment"), (shipped, "in-shipment")):
        with django_assert_max_num_queries(6):
            response = track(api_client, order.number, "tamu@example.com")
        assert response.status_code == 200
        data = response.json()
        assert data["status"]["code"] == status
        assert len(data["timeline"]) >= 1 + 2 * changes


# --- wait or cancel when out of stock ------------------------------------------------------


def choose(client, order, choice, email="tamu@example.com"):
    return client.post(
        "/api/orders/out-of-stock-choice/",
        {"number": str(order.number), "email": email, "choice": choice},
        format="json",
    )


def test_shopper_waits_for_stock(api_client, order, staff_user):
    to_processing(order, staff_user)
    services.change_order_status(order, "out-of-stock", user=staff_user)
    response = choose(api_client, order, "wait")
    assert response.status_code == 200
    assert response.json()["code"] == "waiting_for_stock"
    order.refresh_from_db()
    assert order.status == "out-of-stock"
    assert OrderNote.objects.filter(order=order, note_type="Shopper").exists()


def test_shopper_cancels_when_out_of_stock(api_client, order, staff_user):
    to_processing(order, staff_user)
    services.change_order_status(order, "out-of-stock", user=staff_user)
    assert choose(api_client, order, "cancel", email="lain@example.com").status_code == 404
    response = choose(api_client, order, "cancel")
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "cancelled"


def test_choice_only_for_out_of_stock_orders(api_client, order):
    response = choose(api_client, order, "cancel")
    assert response.status_code == 409
    assert response.json()["code"] == "order_not_out_of_stock"
    order.refresh_from_db()
    assert order.status == "awaiting-payment"
