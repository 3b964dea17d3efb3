"""Concurrent ticket creation on PostgreSQL: distinct numbers, one ticket per idempotency key."""

import threading

import pytest
import time_machine
from django.db import connection, transaction
from rest_framework.test import APIClient

from contex_oscar.service_center import exchanges, kinds, tickets
from contex_oscar.service_center.models import Exchange, ServiceTicket
from tests import factories
from tests.concurrency import run_concurrently
from tests.service_center.conftest import deliver, jakarta, open_ticket
from tests.service_center.test_exchanges import (
    DELIVERED,
    at_the_bench,
    claim,
    leave_in_stock,
    stock_of,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


def data(index):
    return {
        "kind": kinds.PAID_REPAIR,
        "channel": kinds.WALK_IN,
        "name": f"Pembeli {index}",
        "email": "paralel@example.com",
        "phone": "0812 0000 0000",
        "brand": "Contex",
        "model_name": "IQ FLEX",
        "fault_description": "Macet",
    }


def run_together(target, count=THREADS):
    """Start ``count`` threads at one barrier; each runs ``target(index)`` in a transaction."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(index):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():  # like ATOMIC_REQUESTS: the whole request is one transaction
                results[index] = target(index)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_concurrent_tickets_get_distinct_numbers_even_when_draws_clash(monkeypatch):
    # Every thread first draws the same number: all but one must draw again.
    drawn = threading.local()
    real = tickets.new_ticket_number

    def clashing_number():
        if not getattr(drawn, "first_done", False):
            drawn.first_done = True
            return "SC-2222-2222"
        return real()

    monkeypatch.setattr(tickets, "new_ticket_number", clashing_number)
    results = run_together(lambda i: tickets.create_ticket(data(i))[0].number)
    assert len(set(results)) == THREADS
    assert "SC-2222-2222" in results
    assert ServiceTicket.objects.count() == THREADS


def test_concurrent_retries_with_one_idempotency_key_make_one_ticket():
    results = run_together(
        lambda i: tickets.create_ticket(data(0), idempotency_key="paralel-key-0001")
    )
    numbers = {ticket.number for ticket, _created in results}
    assert len(numbers) == 1
    assert sum(created for _ticket, created in results) == 1
    assert ServiceTicket.objects.count() == 1


@time_machine.travel("2026-03-02 03:00:00+00:00", tick=False)  # one throttle window
def test_a_burst_on_one_ticket_number_gets_exactly_the_limit_through(store, settings):
    """With Redis (REDIS_URL) 40 parallel guesses at a limit of 15: 15 answered, 25 refused."""
    if "redis" not in str(settings.CACHES["default"]).lower():
        pytest.skip("needs Redis as the default cache (set REDIS_URL)")
    settings.CONTEX_SERVICE_TRACK_RATE_PER_TICKET = "15/hour"
    settings.CONTEX_SERVICE_TRACK_RATE_PER_CLIENT = "1000/hour"
    ticket = open_ticket()

    def guess(index):
        body = {"number": ticket.number, "email": f"tebak{index}@example.com"}
        client = APIClient(REMOTE_ADDR=f"10.9.{index}.1")
        return lambda: client.post("/api/service-center/track/", body).status_code

    outcomes = run_concurrently(*(guess(index) for index in range(40)))
    codes = [value for kind, value in outcomes if kind == "ok"]
    assert len(codes) == 40, outcomes
    assert (codes.count(404), codes.count(429)) == (15, 25)


def test_concurrent_uploads_never_pass_the_attachment_limit(settings):
    from contex_oscar.service_center import attachments
    from contex_oscar.service_center.exceptions import ServiceCenterError
    from contex_oscar.service_center.models import TicketAttachment
    from tests.service_center.conftest import png_upload

    settings.CONTEX_SERVICE_MAX_ATTACHMENTS = 3
    ticket, _created = tickets.create_ticket(data(0))

    def upload():
        fresh = ServiceTicket.objects.get(pk=ticket.pk)  # each request loads its own row
        with transaction.atomic():  # like ATOMIC_REQUESTS
            return attachments.add_attachment(
                fresh, TicketAttachment.PHOTO, png_upload(), "image/png"
            )

    outcomes = run_concurrently(*[upload] * THREADS)
    refused = [value for kind, value in outcomes if kind == "error"]
    assert all(
        isinstance(error, ServiceCenterError) and error.code == "too_many_attachments"
        for error in refused
    ), refused
    assert TicketAttachment.objects.filter(ticket=ticket).count() == 3
    assert len(refused) == THREADS - 3


# --- the last unit in stock goes to one exchange (issue 17) ---------------------------


def test_two_exchanges_for_the_last_unit_one_wins(catalogue, store):
    product = catalogue[0]
    doa = []
    for email in ("satu@example.com", "dua@example.com"):
        order = factories.place_order(product, status="in-shipment", email=email)
        deliver(order, DELIVERED)
        doa.append(at_the_bench(claim(order, jakarta(2025, 3, 24, 9, 0))))
    allocated = leave_in_stock(product, 1).num_allocated or 0

    outcomes = run_concurrently(
        *[lambda t=ticket: exchanges.reserve_replacement(t) for ticket in doa]
    )
    assert sorted(kind for kind, _value in outcomes) == ["error", "ok"], outcomes
    error = next(value for kind, value in outcomes if kind == "error")
    assert error.code == "replacement_out_of_stock"
    record = stock_of(product)
    assert (record.num_allocated, record.net_stock_level) == (allocated + 1, 0)
    assert Exchange.objects.count() == 1
