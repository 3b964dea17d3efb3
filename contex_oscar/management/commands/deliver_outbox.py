"""Deliver the outbox (e-mails, webhooks): what is due is sent, what fails waits to be retried.

Run it as a worker (``manage.py deliver_outbox``: a pass, then a pause of
``--interval`` seconds whenever the outbox had nothing more to send) or from cron
(``* * * * * manage.py deliver_outbox --once``). Several at once are safe: each takes
messages no other holds. Each pass that found something says what it did.
"""

import contextlib
import time

from django.core.management.base import BaseCommand

from contex_oscar import outbox
from contex_oscar.conf import contex_settings


class Command(BaseCommand):
    help = "Send the e-mails and webhooks waiting in the outbox (retries with backoff)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit (cron).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Messages per pass (default: CONTEX_OUTBOX_BATCH_SIZE).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=10.0,
            help="Seconds to wait when nothing is due (worker loop; default 10).",
        )

    def handle(self, *args, once=False, batch_size=None, interval=10.0, **options):
        verbosity = options.get("verbosity", 1)
        batch_size = batch_size or contex_settings.CONTEX_OUTBOX_BATCH_SIZE
        total = outbox.DeliveryReport()
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C ends the loop with a summary
            while True:
                report = outbox.deliver(limit=batch_size)
                total += report
                if verbosity >= 1 and report.attempted:
                    self.stdout.write(
                        f"sent {report.sent}, will retry {report.retrying}, failed {report.failed}"
                    )
                if once:
                    break
                if report.attempted < batch_size:
                    time.sleep(interval)
        if verbosity >= 1:
            waiting = outbox.backlog()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Sent {total.sent} message(s); {waiting['pending']} pending, "
                    f"{waiting['failed']} failed in the outbox."
                )
            )
