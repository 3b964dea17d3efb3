"""The task worker on django-tasks-db (``manage.py db_worker``): it delivers what a commit
enqueued, and runs the store's schedule (``contex_oscar.schedule``): the deadline job
and the outbox, each with one run queued at a time."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from contex_oscar import outbox, schedule
from contex_oscar.models import OutboxMessage
from contex_oscar.order import statuses
from contex_oscar.payment.models import OrderPayment
from tests.concurrency import run_concurrently
from tests.payment.conftest import bank_order, product  # noqa: F401 - the fixture

T0 = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings, monkeypatch):
    settings.TASKS = DATABASE_TASKS
    # the worker closes stale connections between tasks, as a request's end does; inside
    # the test's transaction that would close the test's database (Django's test cases
    # disconnect the same call from request_finished)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return settings


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def run_worker():
    """``manage.py db_worker --batch``: every task that is due, then exit."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def waiting(job_task):
    return list(schedule.waiting_runs(job_task).values_list("run_after", flat=True))


def test_an_e_mail_written_in_a_transaction_is_sent_by_the_worker_after_the_commit(
    db, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as after_commit:
        with transaction.atomic():
            message = outbox.queue_email(["tamu@example.com"], "Pesanan 100001", "Isi")
    assert after_commit == []  # the task was written with the message, in its transaction
    (queued,) = DBTaskResult.objects.all()
    assert (queued.task_path, queued.status) == (
        outbox.deliver_message.module_path,
        TaskResultStatus.READY,
    )
    assert mail.outbox == []  # the request did not send it
    run_worker()
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message.message_id]
    message.refresh_from_db()
    assert message.status == OutboxMessage.SENT
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_rolled_back_e_mail_leaves_no_task_for_the_worker(db, database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.queue_email(["tamu@example.com"], "Pesanan 100001", "Isi")
        raise RuntimeError("the checkout failed after writing its e-mail")
    assert not OutboxMessage.objects.exists() and not DBTaskResult.objects.exists()
    run_worker()
    assert mail.outbox == []


def test_the_schedule_runs_the_deadline_job_and_queues_its_next_run(
    product,  # noqa: F811
    database_tasks,
    clock,
):
    first = bank_order(product)
    started = OrderPayment.objects.get(order=first).deadline + dt.timedelta(seconds=1)
    clock.move_to(started)
    assert schedule.ensure_scheduled() == {"deadline": True, "outbox": True}
    run_worker()
    first.refresh_from_db()
    assert first.status == statuses.CANCELLED
    minute = dt.timedelta(seconds=60)
    assert waiting(schedule.run_deadline_job) == [started + minute]

    second = bank_order(product)
    clock.move_to(OrderPayment.objects.get(order=second).deadline + dt.timedelta(seconds=1))
    run_worker()  # the run queued a minute after the first, now long due
    second.refresh_from_db()
    assert second.status == statuses.CANCELLED
    ran = DBTaskResult.objects.filter(
        task_path=schedule.run_deadline_job.module_path, status=TaskResultStatus.SUCCESSFUL
    )
    assert [r.return_value["cancelled"] for r in ran.order_by("enqueued_at")] == [
        [first.number],
        [second.number],
    ]


def test_the_next_run_is_not_due_before_its_interval(db, database_tasks, clock, settings):
    settings.CONTEX_SCHEDULE_OUTBOX_SECONDS = 300
    schedule.ensure_scheduled()
    run_worker()
    clock.move_to(T0 + dt.timedelta(seconds=299))
    run_worker()
    outbox_runs = DBTaskResult.objects.filter(task_path=schedule.run_outbox_job.module_path)
    assert outbox_runs.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    assert waiting(schedule.run_outbox_job) == [T0 + dt.timedelta(seconds=300)]


def test_seeding_again_queues_nothing_twice(db, database_tasks, clock):
    assert schedule.ensure_scheduled() == {"deadline": True, "outbox": True}
    out = io.StringIO()
    call_command("contex_schedule", stdout=out)
    assert out.getvalue().splitlines() == [
        "deadline: every 60 s, already waiting",
        "outbox: every 60 s, already waiting",
    ]
    assert len(waiting(schedule.run_deadline_job)) == len(waiting(schedule.run_outbox_job)) == 1


def test_the_schedule_refuses_a_backend_that_cannot_run_tasks_later(db):
    with pytest.raises(CommandError, match="django-tasks-db"):
        call_command("contex_schedule")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_scheduling_at_once_queue_one_next_run(database_tasks):
    outcomes = run_concurrently(
        *[lambda: schedule.schedule_next(schedule.run_deadline_job, dt.timedelta(0))] * 4
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 4
    assert sum(result is not None for _, result in outcomes) == 1
    assert len(waiting(schedule.run_deadline_job)) == 1
