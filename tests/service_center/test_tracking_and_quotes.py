"""POST /api/service-center/track/ and the quote decision: one answer for strangers, throttled."""

import pytest
from django.core import mail

from contex_oscar.service_center import quotes, statuses, tickets
from contex_oscar.service_center.models import Quote
from tests import factories
from tests.service_center.conftest import open_ticket

TRACK = "/api/service-center/track/"


def decision_url(ticket):
    return f"/api/service-center/requests/{ticket.number}/quote-decision/"


def quoted(kind="paid-repair", channel="walk-in", **extra):
    """A workshop ticket with a quote waiting for the shopper."""
    ticket = open_ticket(kind=kind, channel=channel, **extra)
    if channel == "on-site":
        tickets.change_ticket_status(ticket, statuses.SCHEDULED)
    else:
        tickets.change_ticket_status(ticket, statuses.RECEIVED)
    tickets.change_ticket_status(ticket, statuses.DIAGNOSING)
    quotes.add_quote_line(ticket, "part", "Modul CIS", 1, 4500000)
    quotes.add_quote_line(ticket, "labour", "Kalibrasi", 2, 250000)
    quotes.send_quote(ticket)
    return ticket


def test_track_shows_status_timeline_quote_and_couriers(api_client, store):
    ticket = quoted(channel="ship-in")
    tickets.update_logistics(ticket, inbound_courier="JNE", inbound_tracking="JNE123")
    number = ticket.number.lower().replace("-", " ")  # as a shopper might type it
    response = api_client.post(TRACK, {"number": number, "email": "Tamu@Example.com"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"]["code"] == statuses.AWAITING_APPROVAL
    assert [entry["status"]["code"] for entry in body["timeline"]][:3] == [
        statuses.SUBMITTED,
        statuses.RECEIVED,
        statuses.DIAGNOSING,
    ]
    assert body["quote"]["total"] == "5000000"
    assert [line["amount"] for line in body["quote"]["lines"]] == ["4500000", "500000"]
    assert body["ship_in"]["inbound"] == {"courier": "JNE", "tracking_number": "JNE123"}
    assert body["next_step"]


def test_wrong_number_and_wrong_email_look_the_same(api_client, store):
    ticket = open_ticket()
    wrong_email = api_client.post(TRACK, {"number": ticket.number, "email": "x@example.com"})
    wrong_number = api_client.post(TRACK, {"number": "SC-2222-2222", "email": "tamu@example.com"})
    nonsense = api_client.post(TRACK, {"number": "12345", "email": "tamu@example.com"})
    assert wrong_email.status_code == wrong_number.status_code == nonsense.status_code == 404
    assert wrong_email.json() == wrong_number.json() == nonsense.json()
    assert wrong_email.json()["code"] == "ticket_not_found"


@pytest.mark.parametrize(
    "payload",
    [{}, {"number": "SC-2222-2222"}, {"email": "a@example.com"},
     {"number": ["x"], "email": "a@example.com"}, {"number": "x" * 100, "email": "bad"}],
)  # fmt: skip
def test_track_bad_input_is_400(api_client, db, payload):
    response = api_client.post(TRACK, payload, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "validation_error")


def test_track_is_throttled_per_ticket_number_across_clients(api_client, store, settings):
    settings.CONTEX_SERVICE_TRACK_RATE_PER_TICKET = "3/hour"
    ticket = open_ticket()
    codes = [
        api_client.post(
            TRACK, {"number": ticket.number, "email": f"tebak{i}@example.com"},
            REMOTE_ADDR=f"10.0.0.{i}",
        ).status_code
        for i in range(4)
    ]  # fmt: skip
    assert codes == [404, 404, 404, 429]
    # even the right e-mail waits now: the number is being guessed
    right = api_client.post(TRACK, {"number": ticket.number, "email": "tamu@example.com"})
    assert right.status_code == 429
    other = open_ticket()
    response = api_client.post(TRACK, {"number": other.number, "email": "tamu@example.com"})
    assert response.status_code == 200


def test_track_is_throttled_per_client(api_client, store, settings):
    settings.CONTEX_SERVICE_TRACK_RATE_PER_CLIENT = "2/hour"
    codes = [
        api_client.post(TRACK, {"number": f"SC-2222-222{i}", "email": "a@example.com"}).status_code
        for i in range(2, 5)
    ]
    assert codes == [404, 404, 429]


def test_track_checks_email_in_constant_time(api_client, store, monkeypatch):
    import hmac

    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    ticket = open_ticket()
    api_client.post(TRACK, {"number": ticket.number, "email": "x@example.com"})
    api_client.post(TRACK, {"number": "SC-2222-2222", "email": "x@example.com"})
    assert len(calls) == 2  # a missing ticket is compared too


# --- quote decision -------------------------------------------------------------------


def test_approving_starts_the_repair(api_client, store, django_capture_on_commit_callbacks):
    ticket = quoted()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            decision_url(ticket), {"email": "tamu@example.com", "decision": "approve"}
        )
    assert response.status_code == 200, response.json()
    assert response.json()["status"]["code"] == statuses.IN_REPAIR
    assert response.json()["quote"]["status"]["code"] == Quote.APPROVED
    assert response.json()["timeline"][-1]["event"]["code"] == "quote-approved"
    assert str(statuses.label_for(statuses.IN_REPAIR)) in mail.outbox[-1].subject
    again = api_client.post(decision_url(ticket), {"email": "tamu@example.com",
                                                   "decision": "decline"})  # fmt: skip
    assert (again.status_code, again.json()["code"]) == (409, "no_quote_pending")


def test_declining_returns_the_unit_unrepaired(api_client, store):
    ticket = quoted()
    body = api_client.post(
        decision_url(ticket), {"email": "tamu@example.com", "decision": "decline", "note": "Mahal"}
    ).json()
    assert body["status"]["code"] == statuses.READY
    assert Quote.objects.get(ticket=ticket).decision_note == "Mahal"


def test_declining_an_on_site_quote_closes_the_ticket(api_client, store):
    ticket = quoted(
        kind="on-site-visit", channel="on-site", address="Jl. A 1", city="Jakarta",
        visit_window="morning",
    )  # fmt: skip
    body = api_client.post(
        decision_url(ticket), {"email": "tamu@example.com", "decision": "decline"}
    ).json()
    assert body["status"]["code"] == statuses.CLOSED


def test_quote_decision_refuses_other_peoples_tickets(api_client, store):
    owner = factories.user()
    ticket = quoted(user=owner, email=owner.email)
    anonymous = api_client.post(decision_url(ticket), {"decision": "approve"})
    wrong = api_client.post(decision_url(ticket), {"email": "x@example.com",
                                                   "decision": "approve"})  # fmt: skip
    api_client.force_authenticate(factories.user())
    other = api_client.post(decision_url(ticket), {"decision": "approve"})
    api_client.force_authenticate(factories.staff_user())
    staff = api_client.post(decision_url(ticket), {"decision": "approve"})
    assert {r.status_code for r in (anonymous, wrong, other, staff)} == {404}
    assert anonymous.json() == wrong.json() == other.json()
    api_client.force_authenticate(owner)
    assert api_client.post(decision_url(ticket), {"decision": "approve"}).status_code == 200


@pytest.mark.parametrize(
    "payload",
    [{}, {"decision": "maybe", "email": "tamu@example.com"}, {"decision": ["approve"]}],
)
def test_quote_decision_bad_input_is_400(api_client, store, payload):
    ticket = quoted()
    response = api_client.post(decision_url(ticket), payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_no_quote_pending_is_a_409(api_client, store):
    ticket = open_ticket()
    response = api_client.post(
        decision_url(ticket), {"email": "tamu@example.com", "decision": "approve"}
    )
    assert (response.status_code, response.json()["code"]) == (409, "no_quote_pending")


def test_draft_quotes_are_not_shown_to_the_shopper(api_client, store):
    ticket = open_ticket()
    tickets.change_ticket_status(ticket, statuses.RECEIVED)
    tickets.change_ticket_status(ticket, statuses.DIAGNOSING)
    quotes.add_quote_line(ticket, "part", "Rahasia", 1, 100)
    body = api_client.post(TRACK, {"number": ticket.number, "email": "tamu@example.com"}).json()
    assert body["quote"] is None
