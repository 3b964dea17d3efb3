"""The outbox's delivery: retries with backoff, once only, claims, Oscar's own e-mails."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_class

from contex_oscar import outbox
from contex_oscar.models import OutboxMessage
from tests import factories
from tests.concurrency import run_concurrently

FLAKY = "tests.outbox.backends.FlakyBackend"
T0 = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def flaky(settings):
    from tests.outbox.backends import FlakyBackend

    settings.EMAIL_BACKEND = FLAKY
    settings.CONTEX_OUTBOX_RETRY_BASE_SECONDS = 60
    settings.CONTEX_OUTBOX_RETRY_MAX_SECONDS = 600
    yield FlakyBackend
    FlakyBackend.failures = 0


def queue(subject="Pesanan 100001", **extra):
    return outbox.queue_email(["tamu@example.com"], subject, "Isi", **extra)


def test_retry_delay_doubles_up_to_the_ceiling(settings):
    settings.CONTEX_OUTBOX_RETRY_BASE_SECONDS = 60
    settings.CONTEX_OUTBOX_RETRY_MAX_SECONDS = 600
    delays = [outbox.retry_delay(n).total_seconds() for n in range(1, 7)]
    assert delays == [60, 120, 240, 480, 600, 600]


def test_a_failed_attempt_waits_its_backoff_before_the_next(
    db, flaky, clock, django_capture_on_commit_callbacks
):
    flaky.failures = 2
    with django_capture_on_commit_callbacks(execute=True):  # attempt 1, at T0
        message = queue()
    message.refresh_from_db()
    assert (message.attempts, message.next_attempt_at) == (1, T0 + dt.timedelta(seconds=60))

    clock.move_to(T0 + dt.timedelta(seconds=59))
    assert outbox.deliver().attempted == 0  # not due yet
    clock.move_to(T0 + dt.timedelta(seconds=60))
    assert outbox.deliver().retrying == 1  # attempt 2 fails: waits 120 s
    message.refresh_from_db()
    assert message.next_attempt_at == T0 + dt.timedelta(seconds=180)
    assert "SMTPServerDisconnected" in message.last_error

    clock.move_to(T0 + dt.timedelta(seconds=180))
    assert outbox.deliver().sent == 1  # attempt 3: accepted
    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at, message.last_error) == (
        OutboxMessage.SENT,
        3,
        T0 + dt.timedelta(seconds=180),
        "",
    )


def test_a_server_failing_n_times_then_working_delivers_exactly_once(
    db, flaky, clock, django_capture_on_commit_callbacks
):
    flaky.failures = 4
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    for minute in range(1, 60):  # a worker passing every minute for an hour
        clock.move_to(T0 + dt.timedelta(minutes=minute))
        outbox.deliver()
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message.message_id]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.SENT, 5)


def test_after_the_last_attempt_the_message_is_failed_and_left_alone(
    db, flaky, clock, settings, django_capture_on_commit_callbacks
):
    settings.CONTEX_OUTBOX_MAX_ATTEMPTS = 2
    flaky.failures = 5
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    clock.move_to(T0 + dt.timedelta(minutes=1))
    assert outbox.deliver().failed == 1
    clock.move_to(T0 + dt.timedelta(days=1))
    assert outbox.deliver().attempted == 0
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.FAILED, 2)
    assert outbox.backlog() == {"pending": 0, "failed": 1}


def test_a_worker_dying_mid_send_leaves_the_message_for_later_with_its_message_id(
    db, clock, settings
):
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    message = queue()
    (taken,) = outbox._claim(outbox.due_messages(), 10, timezone.now())  # then the worker dies
    assert taken.pk == message.pk
    assert outbox.deliver().attempted == 0  # another worker does not take it meanwhile
    clock.move_to(T0 + dt.timedelta(seconds=settings.CONTEX_OUTBOX_CLAIM_SECONDS))
    assert outbox.deliver().sent == 1
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message.message_id]


def test_without_delivery_on_commit_only_the_worker_sends(
    db, settings, django_capture_on_commit_callbacks
):
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    assert mail.outbox == []
    assert outbox.deliver().sent == 1
    assert mail.outbox[0].to == ["tamu@example.com"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.SENT


def test_with_a_queue_backend_the_commit_enqueues_the_delivery_task(
    db, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    (enqueued,) = default_task_backend.results
    assert (enqueued.task.name, list(enqueued.args)) == ("deliver_message", [message.pk])
    assert mail.outbox == []  # the request never waited for the mail server
    assert outbox.deliver_message.call(message.pk) == 1  # what a task worker runs
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message.message_id]


def test_an_e_mail_of_a_rolled_back_change_is_never_written(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue()
            raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_html_and_attachments_are_kept_for_the_worker(db, settings):
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    queue(html="<p>Isi</p>", attachments=[["faktur.txt", "Rp 1.000", "text/plain"]])
    outbox.deliver()
    (sent,) = mail.outbox
    assert sent.alternatives[0][0] == "<p>Isi</p>"
    assert sent.attachments == [("faktur.txt", "Rp 1.000", "text/plain")]


def test_oscars_own_e_mails_go_through_the_outbox(db, django_capture_on_commit_callbacks):
    user = factories.user(email="budi@example.com")
    dispatcher = get_class("customer.utils", "CustomerDispatcher")()
    with django_capture_on_commit_callbacks(execute=True):
        dispatcher.send_registration_email_for_user(user, {})
    (message,) = OutboxMessage.objects.all()
    assert (message.kind, message.related_id, message.status) == (
        "REGISTRATION",
        str(user.pk),
        OutboxMessage.SENT,
    )
    assert [m.to for m in mail.outbox] == [["budi@example.com"]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_message_once(settings):
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    messages = [queue(subject=f"Pesan {n}") for n in range(40)]
    outcomes = run_concurrently(lambda: outbox.deliver(limit=40), lambda: outbox.deliver(limit=40))
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert sum(report.sent for _, report in outcomes) == 40
    sent_ids = sorted(m.extra_headers["Message-ID"] for m in mail.outbox)
    assert sent_ids == sorted(m.message_id for m in messages)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxMessage.SENT}


def test_deliver_outbox_says_what_it_did(db, flaky, settings):
    import io

    from django.core.management import call_command

    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    flaky.failures = 1
    queue(), queue()
    out = io.StringIO()
    call_command("deliver_outbox", "--once", stdout=out)
    assert out.getvalue().splitlines() == [
        "sent 1, will retry 1, failed 0",
        "Sent 1 message(s); 1 pending, 0 failed in the outbox.",
    ]
