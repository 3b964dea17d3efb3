"""Scale-out, shown: two app servers and one worker on one PostgreSQL, Redis, S3 and mail server.

    python benchmarks/scale_out.py [--database-url postgres://postgres@127.0.0.1:5432/postgres]
                                   [--database-name contex_scale_out]
                                   [--redis-url redis://127.0.0.1:6379/5]
                                   [--workers 1] [--json out.json] [--logs DIR]

Needs PostgreSQL (the ``--database-url`` role may create databases), Redis, and the ``bench``
and ``test`` extras (gunicorn, aiosmtpd, moto's server, django-storages). Everything runs on
loopback, in real processes over real HTTP, with the production settings
(``benchmarks.settings_scale_out``: ``sandbox.settings_production`` with the run's own cache
key prefix):

1. moto's standalone S3 server (a media and a private bucket) and an SMTP sink (aiosmtpd)
   that records every message's ``Message-ID``;
2. a scratch database ``--database-name`` (dropped first if left over), migrated (or a copy
   of ``--template``, flushed);
3. two gunicorn servers (``deploy/gunicorn.conf.py``, separate ports) and the task worker
   (``deploy/worker.sh``: ``contex_schedule``, then ``db_worker``), all on the same
   ``DATABASE_URL``, ``REDIS_URL``, S3 buckets and mail server; while they boot,
   ``load_demo_store`` and a payment verifier (staff, not a superuser);
4. over HTTP, each request carrying the store's host name and ``X-Forwarded-Proto: https``
   as the load balancer in front would: a guest checkout by bank transfer on app 1, the
   shopper's payment confirmation with its proof on app 2, the staff approval on app 1
   (signed in through ``/api/login/``), the proof read back through app 1 (a signed S3
   link), the order tracked on app 2; then the worker's deliveries: every e-mail of the
   outbox arrives exactly once at the sink and is marked sent; the proof is in the private
   bucket and nowhere on the local disk;
5. a second checkout on app 2, then order tracking's per-order throttle
   (``TrackingOrderThrottle``: failed look-ups of one order number from any client): wrong
   e-mails for order A sent to app 1 alone, and for order B alternately to app 1 and app 2,
   each from a client address of its own; both are refused after the same number of
   look-ups, the rate's count (with a counter per process, alternating would pass twice
   that).

It prints each check and each step's seconds, exits non-zero if any check failed, and stops
every process, drops the database and deletes its cache keys, also after a failure.
"""

import argparse
import http.client
import json
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.api_benchmark import ADDRESS, GUEST_EMAIL  # noqa: E402
from benchmarks.load_benchmark import (  # noqa: E402
    Server,
    admin_sql,
    admin_url_argument,
    database_url,
    error_log_excerpt,
    free_port,
)
from benchmarks.outbox_benchmark import CountingHandler  # noqa: E402

SETTINGS = "benchmarks.settings_scale_out"
STORE_HOST = "toko.example.test"  # the name the load balancer answers to
ORIGIN = f"https://{STORE_HOST}"
MEDIA_BUCKET, PRIVATE_BUCKET = "toko-media", "toko-private"
S3_KEYS = {"AWS_ACCESS_KEY_ID": "uji", "AWS_SECRET_ACCESS_KEY": "rahasia-uji"}
S3_REGION = "us-east-1"
STAFF_EMAIL = "verifikator@contex.example"
STAFF_PASSWORD = secrets.token_urlsafe(16)
SECOND_EMAIL = "tamu-kedua@example.com"
GUESSERS = ("127.0.0.2", "127.0.0.3")  # one client address per throttle run
DELIVERY_TIMEOUT = 60  # seconds the worker has to deliver what the flow queued


class Failed(Exception):
    """A check of the run failed (the message says which)."""


# --- HTTP: a client as a browser behind the load balancer sends it ----------------------------


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"{self.status} {self.body[:300]!r}"


class Visitor:
    """One client's cookies and CSRF token, sent to whichever app server each request names.

    Every request carries what the proxy in front sends (the store's ``Host``,
    ``X-Forwarded-Proto: https``), so the production settings' HTTPS-only rules hold; the
    cookies are the client's whichever server set them. ``source``: the client's loopback
    address (the throttles' client key).
    """

    def __init__(self, source="127.0.0.1"):
        self.source = source
        self.cookies = {}
        self.csrf_token = None

    def request(self, server, method, path, body=None, form=None):
        headers = {"Host": STORE_HOST, "X-Forwarded-Proto": "https", "Accept": "application/json"}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if form is not None:
            from urllib3.filepost import encode_multipart_formdata

            data, headers["Content-Type"] = encode_multipart_formdata(form)
        if method != "GET" and self.csrf_token:
            headers.update({"X-CSRFToken": self.csrf_token, "Origin": ORIGIN})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(
            "127.0.0.1", server.port, timeout=60, source_address=(self.source, 0)
        )
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def fetch_csrf(self, server):
        answer = expect(self.request(server, "GET", "/api/csrf/"), 200, "CSRF token")
        self.csrf_token = answer.json()["csrf_token"]


def expect(answer, status, what=""):
    if answer.status != status:
        raise Failed(f"{what or 'request'}: expected {status}, got {answer!r}")
    return answer


def store_url(path):
    return f"{ORIGIN}{path}"


# --- the run ------------------------------------------------------------------------------


class Run:
    """What the run started (stopped in ``close``), its checks and its step timings."""

    def __init__(self, args):
        self.args = args
        self.workdir = Path(tempfile.mkdtemp(prefix="contex-scale-out-"))
        self.logs = Path(args.logs) if args.logs else self.workdir
        self.logs.mkdir(parents=True, exist_ok=True)
        self.cache_prefix = f"scale-out-{secrets.token_hex(4)}"
        self.checks = []  # (what, detail)
        self.steps = []  # (step, seconds)
        self.figures = {}
        self.servers = []
        self.worker = None
        self.moto = self.smtp = None
        self.database_created = False
        self.copied_from = None
        self.django_ready = False

    # bookkeeping
    def check(self, what, passed, detail=""):
        if not passed:
            raise Failed(f"{what}: {detail}" if detail else what)
        self.checks.append((what, detail))
        print(f"ok    {what}" + (f" ({detail})" if detail else ""), flush=True)

    def step(self, name, started):
        seconds = time.perf_counter() - started
        self.steps.append((name, round(seconds, 2)))
        print(f"{seconds:6.2f}s {name}", flush=True)
        return time.perf_counter()

    # services
    def start_services(self):
        from aiosmtpd.controller import Controller
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's request lines
        self.moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.moto.start()
        host, port = self.moto.get_host_and_port()
        self.s3_endpoint = f"http://{host}:{port}"
        s3 = self.s3_client()
        for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
            s3.create_bucket(Bucket=bucket)
        self.sink = CountingHandler()
        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=free_port())
        self.smtp.start()

    def s3_client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
            region_name=S3_REGION,
        )

    def environment(self):
        """What every process of the store reads (``deploy/env.example``'s variables)."""
        self.media_root = self.workdir / "media"
        self.private_root = self.workdir / "private"
        bin_dir = str(Path(sys.executable).parent)  # deploy/worker.sh runs ``python``
        static = self.workdir / "static"  # empty: the API serves no static file
        static.mkdir()
        return {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "SCALE_OUT_CACHE_PREFIX": self.cache_prefix,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": f"{STORE_HOST},127.0.0.1",  # the probes name the server
            "DJANGO_CSRF_TRUSTED_ORIGINS": ORIGIN,
            "DATABASE_URL": database_url(self.args.database_url, self.args.database_name),
            "REDIS_URL": self.args.redis_url,
            "DJANGO_LOG_FORMAT": "text",
            "DJANGO_STATIC_ROOT": str(static),
            "SANDBOX_MEDIA_ROOT": str(self.media_root),
            "SANDBOX_PRIVATE_ROOT": str(self.private_root),
            "WAGTAILADMIN_BASE_URL": ORIGIN,
            "S3_MEDIA_BUCKET": MEDIA_BUCKET,
            "S3_MEDIA_ACL": "public-read",
            "S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
            "S3_ENDPOINT_URL": self.s3_endpoint,
            "S3_REGION": S3_REGION,
            **S3_KEYS,
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(self.smtp.port),
            "DJANGO_EMAIL_USE_TLS": "0",
            "WEB_CONCURRENCY": str(self.args.workers),
        }

    # the store's database, prepared in this process
    def create_database(self, env):
        name, template = self.args.database_name, self.args.template
        admin_sql(self.args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template:
            template = self.copied_from = self.copy_database(name, template)
        else:
            admin_sql(self.args.database_url, f'CREATE DATABASE "{name}"')
        self.database_created = True
        os.environ.update(env)
        import django

        django.setup()
        self.django_ready = True
        # the demo's store events, logged in this process (each server's log keeps its own)
        logging.getLogger("contex_oscar").setLevel(logging.WARNING)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        if template:  # whatever rows the copied database held: the store starts empty
            call_command("flush", verbosity=0, interactive=False)

    def copy_database(self, name, template):
        """``name`` as a copy of ``template``; an empty one if another session holds the
        template open (PostgreSQL copies none in use). The template's name, or None."""
        import psycopg

        try:
            admin_sql(self.args.database_url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return template
        except psycopg.errors.ObjectInUse as error:
            print(f"{template} is in use ({error}): migrating an empty database", flush=True)
            admin_sql(self.args.database_url, f'CREATE DATABASE "{name}"')
            return None

    def load_store(self):
        import io

        from django.core.management import call_command
        from oscar.core.loading import get_model

        from contex_oscar.models import OutboxMessage
        from contex_oscar.staff_permissions import PAYMENT_VERIFIER
        from tests import factories

        call_command("load_demo_store", stdout=io.StringIO())
        product = factories.products()[0]
        get_model("partner", "StockRecord").objects.filter(product=product).update(num_in_stock=100)
        verifier = factories.staff_member(PAYMENT_VERIFIER, email=STAFF_EMAIL)
        verifier.set_password(STAFF_PASSWORD)
        verifier.save()
        self.product_path = f"/api/products/{product.pk}/"
        # the demo's own e-mails (if any) are the worker's to deliver too
        self.setup_emails = OutboxMessage.objects.filter(channel=OutboxMessage.EMAIL).count()

    # processes
    def start_processes(self, env):
        config = ROOT / "deploy" / "gunicorn.conf.py"
        for number in (1, 2):
            log = self.logs / f"app{number}.log"
            # gunicorn (27) puts its control socket in $XDG_RUNTIME_DIR, else one per user
            # (~/.gunicorn): two masters there would take each other's
            runtime = self.workdir / f"app{number}-run"
            runtime.mkdir()
            own = {**env, "XDG_RUNTIME_DIR": str(runtime)}
            server = Server(
                f"app {number}", own, self.args.workers, log, config=config, probe="/health/live/"
            )
            self.servers.append(server)
        with open(self.logs / "worker.log", "ab") as output:
            self.worker = subprocess.Popen(
                ["sh", str(ROOT / "deploy" / "worker.sh")],
                env=env,
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self):
        for server in self.servers:
            server.wait_ready()
            try:
                address = f"{server.host}/health/ready/"
                with urllib.request.urlopen(address, timeout=30) as ready:  # noqa: S310
                    checks = json.loads(ready.read())
            except urllib.error.HTTPError as error:  # 500: the body names the failing check
                checks = json.loads(error.read())
            failing = [f"{name}: {state}" for name, state in checks.items() if state != "OK"]
            self.check(
                f"{server.variant} ready on port {server.port}",
                not failing,
                ", ".join(failing or checks),
            )
        if self.worker.poll() is not None:
            raise Failed("the worker exited: see worker.log")

    # the shopper's and the staff's flow
    def checkout(self, shopper, server, email):
        shopper.fetch_csrf(server)
        line = {"url": store_url(self.product_path), "quantity": 1}
        added = expect(
            shopper.request(server, "POST", "/api/basket/add-product/", line), 200, "add"
        ).json()
        address = {**ADDRESS, "country": store_url("/api/countries/ID/")}
        methods = expect(
            shopper.request(server, "POST", "/api/basket/shipping-methods/", address),
            200,
            "shipping methods",
        ).json()
        payment = shopper.request(
            server,
            "POST",
            "/api/checkout/payment-methods/",
            {"shipping_address": address, "shipping_method_code": methods[0]["code"]},
        )
        rows = expect(payment, 200, "payment methods").json()
        offered = [m["code"] for m in rows if m["available"]]
        self.check("bank transfer offered", "bank-transfer" in offered, ", ".join(offered))
        body = {
            "basket": added["url"],
            "guest_email": email,
            "shipping_address": address,
            "shipping_method_code": methods[0]["code"],
            "payment_method": "bank-transfer",
            "accept_terms": True,
        }
        order = expect(shopper.request(server, "POST", "/api/checkout/", body), 200, "checkout")
        return order.json()

    def upload_proof(self, shopper, server, order):
        from contex_oscar.workdays import store_today
        from tests.factories import minimal_pdf

        accounts = expect(shopper.request(server, "GET", "/api/bank-accounts/"), 200).json()
        self.proof_bytes = minimal_pdf()
        form = {
            "email": GUEST_EMAIL,
            "bank_account": str(accounts[0]["id"]),
            "sender_bank": "BRI",
            "sender_account_holder": "Budi Santoso",
            "amount": str(order["payment"]["amount_due"]),
            "transfer_date": store_today().isoformat(),
            "proof": ("bukti-transfer.pdf", self.proof_bytes, "application/pdf"),
        }
        path = f"/api/orders/{order['number']}/payment-confirmations/"
        return expect(shopper.request(server, "POST", path, form=form), 201, "proof upload").json()

    def approve(self, staff, server, number):
        staff.fetch_csrf(server)
        credentials = {"username": STAFF_EMAIL, "password": STAFF_PASSWORD}
        expect(staff.request(server, "POST", "/api/login/", credentials), 200, "staff login")
        staff.fetch_csrf(server)  # a login rotates the token
        queue = staff.request(server, "GET", "/api/staff/payment-confirmations/")
        rows = [r for r in expect(queue, 200, "queue").json()["results"]]
        mine = [r for r in rows if r["order_number"] == number]
        self.check("the confirmation waits in the staff queue", len(mine) == 1, f"{len(rows)} rows")
        self.check("it has its proof", mine[0]["has_proof"])
        path = f"/api/staff/payment-confirmations/{mine[0]['id']}/approve/"
        approved = expect(staff.request(server, "POST", path, {}), 200, "approve").json()
        self.check("approved", approved["status"] == "approved", approved["status"])
        return mine[0]["id"]

    def check_proof_storage(self, shopper, server, number, confirmation_id):
        from contex_oscar.payment.models import PaymentConfirmation

        name = PaymentConfirmation.objects.get(pk=confirmation_id).proof.name
        s3 = self.s3_client()
        stored = s3.get_object(Bucket=PRIVATE_BUCKET, Key=name)["Body"].read()
        self.check("the proof is in the private bucket", stored == self.proof_bytes, name)
        on_disk = [p for root in (self.media_root, self.private_root) for p in root.rglob("*")]
        on_disk = [p for p in on_disk if p.is_file()]
        self.check("no file on the local disk", on_disk == [], ", ".join(map(str, on_disk)))
        path = (
            f"/api/orders/{number}/payment-confirmations/{confirmation_id}/proof/"
            f"?email={GUEST_EMAIL}"
        )
        link = expect(shopper.request(server, "GET", path), 302, "proof download")
        with urllib.request.urlopen(link.headers["Location"], timeout=30) as signed:  # noqa: S310
            body = signed.read()
        self.check(
            f"{server.variant} sends the proof through a signed S3 link",
            link.headers["Location"].startswith(f"{self.s3_endpoint}/{PRIVATE_BUCKET}/")
            and body == self.proof_bytes,
        )

    def wait_delivered(self, expected):
        """Wait until the outbox holds ``expected`` e-mails, all sent, and the sink has as
        many; then a little longer (the worker polls each second) to see no second copy."""
        from contex_oscar.models import OutboxMessage

        emails = OutboxMessage.objects.filter(channel=OutboxMessage.EMAIL)
        deadline = time.monotonic() + DELIVERY_TIMEOUT
        while time.monotonic() < deadline:
            sent = emails.filter(status=OutboxMessage.SENT).count()
            if sent >= expected and len(self.sink.message_ids) >= expected:
                break
            time.sleep(0.2)
        delivered_at = time.perf_counter()
        time.sleep(2.5)
        rows = list(emails.values_list("message_id", "status", "kind"))
        arrived = list(self.sink.message_ids)
        self.check(
            f"{expected} e-mails in the outbox, all sent",
            len(rows) == expected and {s for _, s, _ in rows} == {OutboxMessage.SENT},
            ", ".join(f"{n} {kind}" for kind, n in sorted(Counter(k for *_, k in rows).items())),
        )
        ids = sorted(m for m, _, _ in rows)
        self.check(
            "each arrived exactly once at the SMTP sink (by Message-ID)",
            sorted(arrived) == ids,
            f"{len(arrived)} messages received",
        )
        return delivered_at

    def kinds_for(self, email):
        """The kinds of the outbox's e-mails to ``email`` (one shopper's orders)."""
        from contex_oscar.models import OutboxMessage

        to = OutboxMessage.objects.filter(channel=OutboxMessage.EMAIL, recipients=[email])
        return sorted(to.values_list("kind", flat=True))

    def guess(self, servers, number, source):
        """Wrong e-mails for ``number``, request i to ``servers[i % len]``: the statuses."""
        guesser = Visitor(source)
        guesser.fetch_csrf(servers[0])
        statuses = []
        for index in range(self.limit + 2):
            body = {"number": number, "email": f"tebakan{index}@example.com"}
            server = servers[index % len(servers)]
            statuses.append(guesser.request(server, "POST", "/api/orders/track/", body).status)
        return statuses

    def payment_flow(self):
        """Checkout (app 1), proof (app 2), approval (app 1), the e-mails; the order number
        and how many e-mails it sent."""
        from contex_oscar.payment import notifications

        app1, app2 = self.servers
        shopper, staff = Visitor(), Visitor()

        started = time.perf_counter()
        order = self.checkout(shopper, app1, GUEST_EMAIL)
        number = order["number"]
        self.check(
            f"order {number} placed on app 1, awaiting payment",
            order["status"]["code"] == "awaiting-payment",
        )
        started = self.step("checkout by bank transfer (app 1)", started)
        confirmation = self.upload_proof(shopper, app2, order)
        self.check("payment confirmation with proof accepted on app 2", confirmation["id"] > 0)
        started = self.step("payment confirmation with proof (app 2)", started)
        confirmation_id = self.approve(staff, app1, number)
        approved_at = started = self.step("staff sign-in and approval (app 1)", started)

        self.check_proof_storage(shopper, app1, number, confirmation_id)
        tracked = shopper.request(
            app2, "POST", "/api/orders/track/", {"number": number, "email": GUEST_EMAIL}
        )
        status = expect(tracked, 200, "tracking").json()["status"]["code"]
        self.check("app 2 tracks the order as payment received", status == "payment-received")
        started = self.step("proof from S3 (app 1) and tracking (app 2)", started)

        # what the flow sends the shopper: placed, proof received, payment verified
        expected = [
            notifications.ORDER_PLACED,
            notifications.CONFIRMATION_RECEIVED,
            notifications.PAYMENT_VERIFIED,
        ]
        delivered_at = self.wait_delivered(self.setup_emails + len(expected))
        self.check(f"order {number}'s e-mails", self.kinds_for(GUEST_EMAIL) == sorted(expected))
        self.figures["delivery_after_approval_s"] = round(delivered_at - approved_at, 2)
        self.step("e-mails delivered by the worker (with a 2.5 s watch)", started)
        return number, len(expected)

    def throttle_flow(self, number, emails_so_far):
        """A second order (app 2), then wrong e-mails for each order until refused."""
        from contex_oscar.conf import contex_settings
        from contex_oscar.payment import notifications
        from contex_oscar.throttles import parse_rate

        app1, app2 = self.servers
        started = time.perf_counter()
        second = self.checkout(Visitor(), app2, SECOND_EMAIL)
        started = self.step("second checkout (app 2)", started)

        self.limit = parse_rate(contex_settings.CONTEX_TRACKING_RATE_PER_ORDER)[0]
        refused = [404] * self.limit + [429, 429]
        alone = self.guess([app1], number, GUESSERS[0])
        self.check(
            f"one process: {self.limit} wrong e-mails for order {number}, then 429",
            alone == refused,
            f"statuses {alone}",
        )
        started = self.step(f"{len(alone)} guesses on app 1", started)
        both = self.guess([app1, app2], second["number"], GUESSERS[1])
        self.check(
            f"two processes, alternating: {self.limit} for order {second['number']}, then 429",
            both == refused,
            f"statuses {both}",
        )
        started = self.step(f"{len(both)} guesses alternating app 1 / app 2", started)
        self.figures["throttle_limit"] = self.limit
        self.figures["throttle_passed_one_process"] = alone.index(429)
        self.figures["throttle_passed_two_processes"] = both.index(429)

        self.wait_delivered(self.setup_emails + emails_so_far + 1)
        self.check(
            f"order {second['number']}'s e-mail",
            self.kinds_for(SECOND_EMAIL) == [notifications.ORDER_PLACED],
        )
        self.step("its e-mail delivered", started)

    def execute(self):
        started = begun = time.perf_counter()
        self.start_services()
        started = self.step("S3 server and SMTP sink on loopback", started)
        env = self.environment()
        self.create_database(env)
        made = "created and migrated"
        if self.copied_from:
            made = f"copied from {self.copied_from}, migrated, flushed"
        started = self.step(f"database {self.args.database_name} {made}", started)
        self.start_processes(env)  # they boot while the demo store loads
        self.load_store()
        started = self.step("demo store loaded (the servers and the worker starting)", started)
        self.wait_ready()
        self.step(f"two app servers ({self.args.workers} worker(s) each) ready", started)
        self.throttle_flow(*self.payment_flow())
        self.figures["total_s"] = round(time.perf_counter() - begun, 2)

    def close(self):
        """Stop, drop and delete what the run made; a step that fails is reported and the
        others still run."""
        started = time.perf_counter()
        with ThreadPoolExecutor() as pool:  # all at once: each finishes its request or task
            stopped = [pool.submit(server.stop) for server in self.servers]
            stopped.append(pool.submit(self.stop_worker))
        for stopping in stopped:
            self.attempt("stopping a process", stopping.result)
        started = self.step("servers and worker stopped", started)
        if self.django_ready:
            from django.db import connections

            connections.close_all()
        if self.database_created:
            name = self.args.database_name
            drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
            self.attempt(f"dropping {name}", admin_sql, self.args.database_url, drop)
            started = self.step("database dropped", started)
        self.attempt("deleting the run's cache keys", self.forget_cache_keys)
        if self.smtp is not None:
            self.attempt("stopping the SMTP sink", self.smtp.stop)
        if self.moto is not None:
            self.attempt("stopping the S3 server", self.moto.stop)
        if not self.args.logs:
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.step("cache keys deleted, S3 and SMTP stopped", started)

    @staticmethod
    def attempt(what, function, *args):
        try:
            function(*args)
        except Exception as error:  # noqa: BLE001 - reported; the rest of the clean-up runs
            print(f"clean-up: {what} failed: {type(error).__name__}: {error}", file=sys.stderr)

    def stop_worker(self):
        if self.worker is None or self.worker.poll() is not None:
            return
        self.worker.send_signal(signal.SIGTERM)  # db_worker ends after its current task
        try:
            self.worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.worker.kill()
            self.worker.wait()

    def forget_cache_keys(self):
        import redis

        client = redis.Redis.from_url(self.args.redis_url)
        keys = list(client.scan_iter(match=f"{self.cache_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()

    def log_excerpts(self):
        for path in sorted(self.logs.glob("*.log")):
            excerpt = error_log_excerpt(path, limit=40)
            if excerpt:
                print(f"\nFirst traceback in {path.name}:", file=sys.stderr)
                print("\n".join(excerpt), file=sys.stderr)


def summary(run, failure):
    lines = ["", "Steps (seconds):"]
    width = max(len(name) for name, _ in run.steps) if run.steps else 0
    lines += [f"  {name:<{width}}  {seconds:7.2f}" for name, seconds in run.steps]
    lines.append("Figures:")
    lines += [f"  {key}: {value}" for key, value in run.figures.items()]
    lines.append(f"Checks passed: {len(run.checks)}")
    lines.append(f"FAILED: {failure}" if failure else "All checks passed.")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    admin_url_argument(
        parser, "SCALE_OUT_ADMIN_DATABASE_URL", "a database of the server to create the run's in"
    )
    parser.add_argument("--database-name", default="contex_scale_out", help="the run's database")
    parser.add_argument(
        "--template",
        help="copy this migrated database (no connection may be open to it) instead of "
        "migrating an empty one; the copy is flushed (e.g. pytest-django's test database)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
        help="the shared cache (default: REDIS_URL); the run deletes only its own keys",
    )
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per server")
    parser.add_argument("--json", help="also write the checks and figures to this file")
    parser.add_argument("--logs", help="keep the servers' and the worker's logs in this folder")
    args = parser.parse_args(argv)
    if not urlparse(args.database_url).scheme.startswith("postgres"):
        parser.error("--database-url must be a PostgreSQL URL")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))  # still clean up

    run = Run(args)
    failure = None
    try:
        run.execute()
    except Failed as error:
        failure = str(error)
    except Exception as error:  # noqa: BLE001 - reported, then the exit code says it
        traceback.print_exc()
        failure = f"{type(error).__name__}: {error}"
    finally:
        if failure:
            run.log_excerpts()
        run.close()
    print(summary(run, failure))
    if args.json:
        record = {
            "failure": failure,
            "checks": [what for what, _ in run.checks],
            "steps": dict(run.steps),
            "figures": run.figures,
        }
        Path(args.json).write_text(json.dumps(record, indent=2))
    return 1 if failure else 0


if __name__ == "__main__":
    sys.exit(main())
