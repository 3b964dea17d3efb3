"""E-mail delivery throughput of the outbox worker to a local SMTP sink: messages per second.

    python benchmarks/outbox_benchmark.py [--messages 2000] [--batch-size 100]
                                          [--database-url postgres://user@host/scratch]
                                          [--json out.json]

Builds a fresh store (SQLite in a temporary directory, or a *scratch* PostgreSQL database),
queues N rendered store e-mails in the outbox as the store does (``queue_email``, with the
delivery on commit switched off so that only the worker sends), starts an SMTP server on
loopback (aiosmtpd, the ``bench`` extra) that accepts and counts messages, then runs the
worker's pass (``contex_oscar.outbox.deliver``, what ``manage.py deliver_outbox`` loops over)
until the outbox is empty, over Django's SMTP backend. Prints messages/s, the SQL queries per
message, and checks that every message arrived once (by ``Message-ID``) and is marked sent.
"""

import argparse
import socket
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
from benchmarks.expiry_benchmark import (  # noqa: E402
    QueryCounter,
    run_in_scratch_store,
    store_arguments,
)


class CountingHandler:
    """aiosmtpd handler: keeps each accepted message's Message-ID."""

    def __init__(self):
        self.message_ids = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        header = b"\nmessage-id:"
        content = envelope.content
        start = content.lower().find(header)
        end = content.find(b"\n", start + len(header))
        message_id = content[start + len(header) : end].strip().decode()
        with self.lock:
            self.message_ids.append(message_id)
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def queue_messages(count):
    from django.db import transaction

    from contex_oscar.outbox import queue_email

    body = "Terima kasih atas pesanan Anda.\n" * 20  # about an order e-mail's length
    html = f"<p>{body}</p>"
    with transaction.atomic():
        for index in range(count):
            queue_email(
                [f"pembeli{index}@example.com"],
                f"Pesanan {5_000_000 + index}",
                body,
                html=html,
                kind="PAYMENT_ORDER_PLACED",
            )


def run(count, batch_size):
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from contex_oscar import outbox
    from contex_oscar.models import OutboxMessage

    call_command("migrate", verbosity=0, interactive=False)
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False  # only the worker delivers here
    queue_messages(count)

    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        counter = QueryCounter()
        passes = 0
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            while True:
                report = outbox.deliver(limit=batch_size)
                passes += 1
                if report.attempted == 0:
                    break
        elapsed = time.perf_counter() - start
    finally:
        controller.stop()

    sent = OutboxMessage.objects.filter(status=OutboxMessage.SENT).count()
    assert sent == count, f"{sent} of {count} marked sent"
    assert len(handler.message_ids) == count, f"{len(handler.message_ids)} arrived"
    assert len(set(handler.message_ids)) == count, "a message arrived twice"
    return {
        "database": connection.vendor,
        "messages": count,
        "batch_size": batch_size,
        "passes": passes,
        "total_seconds": round(elapsed, 2),
        "messages_per_second": round(count / elapsed, 1),
        "queries_per_message": round(counter.count / count, 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=100)
    store_arguments(parser)
    args = parser.parse_args()
    run_in_scratch_store(args, "contex-outbox-", lambda: run(args.messages, args.batch_size))


if __name__ == "__main__":
    main()
