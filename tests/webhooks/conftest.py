"""A real HTTP receiver on loopback (``http.server`` in a thread) and the endpoints the
store posts to it."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from contex_oscar import webhooks


class Receiver:
    """Records every POST (headers, body) and answers ``failures`` times 500, then 204."""

    def __init__(self):
        self.received = []
        self.failures = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.received.append((dict(self.headers), body))
                    failing = receiver.failures > 0
                    receiver.failures -= failing
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *args):  # quiet test output
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/contex"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def bodies(self):
        return [body for _headers, body in self.received]


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def endpoint(db, receiver, settings):
    """An endpoint for every event; deliveries wait for the worker (no commit hook)."""
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    return webhooks.register_endpoint(receiver.url, list(webhooks.EVENTS), "ERP")
