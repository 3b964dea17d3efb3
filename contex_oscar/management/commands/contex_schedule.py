"""Queue the store's periodic jobs on the task worker (``contex_oscar.schedule``).

Run it where the worker starts (``manage.py contex_schedule && manage.py db_worker``): a
job with a run already waiting is left alone, so running it again, or on every worker,
queues nothing twice. Needs django-tasks-db's backend in ``TASKS``.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from contex_oscar import schedule


class Command(BaseCommand):
    help = "Queue the store's periodic jobs (deadline job, outbox) on the task worker."

    def handle(self, *args, **options):
        try:
            queued = schedule.ensure_scheduled()
        except ImproperlyConfigured as error:
            raise CommandError(str(error))
        if options.get("verbosity", 1) >= 1:
            for name, job in schedule.JOBS.items():
                state = "queued now" if queued[name] else "already waiting"
                self.stdout.write(f"{name}: every {job.interval.total_seconds():g} s, {state}")
