"""The store's periodic jobs, run by the task worker (django-tasks-db's ``db_worker``).

django-tasks has no scheduler, so each job is a task that, when it starts, enqueues its
own next run ``CONTEX_SCHEDULE_*_SECONDS`` later (``run_after``), then does its work:

- ``run_deadline_job``: payment reminders, unpaid orders past their deadline, uncollected
  pickups (``contex_oscar.payment.expiry``, what ``manage.py expire_unpaid_orders`` runs);
- ``run_outbox_job``: the outbox's due e-mails (retries after their backoff; what
  ``manage.py deliver_outbox --once`` sends).

Safe with several workers: the next run is enqueued under a lock (an advisory lock on
PostgreSQL, an exclusive transaction on SQLite) and only if none is waiting, so a job has
one run queued at a time however many workers run it or ``contex_schedule`` seeds it; two
runs at once are safe anyway (each job skips rows another holds). The next run is queued
before the work starts: a worker killed mid-run leaves it queued. ``manage.py
contex_schedule`` (at the worker's start; idempotent) queues a job that has no run waiting.
Cron stays the alternative: the two commands every minute, and no schedule.
"""

import logging
import zlib
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from contex_oscar import outbox
from contex_oscar.conf import contex_settings
from contex_oscar.payment import expiry

logger = logging.getLogger(__name__)


@contextmanager
def _exclusive(name):
    """One scheduler at a time for job ``name``, until the transaction ends."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])
            yield
    else:  # SQLite: BEGIN EXCLUSIVE (django-tasks-db's helper); others: a transaction
        with exclusive_transaction():
            yield


def _backend_of(job_task):
    backend = job_task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        raise ImproperlyConfigured(
            "The store's schedule runs on django-tasks-db: set TASKS = {'default': "
            "{'BACKEND': 'django_tasks_db.DatabaseBackend'}} and run manage.py db_worker, "
            "or run expire_unpaid_orders and deliver_outbox --once from cron instead."
        )
    return backend


def waiting_runs(job_task):
    """The runs of ``job_task`` queued and not started."""
    return DBTaskResult.objects.filter(
        task_path=job_task.module_path,
        backend_name=_backend_of(job_task).alias,
        status=TaskResultStatus.READY,
    )


def schedule_next(job_task, delay):
    """Queue ``job_task`` to run ``delay`` from now unless a run of it is already waiting.
    The queued run's result, or ``None`` when one was waiting."""
    with _exclusive(job_task.module_path):
        if waiting_runs(job_task).exists():
            return None
        return job_task.using(run_after=timezone.now() + delay).enqueue()


@dataclass(frozen=True)
class Job:
    task: object
    interval_setting: str

    @property
    def interval(self):
        return timedelta(seconds=getattr(contex_settings, self.interval_setting))


def _then_next(job_name):
    job = JOBS[job_name]
    schedule_next(job.task, job.interval)


@task()
def run_deadline_job():
    _then_next("deadline")
    report = expiry.run_deadline_job()
    if report.cancelled or report.released or report.reminded:
        logger.info(
            "Deadline job: %s reminder(s), %s cancelled, %s pickup(s) released",
            report.reminded,
            len(report.cancelled),
            len(report.released),
        )
    return asdict(report)


@task()
def run_outbox_job():
    _then_next("outbox")
    return asdict(outbox.drain())


JOBS = {
    "deadline": Job(run_deadline_job, "CONTEX_SCHEDULE_DEADLINE_SECONDS"),
    "outbox": Job(run_outbox_job, "CONTEX_SCHEDULE_OUTBOX_SECONDS"),
}


def ensure_scheduled():
    """Queue every job that has no run waiting, to run now. ``{name: queued?}``."""
    return {name: schedule_next(job.task, timedelta(0)) is not None for name, job in JOBS.items()}
