"""Cancel bank-transfer orders past their payment deadline; send the reminders due;
release showroom pickups not collected by their pickup deadline (``CONTEX_PICKUP_DAYS``).

Safe to run every minute from cron (``* * * * * manage.py expire_unpaid_orders``),
from the task worker's schedule (``contex_oscar.schedule``) or several at once: rows
another run holds are skipped, and each order is cancelled and each reminder sent once.
It says what it does as it goes: one line per batch (cancelled, skipped, time so far),
then a summary (``-v 2`` lists the orders; ``-v 0`` prints nothing).
"""

import time

from django.core.management.base import BaseCommand

from contex_oscar.payment import expiry


class Command(BaseCommand):
    help = (
        "Cancel unpaid bank-transfer orders past their deadline, send payment reminders and "
        "release showroom pickups not collected in time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Orders per transaction (default: CONTEX_PAYMENT_EXPIRY_BATCH_SIZE).",
        )
        parser.add_argument(
            "--no-reminders", action="store_true", help="Only cancel; send no reminders."
        )

    def handle(self, *args, batch_size=None, no_reminders=False, **options):
        verbosity = options.get("verbosity", 1)
        started = time.monotonic()
        batches = []

        def report(numbers, skipped):
            batches.append(numbers)
            if verbosity >= 1:
                total = sum(len(batch) for batch in batches)
                self.stdout.write(
                    f"batch {len(batches)}: cancelled {len(numbers)}, skipped {skipped} "
                    f"({total} so far, {time.monotonic() - started:.1f} s)"
                )
            if verbosity >= 2:
                for number in numbers:
                    self.stdout.write(f"  cancelled {number}")

        def reminded(count):
            if verbosity >= 1:
                self.stdout.write(f"Sent {count} payment reminder(s).")

        done = expiry.run_deadline_job(
            batch_size=batch_size,
            reminders=not no_reminders,
            on_reminded=reminded,
            on_batch=report,
        )
        if verbosity >= 1:
            self.stdout.write(f"Released {len(done.released)} uncollected pickup order(s).")
        if verbosity >= 2:
            for number in done.released:
                self.stdout.write(f"  released {number}")
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Cancelled {len(done.cancelled)} unpaid order(s) in {len(batches)} "
                    f"batch(es), {time.monotonic() - started:.1f} s; sent {done.reminded} "
                    "reminder(s)."
                )
            )
