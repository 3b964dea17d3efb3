"""E-mails a job writes in bulk: one row each in the job's transaction, composed by the
worker before the first attempt, kept composed for every retry, never lost."""

import pytest
from django.core import mail
from django.db import transaction

from contex_oscar import outbox
from contex_oscar.emails import queue_store_emails
from contex_oscar.models import OutboxMessage, SentEmail
from contex_oscar.outbox import EmailToCompose

KIND = "TEST_BULK_NOTICE"
composed = []


@outbox.composer(KIND)
def compose_notice(arguments, recipient):
    composed.append(arguments["number"])
    if arguments.get("broken"):
        raise LookupError("the order is gone")
    return {
        "subject": f"Pesanan {arguments['number']}",
        "body": f"Halo {recipient}",
        "html": "",
    }


@pytest.fixture(autouse=True)
def fresh():
    composed.clear()
    mail.outbox.clear()


@pytest.fixture
def by_the_worker(settings):
    """No delivery on commit: the worker's pass is the test's to run."""
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    settings.EMAIL_BACKEND = "tests.outbox.backends.FlakyBackend"


def notices(*numbers, **arguments):
    return [
        EmailToCompose(f"tamu{n}@example.com", KIND, {"number": n, **arguments}, key=f"n:{n}")
        for n in numbers
    ]


def test_a_batch_is_written_uncomposed_in_the_callers_transaction(db, by_the_worker):
    with transaction.atomic():
        outbox.queue_emails_to_compose(notices(1, 2, 3))
        assert OutboxMessage.objects.filter(subject="", status=OutboxMessage.PENDING).count() == 3
    assert composed == []  # nothing rendered by the job


def test_a_rolled_back_batch_leaves_nothing(db, by_the_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.queue_emails_to_compose(notices(1, 2))
        raise RuntimeError
    assert not OutboxMessage.objects.exists()


def test_the_worker_composes_then_sends_each_once(db, by_the_worker):
    outbox.queue_emails_to_compose(notices(7, 8))
    assert outbox.deliver().sent == 2
    assert sorted(m.subject for m in mail.outbox) == ["Pesanan 7", "Pesanan 8"]
    message = OutboxMessage.objects.get(key="n:7")
    assert (message.subject, message.body, message.compose) == (
        "Pesanan 7",
        "Halo tamu7@example.com",
        {},
    )
    assert outbox.deliver().attempted == 0


def test_a_failed_send_keeps_the_composed_message_for_the_retry(db, by_the_worker, settings):
    from tests.outbox.backends import FlakyBackend

    settings.CONTEX_OUTBOX_RETRY_BASE_SECONDS = 0
    FlakyBackend.failures = 1
    try:
        outbox.queue_emails_to_compose(notices(5))
        assert outbox.deliver().retrying == 1
        assert outbox.deliver().sent == 1
    finally:
        FlakyBackend.failures = 0
    assert composed == [5]  # composed once, sent on the second attempt
    assert [m.subject for m in mail.outbox] == ["Pesanan 5"]


def test_a_composition_that_fails_is_retried_not_lost(db, by_the_worker, settings):
    settings.CONTEX_OUTBOX_RETRY_BASE_SECONDS = 0
    outbox.queue_emails_to_compose(notices(9, broken=True))
    assert outbox.deliver().retrying == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.PENDING
    assert "LookupError: the order is gone" in message.last_error
    assert message.compose == {"arguments": {"number": 9, "broken": True}}
    assert mail.outbox == []


def test_an_unknown_kind_is_refused_at_write_time(db, by_the_worker):
    with pytest.raises(ValueError):
        outbox.queue_emails_to_compose([EmailToCompose("a@example.com", "NO_SUCH", {})])
    assert not OutboxMessage.objects.exists()


def test_a_batch_asks_for_one_delivery_task(db, settings, monkeypatch):
    asked = []
    monkeypatch.setattr(outbox, "_enqueue", lambda ids: asked.append(list(ids)))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    messages = outbox.queue_emails_to_compose(notices(1, 2, 3))
    assert asked == [[m.pk for m in messages]]


def test_store_emails_in_bulk_go_once_per_key(db, by_the_worker):
    rows = [(f"tamu{n}@example.com", f"n:{n}", {"number": n}, None) for n in (1, 2)]
    assert queue_store_emails(KIND, rows) == ["n:1", "n:2"]
    assert queue_store_emails(KIND, rows + [("tamu3@example.com", "n:3", {"number": 3}, None)]) == [
        "n:3"
    ]
    assert queue_store_emails(KIND, [("", "n:4", {"number": 4}, None)]) == []  # no recipient
    assert SentEmail.objects.count() == OutboxMessage.objects.count() == 3
