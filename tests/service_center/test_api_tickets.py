"""Opening tickets of every kind, ship-in answers, attachments, idempotency, authorization."""

import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from contex_oscar.service_center import attachments, statuses, tickets
from contex_oscar.service_center.models import ServiceTicket, TicketAttachment
from tests import factories
from tests.service_center.conftest import (
    ADDRESS,
    guest,
    jakarta,
    open_ticket,
    pdf_upload,
    png_bytes,
    png_upload,
    stored_files,
)

URL = "/api/service-center/requests/"
NUMBER = re.compile(r"^SC-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
UNIT = {"brand": "Contex", "model_name": "IQ Quattro X 24", "fault_description": "Garis"}


def kind_payloads(catalogue):
    return {
        "paid-repair": {**UNIT},
        "on-site-visit": {
            **UNIT,
            "address": "Jl. Kebon Sirih 10",
            "city": "Jakarta Pusat",
            "visit_window": "morning",
        },
        "pickup-delivery": {
            **UNIT,
            "address": "Jl. Margonda 5",
            "city": "Depok",
            "preferred_date": "2026-11-24",
        },
        "consultation": {"fault_description": "Resolusi scan?", "consultation_via": "phone"},
        "maintenance": {"product": catalogue[0].pk, "units": 2},
        "trade-in": {**UNIT, "condition": "Baik", "trade_in_for": catalogue[1].pk},
        "warranty-claim": {
            "purchase": "elsewhere",
            "purchase_date": "2024-01-05",
            "serial_number": "X-1",
            "hardware_defect": True,
            "box_complete": False,
            **UNIT,
        },
    }


@pytest.mark.parametrize(
    "kind",
    [
        "warranty-claim",
        "paid-repair",
        "on-site-visit",
        "pickup-delivery",
        "consultation",
        "maintenance",
        "trade-in",
    ],
)
def test_every_kind_opens_a_ticket_and_mails_the_shopper(
    api_client, catalogue, store, kind, django_capture_on_commit_callbacks
):
    payload = {"kind": kind, **guest(), **kind_payloads(catalogue)[kind]}
    with time_machine.travel(jakarta(2026, 11, 20, 10, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.post(URL, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert NUMBER.match(body["number"])
    assert (body["kind"]["code"], body["status"]["code"]) == (kind, statuses.SUBMITTED)
    assert [entry["status"]["code"] for entry in body["timeline"]] == [statuses.SUBMITTED]
    assert [message.to for message in mail.outbox] == [["tamu@example.com"]]
    assert body["number"] in mail.outbox[0].subject


REQUIRED = {
    "warranty-claim": {"product", "serial_number", "fault_description", "purchase",
                       "hardware_defect", "box_complete"},
    "paid-repair": {"product", "fault_description"},
    "on-site-visit": {"product", "fault_description", "address", "city", "visit_window"},
    "pickup-delivery": {"product", "fault_description", "address", "city", "preferred_date"},
    "consultation": {"fault_description", "consultation_via"},
    "maintenance": {"product", "units"},
    "trade-in": {"product", "condition"},
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_each_kind_names_its_missing_fields(api_client, store, kind):
    response = api_client.post(URL, {"kind": kind, **guest()}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "required_for_kind"
    assert set(body["errors"]) == REQUIRED[kind]
    assert not ServiceTicket.objects.exists()


def test_guest_must_give_name_and_email(api_client, store):
    response = api_client.post(URL, {"kind": "paid-repair", "phone": "0812345678", **UNIT})
    assert {"name", "email"} <= set(response.json()["errors"])


def test_a_kind_refuses_a_channel_it_does_not_use(api_client, store):
    response = api_client.post(
        URL,
        {"kind": "consultation", "channel": "ship-in", "consultation_via": "email",
         "fault_description": "?", **guest()},
        format="json",
    )  # fmt: skip
    assert (response.status_code, response.json()["code"]) == (400, "channel_not_allowed")


def test_signed_in_shopper_uses_the_account_email(api_client, store):
    shopper = factories.user(email="akun@example.com")
    api_client.force_authenticate(shopper)
    payload = {"kind": "paid-repair", **guest(email="other@example.com"), **UNIT}
    body = api_client.post(URL, payload, format="json").json()
    ticket = ServiceTicket.objects.get(number=body["number"])
    assert (ticket.user, ticket.email) == (shopper, "akun@example.com")


# --- ship-in: who pays the way back -------------------------------------------------


def claim(api_client, order, moment):
    payload = {
        "kind": "warranty-claim",
        "channel": "ship-in",
        "purchase": "this-store",
        "order_number": order.number,
        "serial_number": "IQX-1",
        "fault_description": "Tidak menyala",
        "hardware_defect": True,
        "box_complete": True,
        **guest(),
    }
    with time_machine.travel(moment, tick=False):
        return api_client.post(URL, payload, format="json")


@pytest.mark.parametrize(
    ("moment", "payer", "reason"),
    [
        (jakarta(2025, 4, 21, 16, 0), "store", "claimed-in-time"),  # 14th working day
        (jakarta(2025, 4, 22, 9, 0), "shopper", "claimed-late"),  # 15th (Lebaran leave)
    ],
)
def test_ship_in_answer_records_who_pays_return_shipping(
    api_client, delivered_order, moment, payer, reason
):
    response = claim(api_client, delivered_order, moment)
    assert response.status_code == 201, response.json()
    ship_in = response.json()["ship_in"]
    assert ship_in["address"] == ADDRESS
    assert {item["code"] for item in ship_in["include"]} >= {"warranty-card", "invoice"}
    assert ship_in["return_shipping_payer"]["code"] == payer
    assert ship_in["return_shipping_reason"]["code"] == reason
    assert ship_in["free_return_until"] == "2025-04-21"
    ticket = ServiceTicket.objects.get(number=response.json()["number"])
    assert (ticket.return_shipping_payer, ticket.order, ticket.product_id) == (
        payer,
        delivered_order,
        delivered_order.lines.get().product_id,
    )
    assert ticket.purchase_date.isoformat() == "2025-03-20"
    assert ticket.warranty_outcome == "in-warranty"
    assert response.json()["warranty"]["outcome"]["code"] == "in-warranty"


def test_warranty_claim_on_an_undelivered_order_is_refused(api_client, order, store):
    # a guest's number + e-mail learns no more than for a wrong pair (tests/security)
    response = claim(api_client, order, jakarta(2026, 11, 20, 10, 0))
    assert (response.status_code, response.json()["code"]) == (400, "order_not_found")


def test_claim_on_someone_elses_order_is_refused(api_client, delivered_order):
    payload = {"email": "penyusup@example.com"}
    response = claim(api_client, delivered_order, jakarta(2025, 4, 1, 9, 0))
    assert response.status_code == 201
    response = api_client.post(
        URL,
        {
            "kind": "warranty-claim",
            "purchase": "this-store",
            "order_number": delivered_order.number,
            "serial_number": "1",
            "fault_description": "x",
            "hardware_defect": True,
            "box_complete": True,
            **guest(),
            **payload,
        },
        format="json",
    )
    assert response.json()["code"] == "order_not_found"


# --- visits and pickups -----------------------------------------------------------


def visit(api_client, moment, **extra):
    payload = {
        "kind": "on-site-visit",
        **guest(),
        **UNIT,
        "address": "Jl. Kebon Sirih 10",
        "city": "Jakarta Pusat",
        "visit_window": "morning",
        **extra,
    }
    with time_machine.travel(moment, tick=False):
        return api_client.post(URL, payload, format="json")


def test_friday_afternoon_visit_is_due_monday(api_client, store):
    body = visit(api_client, jakarta(2026, 11, 20, 16, 0)).json()
    appointment = body["appointment"]
    assert (appointment["due_on"], appointment["latest_on"]) == ("2026-11-23", "2026-11-24")
    assert appointment["surcharge"] == "0"
    assert appointment["overdue"] is False


def test_friday_afternoon_before_a_monday_holiday_is_due_tuesday(api_client, store):
    body = visit(api_client, jakarta(2026, 8, 14, 16, 0)).json()
    assert body["appointment"]["due_on"] == "2026-08-18"


def test_friday_evening_request_counts_from_monday(api_client, store):
    body = visit(api_client, jakarta(2026, 11, 20, 17, 30)).json()
    assert (body["appointment"]["counts_from"], body["appointment"]["due_on"]) == (
        "2026-11-23",
        "2026-11-24",
    )


def test_after_hours_window_carries_the_surcharge(api_client, store):
    body = visit(api_client, jakarta(2026, 11, 20, 10, 0), visit_window="after-hours").json()
    assert body["appointment"]["after_hours"] is True
    assert body["appointment"]["surcharge"] == "250000"


@pytest.mark.parametrize(
    ("preferred", "status_code", "code"),
    [
        ("2026-11-24", 201, None),  # Tuesday: within two working days
        ("2026-11-25", 400, "visit_date_out_of_range"),
        ("2026-11-20", 400, "visit_date_out_of_range"),
        ("2026-11-21", 400, "date_not_working_day"),
    ],
)
def test_preferred_visit_date_must_be_within_two_working_days(
    api_client, store, preferred, status_code, code
):
    response = visit(api_client, jakarta(2026, 11, 20, 16, 0), preferred_date=preferred)
    assert response.status_code == status_code, response.json()
    if code:
        assert response.json()["code"] == code
        assert not ServiceTicket.objects.exists()
    else:
        assert response.json()["appointment"]["due_on"] == preferred


def test_pickup_uses_the_pickup_fee_and_the_preferred_day(api_client, store):
    payload = {
        "kind": "pickup-delivery",
        **guest(),
        **UNIT,
        "address": "Jl. Margonda 5",
        "city": "Depok",
        "preferred_date": "2026-11-27",
    }
    with time_machine.travel(jakarta(2026, 11, 20, 10, 0), tick=False):
        body = api_client.post(URL, payload, format="json").json()
        too_far = api_client.post(URL, {**payload, "preferred_date": "2027-03-01"}, format="json")
    assert body["pickup_fee"] == "150000"
    assert body["appointment"]["due_on"] == "2026-11-27"
    assert too_far.json()["code"] == "date_out_of_range"


# --- attachments ------------------------------------------------------------------


def test_files_are_stored_privately_and_served_by_signed_link(
    api_client, store, private_storage, settings
):
    payload = {
        "kind": "paid-repair",
        **guest(),
        **UNIT,
        "warranty_card": png_upload("kartu.png"),
        "invoice": pdf_upload(),
        "photos": [png_upload("a.png"), png_upload("b.png")],
    }
    response = api_client.post(URL, payload, format="multipart")
    assert response.status_code == 201, response.json()
    attachments = response.json()["attachments"]
    assert [a["kind"]["code"] for a in attachments] == [
        "warranty-card",
        "invoice",
        "photo",
        "photo",
    ]
    files = stored_files(private_storage)
    assert len(files) == 4
    assert all("kartu" not in path.name for path in files)  # the shopper's name is not used
    link = attachments[0]["url"]
    download = api_client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == png_bytes()
    tampered = api_client.get(link[:-3] + "abc/")
    assert (tampered.status_code, tampered.json()["code"]) == (404, "attachment_not_found")


def test_attachment_links_expire(api_client, store, settings):
    ticket = open_ticket()
    attachment = attachments.add_attachment(ticket, "photo", png_upload(), "image/png")
    token = attachments.attachment_token(attachment)
    url = f"/api/service-center/attachments/{token}/"
    assert api_client.get(url).status_code == 200
    with time_machine.travel(jakarta(2030, 1, 1, 0, 0)):
        assert api_client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<?php system($_GET['c']); ?>", "file_content_not_allowed"),
        (png_bytes()[:30], "file_type_not_allowed"),
        (b"", "file_empty"),
    ],
)
def test_a_bad_file_refuses_the_whole_request_and_stores_nothing(
    api_client, store, private_storage, content, code
):
    payload = {
        "kind": "paid-repair",
        **guest(),
        **UNIT,
        "warranty_card": png_upload(),
        "photos": [png_upload(), SimpleUploadedFile("foto.png", content)],
    }
    response = api_client.post(URL, payload, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not ServiceTicket.objects.exists()
    assert not TicketAttachment.objects.exists()
    assert stored_files(private_storage) == []


def test_too_large_file_is_refused(api_client, store, settings, private_storage):
    settings.CONTEX_MAX_UPLOAD_BYTES = 50
    payload = {"kind": "paid-repair", **guest(), **UNIT, "invoice": png_upload()}
    response = api_client.post(URL, payload, format="multipart")
    assert response.json()["code"] == "file_too_large"
    assert stored_files(private_storage) == []


def test_guest_adds_a_file_with_the_email_and_strangers_get_404(api_client, store, private_storage):
    ticket = open_ticket()
    url = f"{URL}{ticket.number}/attachments/"
    ok = api_client.post(url, {"email": "tamu@example.com", "kind": "invoice",
                               "file": pdf_upload()}, format="multipart")  # fmt: skip
    assert ok.status_code == 201, ok.json()
    assert [a["kind"]["code"] for a in ok.json()["attachments"]] == ["invoice"]
    stranger = api_client.post(url, {"email": "x@example.com", "kind": "invoice",
                                     "file": pdf_upload()}, format="multipart")  # fmt: skip
    assert (stranger.status_code, stranger.json()["code"]) == (404, "ticket_not_found")
    bad = api_client.post(
        url,
        {"email": "tamu@example.com", "kind": "photo",
         "file": SimpleUploadedFile("x.jpg", b"GIF89a not really")},
        format="multipart",
    )  # fmt: skip
    assert bad.json()["code"] == "file_type_not_allowed"
    assert len(stored_files(private_storage)) == 1
    tickets.change_ticket_status(ticket, statuses.CANCELLED)
    closed = api_client.post(url, {"email": "tamu@example.com", "kind": "invoice",
                                   "file": pdf_upload()}, format="multipart")  # fmt: skip
    assert (closed.status_code, closed.json()["code"]) == (409, "ticket_closed")


# --- idempotency ------------------------------------------------------------------


def test_same_idempotency_key_returns_the_first_ticket(api_client, store):
    payload = {"kind": "paid-repair", **guest(), **UNIT}
    headers = {"HTTP_IDEMPOTENCY_KEY": "retry-1234-abcd"}
    first = api_client.post(URL, payload, format="json", **headers)
    again = api_client.post(URL, payload, format="json", **headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["number"] == again.json()["number"]
    assert ServiceTicket.objects.count() == 1
    other = api_client.post(URL, {**payload, "fault_description": "lain"}, format="json", **headers)
    assert (other.status_code, other.json()["code"]) == (409, "idempotency_key_reused")
    # another shopper's key never reaches this ticket
    stranger = api_client.post(
        URL, {**payload, "email": "lain@example.com"}, format="json", **headers
    )
    assert stranger.status_code == 201
    assert stranger.json()["number"] != first.json()["number"]


@pytest.mark.parametrize("key", ["short", "x" * 101, "spasi di dalam kunci", "kunci/miring"])
def test_malformed_idempotency_key_is_refused(api_client, store, key):
    response = api_client.post(
        URL, {"kind": "paid-repair", **guest(), **UNIT}, format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_idempotency_key")


@pytest.mark.parametrize(
    "payload",
    [
        {},
        [1, 2],
        {"kind": "repair"},
        {"kind": "paid-repair", "phone": "not a phone", **UNIT},
        {"kind": "paid-repair", "units": 0, **UNIT},
        {"kind": "maintenance", "units": 10**9, "product": 1},
        {"kind": "maintenance", "units": 1, "product": 10**25},
        {"kind": "paid-repair", "postcode": "1234", **UNIT},
        {"kind": "paid-repair", "fault_description": "x" * 5000, "brand": "a", "model_name": "b"},
        {"kind": "paid-repair", "fault_description": "nul\x00", "brand": "a", "model_name": "b"},
        {"kind": "on-site-visit", "visit_window": "midnight", **UNIT},
        {"kind": "pickup-delivery", "preferred_date": "tomorrow", **UNIT},
        {"kind": "paid-repair", "photos": "not files", **UNIT},
        {"kind": "trade-in", "trade_in_for": -1, "condition": "ok", **UNIT},
    ],
)
def test_bad_ticket_input_is_a_400_with_a_code(api_client, store, payload):
    if isinstance(payload, dict) and "kind" in payload:
        payload = {**guest(), **payload}
    response = api_client.post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"]


def test_opening_tickets_is_throttled_per_client(api_client, store, settings):
    settings.CONTEX_SERVICE_CREATE_RATE = "2/hour"
    payload = {"kind": "paid-repair", **guest(), **UNIT}
    codes = [api_client.post(URL, payload, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]


# --- reading tickets: who may see what ----------------------------------------------


def test_ticket_detail_only_for_owner_and_staff(api_client, store):
    owner = factories.user()
    ticket = open_ticket(user=owner, email=owner.email)
    url = f"{URL}{ticket.number}/"
    anonymous = api_client.get(url)
    api_client.force_authenticate(factories.user())
    other = api_client.get(url)
    api_client.force_authenticate(owner)
    mine = api_client.get(url)
    api_client.force_authenticate(factories.staff_user())
    staff = api_client.get(url)
    assert (anonymous.status_code, other.status_code) == (404, 404)
    assert anonymous.json() == other.json()
    assert anonymous.json()["code"] == "ticket_not_found"
    assert (mine.status_code, staff.status_code) == (200, 200)
    assert mine.json()["number"] == ticket.number


def test_shopper_lists_only_their_tickets_in_fixed_queries(
    api_client, store, django_assert_max_num_queries
):
    owner = factories.user()
    open_ticket(user=owner, email=owner.email)
    open_ticket()  # a guest's ticket
    api_client.force_authenticate(owner)
    with django_assert_max_num_queries(6) as few:
        body = api_client.get(URL).json()
    assert body["count"] == 1
    for _ in range(15):
        open_ticket(user=owner, email=owner.email)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = api_client.get(URL).json()
    assert (body["count"], len(body["results"])) == (16, 16)


def test_anonymous_list_is_refused(api_client, db):
    response = api_client.get(URL)
    assert (response.status_code, response.json()["code"]) == (403, "not_authenticated")


def test_ticket_detail_runs_fixed_queries(api_client, store, django_assert_max_num_queries):
    owner = factories.user()
    ticket = open_ticket(user=owner, email=owner.email)
    api_client.force_authenticate(owner)
    with django_assert_max_num_queries(12) as few:
        api_client.get(f"{URL}{ticket.number}/")
    for index in range(6):
        attachments.add_attachment(ticket, "photo", png_upload(), "image/png")
        tickets.add_note(ticket, f"note {index}")
    tickets.change_ticket_status(ticket, statuses.RECEIVED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = api_client.get(f"{URL}{ticket.number}/").json()
    assert len(body["attachments"]) == 6
    # staff notes never reach the shopper
    assert all("note" not in entry["note"] for entry in body["timeline"])


# --- one open claim per unit (issue 17, defect 4) -------------------------------------


def test_a_second_open_claim_for_the_same_unit_points_to_the_open_ticket(
    api_client, delivered_order
):
    first = claim(api_client, delivered_order, jakarta(2025, 4, 1, 9, 0))
    assert first.status_code == 201
    second = claim(api_client, delivered_order, jakarta(2025, 4, 2, 9, 0))
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "warranty_claim_open"
    assert body["errors"] == {"open_ticket": [first.json()["number"]]}
    assert first.json()["number"] in body["message"]
    assert ServiceTicket.objects.count() == 1


def test_the_refusal_reads_in_english_too(api_client, delivered_order):
    claim(api_client, delivered_order, jakarta(2025, 4, 1, 9, 0))
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    body = claim(api_client, delivered_order, jakarta(2025, 4, 2, 9, 0)).json()
    assert body["message"].startswith("This unit already has an open warranty claim")


def test_a_new_claim_opens_once_the_first_is_closed(api_client, delivered_order):
    first = claim(api_client, delivered_order, jakarta(2025, 4, 1, 9, 0))
    ServiceTicket.objects.filter(number=first.json()["number"]).update(
        status=statuses.FINAL_STATUSES[0]
    )
    assert claim(api_client, delivered_order, jakarta(2025, 4, 2, 9, 0)).status_code == 201


def test_a_paid_repair_of_the_unit_is_not_a_second_claim(api_client, delivered_order, catalogue):
    claim(api_client, delivered_order, jakarta(2025, 4, 1, 9, 0))
    payload = {"kind": "paid-repair", **guest(), **UNIT}
    with time_machine.travel(jakarta(2025, 4, 2, 9, 0), tick=False):
        assert api_client.post(URL, payload, format="json").status_code == 201
