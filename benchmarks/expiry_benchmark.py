"""The payment expiry job on many overdue bank-transfer orders: time, queries, memory.

    python benchmarks/expiry_benchmark.py [--orders 10000] [--batch-size 200] [--tasks database]
                                          [--database-url postgres://user@host/scratch]
                                          [--json out.json]

Builds a fresh store (SQLite in a temporary directory by default; with
``--database-url`` a *scratch* PostgreSQL database, which it migrates and fills),
places one real order through Oscar, clones it into N overdue bank-transfer orders
(lines, stock allocations, payment records) with bulk inserts, then runs
``contex_oscar.payment.expiry.expire_unpaid_orders`` once and prints the total
time, the SQL queries per cancelled order and the resident memory after each batch.
The job writes the e-mails into the outbox; with the production task backend (default)
the worker's passes then compose and send them to the dummy backend, timed apart.
"""

import argparse
import datetime as dt
import gc
import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(workdir, database_url, settings_module="sandbox.settings"):
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    os.environ["SANDBOX_MEDIA_ROOT"] = str(workdir / "media")
    os.environ["SANDBOX_PRIVATE_ROOT"] = str(workdir / "private")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(workdir / "expiry.sqlite3")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_store(count):
    """Migrate, load the demo catalogue and create ``count`` overdue bank-transfer orders."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from oscar.core.loading import get_model

    from contex_oscar.payment import expiry
    from contex_oscar.payment.models import OrderPayment
    from contex_oscar.setup import catalogue
    from contex_oscar.setup import payment as payment_setup
    from sandbox.store.demo import site
    from tests import factories

    Order = get_model("order", "Order")
    Line = get_model("order", "Line")
    Source = get_model("payment", "Source")
    StockRecord = get_model("partner", "StockRecord")

    call_command("migrate", verbosity=0, interactive=False)
    site.load(io.StringIO())
    catalogue.load(io.StringIO())
    payment_setup.load(io.StringIO())  # bank accounts: a transfer order needs one
    product = factories.products()[0]
    StockRecord.objects.filter(product=product).update(num_in_stock=count * 2)

    template = factories.place_order(product, payment_method="bank-transfer")
    expiry.cancel_unpaid_order(template)  # the template itself is not part of the run
    line = template.lines.get()
    source = template.sources.get()
    overdue = timezone.now() - dt.timedelta(hours=1)

    with transaction.atomic():
        base_order = Order.objects.get(pk=template.pk)
        base_line = Line.objects.get(pk=line.pk)
        orders = []
        for index in range(count):
            clone = _copy(base_order)
            clone.id = None
            clone.number = str(5_000_000 + index)
            clone.status = "awaiting-payment"
            clone.date_placed = overdue - dt.timedelta(hours=24)
            orders.append(clone)
        orders = Order.objects.bulk_create(orders, batch_size=1000)
        lines, payments, sources = [], [], []
        for order in orders:
            line_clone = _copy(base_line)
            line_clone.id = None
            line_clone.order = order
            line_clone.status = "awaiting-payment"
            line_clone.num_allocated = line_clone.quantity  # as placing reserved it
            line_clone.allocation_cancelled = False
            lines.append(line_clone)
            payments.append(OrderPayment(order=order, method="bank-transfer", deadline=overdue))
            sources.append(
                Source(
                    order=order,
                    source_type=source.source_type,
                    currency=source.currency,
                    amount_allocated=source.amount_allocated,
                    reference=order.number,
                )
            )
        Line.objects.bulk_create(lines, batch_size=1000)
        OrderPayment.objects.bulk_create(payments, batch_size=1000)
        Source.objects.bulk_create(sources, batch_size=1000)
        record = StockRecord.objects.get(pk=line.stockrecord_id)
        record.num_allocated = (record.num_allocated or 0) + count
        record.save(update_fields=["num_allocated"])
    return line.stockrecord_id


def _copy(instance):
    clone = type(instance)()
    for field in instance._meta.concrete_fields:
        setattr(clone, field.attname, getattr(instance, field.attname))
    return clone


class QueryCounter:
    """Counts SQL statements without keeping them (keeping 300k queries would skew memory)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run(count, batch_size):
    from django.db import connection
    from oscar.core.loading import get_model

    from contex_oscar.conf import contex_settings
    from contex_oscar.payment import expiry

    StockRecord = get_model("partner", "StockRecord")
    Order = get_model("order", "Order")

    stockrecord_id = build_store(count)
    allocated_before = StockRecord.objects.get(pk=stockrecord_id).num_allocated
    counter = QueryCounter()
    gc.collect()
    # the resident size after each batch (tracemalloc would double the time): flat memory
    # is a highest sample close to the first
    resident = [resident_mb()]
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        cancelled = expiry.expire_unpaid_orders(
            batch_size=batch_size, on_batch=lambda numbers, skipped: resident.append(resident_mb())
        )
    elapsed = time.perf_counter() - start
    delivery = deliver_as_the_worker(count)

    assert len(cancelled) == count, f"{len(cancelled)} of {count} cancelled"
    assert Order.objects.filter(status="cancelled").count() == count + 1  # + the template
    allocated_after = StockRecord.objects.get(pk=stockrecord_id).num_allocated
    assert allocated_before - allocated_after == count, "stock allocations not released"
    again = expiry.expire_unpaid_orders(batch_size=batch_size)
    assert again == [], "a second run cancelled something"
    return {
        "database": connection.vendor,
        "orders": count,
        "batch_size": batch_size or contex_settings.CONTEX_PAYMENT_EXPIRY_BATCH_SIZE,
        "total_seconds": round(elapsed, 2),
        "ms_per_order": round(elapsed * 1000 / count, 2),
        "queries": counter.count,
        "queries_per_order": round(counter.count / count, 2),
        "resident_mb_first_batch": resident[1] if len(resident) > 1 else resident[0],
        "resident_mb_highest": max(resident),
        **delivery,
    }


def resident_mb():
    """This process's resident memory now (Linux ``/proc``), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return round(pages * resource.getpagesize() / (1024 * 1024), 1)


def deliver_as_the_worker(count):
    """With the production task backend the job only writes the e-mails: time the
    worker's passes that compose and send them (dummy mail backend), and check each of
    the ``count`` expiry e-mails went once."""
    from contex_oscar import outbox
    from contex_oscar.models import OutboxMessage
    from contex_oscar.payment import notifications

    expired = OutboxMessage.objects.filter(kind=notifications.ORDER_EXPIRED)
    waiting = expired.filter(status=OutboxMessage.PENDING).count()
    if not waiting:  # the immediate backend sent them after each batch's commit
        return {"emails_sent_by_the_job": expired.filter(status=OutboxMessage.SENT).count()}
    start = time.perf_counter()
    report = outbox.drain()
    seconds = time.perf_counter() - start
    assert expired.filter(status=OutboxMessage.SENT).count() == count, "e-mails not all sent"
    return {
        "worker_emails_sent": report.sent,
        "worker_seconds": round(seconds, 2),
        "worker_emails_per_second": round(report.sent / seconds, 1),
    }


def store_arguments(parser):
    """The options every scratch-store benchmark takes: the database and the JSON file."""
    parser.add_argument(
        "--database-url",
        default="",
        help="A scratch PostgreSQL database (it is migrated and filled). Default: SQLite.",
    )
    parser.add_argument("--json", help="Also write the figures to this file.")


def run_in_scratch_store(args, prefix, measure, settings_module="sandbox.settings"):
    """Set Django up on a scratch store (a temporary directory), run ``measure()`` and print
    (and with ``--json`` write) the figures it returns."""
    with tempfile.TemporaryDirectory(prefix=prefix) as directory:
        setup_django(Path(directory), args.database_url, settings_module)
        result = measure()
    width = max(len(key) for key in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument(
        "--batch-size", type=int, default=None, help="Default: CONTEX_PAYMENT_EXPIRY_BATCH_SIZE."
    )
    parser.add_argument(
        "--tasks",
        choices=("database", "immediate"),
        default="database",
        help="database: the production task backend (the worker composes and sends the "
        "e-mails, timed apart); immediate: the sandbox's (sent after each batch's commit).",
    )
    store_arguments(parser)
    args = parser.parse_args()
    settings_module = "benchmarks.settings_ours" if args.tasks == "database" else "sandbox.settings"
    run_in_scratch_store(
        args, "contex-expiry-", lambda: run(args.orders, args.batch_size), settings_module
    )


if __name__ == "__main__":
    main()
