"""Cancel bank-transfer orders past their payment deadline; send the reminders due.

Safe to run every minute from cron (``* * * * * manage.py expire_unpaid_orders``)
or several workers at once: rows another run holds are skipped, and each order
is cancelled and each reminder sent once.
"""

from django.core.management.base import BaseCommand

from contex_oscar.payment import expiry


class Command(BaseCommand):
    help = "Cancel unpaid bank-transfer orders past their deadline and send payment reminders."

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
        reminded = 0 if no_reminders else expiry.send_payment_reminders(batch_size=batch_size)
        cancelled = expiry.expire_unpaid_orders(batch_size=batch_size)
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(
                f"Cancelled {len(cancelled)} unpaid order(s); sent {reminded} reminder(s)."
            )
            for number in cancelled:
                self.stdout.write(f"  cancelled {number}")
