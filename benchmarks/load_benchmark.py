"""HTTP load on loopback: plain oscarapi versus the store, under gunicorn on PostgreSQL.

    python benchmarks/load_benchmark.py [--duration 12] [--users 4] [--workers 2] [--json out.json]
                                        [--think-time MIN MAX] [--database-prefix contex_load_]

Needs the ``bench`` extra (gunicorn, locust) and a PostgreSQL server the
``--database-url`` role may create databases on. The run:

1. creates ``contex_load_plain`` and ``contex_load_ours`` (``--database-prefix``
   replaces ``contex_load_``), migrates each, loads the
   demo store, keeps ``--products`` public scanners with ample stock (the same
   builder as ``api_benchmark.py``) and places one signed-in order per scanner
   through the API (the orders tracked);
2. serves each under gunicorn on 127.0.0.1 with the same ``--workers`` sync workers:
   ``plain`` is ``benchmarks.settings_load_plain`` (oscarapi as it ships), ``ours``
   is ``benchmarks.settings_load`` (the store; see that module for what it changes);
3. for each scenario, alternating which variant goes first, runs locust headless
   (``--users`` users) against one server, then the other: ``--warmup`` seconds
   unmeasured, then ``--duration`` seconds measured;
4. prints the table (and writes ``--json``), stops the servers and drops the
   databases, also when something failed.

Scenarios (only the request named is measured; each user has its own session):

- product list: anonymous ``GET /api/products/``.
- basket add: ``POST /api/basket/add-product/`` of the user's scanner into its guest
  basket (one line, the quantity grows; a new guest session every 10 adds).
- checkout: per checkout a new guest session, one scanner added, then the measured
  ``POST /api/checkout/`` (first shipping method; ours also its first payment method).
- tracking: ours ``POST /api/orders/track/`` with a placed order's number and e-mail;
  plain oscarapi has no tracking, so its row is its closest route, the signed-in
  owner's ``GET /api/orders/<pk>/``.
- order detail (only with ``--scenarios``): ``GET /api/orders/<pk>/`` as the owner.

Guest writes to ours carry the CSRF token from ``GET /api/csrf/`` (``X-CSRFToken``
header and ``csrftoken`` cookie), as README's security notes require; plain
oscarapi does not check anonymous requests. Users buy different scanners (user i
takes scanner i mod N) so checkouts do not all queue on one stock record's lock.

Think time: by default (``--think-time 0 0``) a user sends its next request as soon as
the last one is answered, so ``--users`` users saturate the servers and latency is
bound by throughput (Little's law: mean latency = users / requests a second). With
``--think-time MIN MAX`` each user waits a random ``MIN``-``MAX`` seconds (locust's
``between``) after each iteration, as a shopper does between two look-ups: ``--users``
concurrent clients, each sending about one request per ``(MIN + MAX) / 2`` seconds.
"""

import argparse
import itertools
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.api_benchmark import ADDRESS, GUEST_EMAIL  # noqa: E402

VARIANTS = {
    "plain": {"settings": "benchmarks.settings_load_plain", "csrf": False},
    "ours": {"settings": "benchmarks.settings_load", "csrf": True},
}
DATABASE_PREFIX = "contex_load_"
SCENARIOS = ["product list", "basket add", "checkout", "tracking"]
EXTRA_SCENARIOS = ["order detail"]
ORDER_DETAIL = "GET /api/orders/<pk>/ (owner)"
ROUTES = {
    "product list": {"plain": "GET /api/products/", "ours": "GET /api/products/"},
    "basket add": {
        "plain": "POST /api/basket/add-product/",
        "ours": "POST /api/basket/add-product/",
    },
    "checkout": {"plain": "POST /api/checkout/", "ours": "POST /api/checkout/"},
    "tracking": {"plain": ORDER_DETAIL, "ours": "POST /api/orders/track/"},
    "order detail": {"plain": ORDER_DETAIL, "ours": ORDER_DETAIL},
}
TRACKER_EMAIL = "pelacak-benchmark@example.com"
TRACKER_PASSWORD = "beban-uji-123"
ADDS_PER_BASKET = 10  # at most 10 units: an IDR basket over Rp 10 billion breaks oscarapi (500)
MEASURED, SETUP = "measured", "setup"
STARTUP_TIMEOUT = 120  # seconds the users' on_start (log-ins) may take before the warm-up


# --- figures: pure helpers -------------------------------------------------------------


def percentile(values, p):
    """The nearest-rank ``p``-th percentile of ``values`` (None when there are none)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(p / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def summarise(samples, seconds):
    """Figures of one run from its measured ``(status, milliseconds)`` samples.

    ``errors`` are answers other than 2xx and 429 (status 0: no answer at all);
    ``throttled`` counts the 429s apart. Percentiles cover every measured request.
    """
    times = [ms for _, ms in samples]
    statuses = {}
    for status, _ in samples:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    throttled = statuses.get("429", 0)
    ok = sum(count for status, count in statuses.items() if status.startswith("2"))
    return {
        "requests": len(samples),
        "errors": len(samples) - ok - throttled,
        "throttled": throttled,
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "rps": len(samples) / seconds if seconds else 0.0,
        "statuses": statuses,
    }


def _ms(value):
    return "-" if value is None else f"{value:.1f}"


def think_time_label(think_time):
    """``"none"`` for no think time, else ``"0.5-1.5 s"`` (each user's wait between requests)."""
    low, high = think_time
    if not low and not high:
        return "none"
    return f"{low:g} s" if low == high else f"{low:g}-{high:g} s"


def think_time_argument(value):
    """A ``--think-time`` bound: seconds, not negative."""
    seconds = float(value)
    if not seconds >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"think time must be 0 or more seconds, not {value}")
    return seconds


def table(results):
    columns = [
        ("scenario", "<"),
        ("variant", "<"),
        ("route", "<"),
        ("think time", "<"),
        ("requests", ">"),
        ("errors", ">"),
        ("429", ">"),
        ("p50 ms", ">"),
        ("p95 ms", ">"),
        ("req/s", ">"),
    ]
    rows = [
        [
            r["scenario"],
            r["variant"],
            r["route"],
            think_time_label(r.get("think_time", (0, 0))),
            str(r["requests"]),
            str(r["errors"]),
            str(r["throttled"]),
            _ms(r["p50_ms"]),
            _ms(r["p95_ms"]),
            f"{r['rps']:.1f}",
        ]
        for r in results
    ]
    widths = [
        max([len(name)] + [len(row[i]) for row in rows]) for i, (name, _) in enumerate(columns)
    ]

    def line(cells):
        return (
            "| "
            + " | ".join(f"{c:{a}{w}}" for c, (_, a), w in zip(cells, columns, widths, strict=True))
            + " |"
        )

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line([name for name, _ in columns]), rule, *map(line, rows)])


def problems(results):
    """Lines describing every non-2xx answer (measured or set-up) with sample bodies."""
    lines = []
    for r in results:
        for kind in (MEASURED, SETUP):
            bad = {s: n for s, n in r[f"{kind}_statuses"].items() if not s.startswith("2")}
            if bad:
                lines.append(f"{r['scenario']} / {r['variant']}: {kind} answers {bad}")
                lines += [f"    {sample}" for sample in r["samples"].get(kind, [])]
    return lines


# --- set-up: one variant's database, in its own process --------------------------------


def prepare(products_wanted):
    """Migrate, load the demo store, keep N stocked scanners, place the tracked orders.

    Runs with the variant's DJANGO_SETTINGS_MODULE and DATABASE_URL; returns what
    the load run needs: product ids, orders and the checkout's method codes.
    """
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from oscar.core.loading import get_model

    from benchmarks.api_benchmark import _checkout_payload, _guest_with_basket, _post_json
    from tests import factories

    Basket = get_model("basket", "Basket")
    Order = get_model("order", "Order")
    Product = get_model("catalogue", "Product")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_store", stdout=io.StringIO())
    keep = factories.scanners(products_wanted, num_in_stock=1_000_000)
    Product.objects.exclude(pk__in=[p.pk for p in keep]).delete()

    # what a guest checkout of one scanner chooses (what the load run's checkouts send)
    guest, basket = _guest_with_basket(keep[:1])
    methods = _checkout_payload(guest, basket)
    basket.delete()

    tracker = factories.user(email=TRACKER_EMAIL)
    tracker.set_password(TRACKER_PASSWORD)
    tracker.save()
    client = Client()
    client.force_login(tracker)
    orders = []
    for product in keep:
        added = _post_json(
            client,
            "/api/basket/add-product/",
            {"url": f"http://testserver/api/products/{product.pk}/", "quantity": 1},
        )
        assert added.status_code == 200, added.content[:500]
        payload = _checkout_payload(client, Basket.objects.get(pk=added.json()["id"]))
        placed = _post_json(client, "/api/checkout/", payload)
        assert placed.status_code == 200, placed.content[:500]
        number = placed.json()["number"]
        orders.append({"number": number, "pk": Order.objects.get(number=number).pk})
    return {
        "products": [p.pk for p in keep],
        "orders": orders,
        "shipping_method_code": methods["shipping_method_code"],
        "payment_method": methods.get("payment_method"),
    }


# --- the load: one scenario against one server, in its own (gevent) process -----------


def run_locust(spec):
    """Run ``spec["scenario"]`` with locust's library API; return measured figures."""
    import random

    import gevent
    import gevent.event
    from locust import FastHttpUser, between, constant, task
    from locust.env import Environment

    host = spec["host"]
    data = spec["data"]
    scenario = spec["scenario"]
    csrf = VARIANTS[spec["variant"]]["csrf"]
    window = {"start": math.inf, "end": math.inf}
    samples = {MEASURED: [], SETUP: []}
    bodies = {MEASURED: [], SETUP: []}
    counter = itertools.count()
    # the measured window opens --warmup seconds after every user's on_start (log-ins
    # hash passwords: 20 of them can take longer than a fixed warm-up on a busy machine)
    started = []
    everyone_started = gevent.event.Event()

    def on_request(name, response_time, response=None, **_):
        now = time.perf_counter()
        if not window["start"] <= now <= window["end"] and name == MEASURED:
            return
        status = getattr(response, "status_code", 0) or 0
        samples[name].append((status, response_time))
        if not 200 <= status < 300 and len(bodies[name]) < 3:
            text = getattr(response, "text", None) or ""
            bodies[name].append(f"{status}: {text[:300]}")

    low, high = spec.get("think_time", (0, 0))

    class Shopper(FastHttpUser):
        wait_time = between(low, high) if high else constant(0)

        def on_start(self):
            self.index = next(counter)
            self.random = random.Random(self.index)
            self.product = data["products"][self.index % len(data["products"])]
            self.headers = {}
            self.adds = 0
            if scenario == "order detail" or (scenario == "tracking" and not csrf):
                self.log_in()  # plain's tracking row is the owner's order detail
            elif scenario == "tracking":
                self.new_session()  # the guest's POST carries the CSRF token
            started.append(self.index)
            if len(started) == spec["users"]:
                everyone_started.set()

        def call(self, method, path, name, **kwargs):
            return self.client.request(method, path, name=name, headers=self.headers, **kwargs)

        def new_session(self):
            self.client.cookiejar.clear()
            self.headers = {}
            if csrf:
                answer = self.call("GET", "/api/csrf/", SETUP)
                if answer.status_code == 200:
                    self.headers = {"X-CSRFToken": answer.json()["csrf_token"]}

        def log_in(self):
            self.new_session()
            credentials = {"username": TRACKER_EMAIL, "password": TRACKER_PASSWORD}
            self.call("POST", "/api/login/", SETUP, json=credentials)

        def add_product(self, name):
            line = {"url": f"{host}/api/products/{self.product}/", "quantity": 1}
            return self.call("POST", "/api/basket/add-product/", name, json=line)

        @task
        def step(self):
            getattr(self, scenario.replace(" ", "_"))()

        def product_list(self):
            self.call("GET", "/api/products/", MEASURED)

        def basket_add(self):
            if self.adds % ADDS_PER_BASKET == 0:
                self.new_session()
            self.adds += 1
            self.add_product(MEASURED)

        def checkout(self):
            self.new_session()
            added = self.add_product(SETUP)
            if added.status_code != 200:
                return
            address = {**ADDRESS, "country": f"{host}/api/countries/ID/"}
            payload = {
                "basket": added.json()["url"],
                "guest_email": GUEST_EMAIL,
                "shipping_address": address,
                "shipping_method_code": data["shipping_method_code"],
            }
            if data["payment_method"]:  # the store's (plain oscarapi has neither)
                payload["payment_method"] = data["payment_method"]
                payload["accept_terms"] = True
            self.call("POST", "/api/checkout/", MEASURED, json=payload)

        def order_detail(self):
            order = self.random.choice(data["orders"])
            self.call("GET", f"/api/orders/{order['pk']}/", MEASURED)

        def tracking(self):
            if not csrf:  # plain oscarapi: no tracking endpoint
                return self.order_detail()
            order = self.random.choice(data["orders"])
            body = {"number": order["number"], "email": TRACKER_EMAIL}
            self.call("POST", "/api/orders/track/", MEASURED, json=body)

    env = Environment(user_classes=[Shopper], host=host)
    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    runner.start(spec["users"], spawn_rate=spec["spawn_rate"])
    everyone_started.wait(timeout=STARTUP_TIMEOUT)
    window["start"] = time.perf_counter() + spec["warmup"]
    window["end"] = window["start"] + spec["duration"]
    gevent.sleep(spec["warmup"] + spec["duration"])
    runner.quit()
    figures = summarise(samples[MEASURED], spec["duration"])
    measured_statuses = figures.pop("statuses")
    return {
        **figures,
        "measured_statuses": measured_statuses,
        "setup_statuses": summarise(samples[SETUP], 0)["statuses"],
        "samples": {kind: found for kind, found in bodies.items() if found},
    }


# --- the driver: databases, servers, alternating runs ----------------------------------


def admin_url_argument(parser, variable, help):
    """``--database-url``: a database of the PostgreSQL server the run creates its own on
    (default: the environment's ``variable``, else the local server's ``postgres``)."""
    default = os.environ.get(variable, "postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database-url", default=default, help=help)


def database_url(admin_url, name):
    return urlunparse(urlparse(admin_url)._replace(path=f"/{name}"))


def admin_sql(admin_url, *statements):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(variant, workdir, url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": VARIANTS[variant]["settings"],
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "SANDBOX_MEDIA_ROOT": str(workdir / variant / "media"),
        "SANDBOX_PRIVATE_ROOT": str(workdir / variant / "private"),
        "PYTHONPATH": str(ROOT),
    }


def start_child(args, env):
    """This script with ``args`` in a child process (whose last stdout line is JSON)."""
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    pipe = subprocess.PIPE
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=pipe, stderr=pipe, text=True)


def finish_child(process, what):
    out, err = process.communicate()
    if process.returncode != 0:
        sys.stderr.write(out[-3000:] + err[-6000:])
        raise SystemExit(f"{what} failed")
    return json.loads(out.strip().splitlines()[-1])


class Server:
    """One gunicorn master (and its workers) on loopback, logging to a file.

    ``config``: a gunicorn config file (e.g. ``deploy/gunicorn.conf.py``; the options below
    override its bind, workers and timeout); ``probe``: the path answering 200 once the
    server is up (``/health/live/`` under the production settings, which redirect plain
    HTTP elsewhere).
    """

    def __init__(self, variant, env, workers, log, config=None, probe="/api/"):
        self.variant = variant
        self.port = free_port()
        self.host = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.probe = probe
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            *(["--config", str(config)] if config else []),
            "sandbox.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--chdir",
            str(ROOT),
            "--timeout",
            "120",
        ]
        with open(log, "ab") as output:
            self.process = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
            )

    def wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn ({self.variant}) exited: see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.host}{self.probe}", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn ({self.variant}) not answering after {timeout}s")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn stops its workers
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def run_scenario(scenario, variant, server, data, args, workdir):
    spec = {
        "scenario": scenario,
        "variant": variant,
        "host": server.host,
        "data": data,
        "users": args.users,
        "spawn_rate": args.spawn_rate or args.users,
        "warmup": max(args.warmup, args.users / (args.spawn_rate or args.users) + 1),
        "duration": args.duration,
        "think_time": args.think_time,
    }
    spec_file = workdir / f"{variant}-{scenario.replace(' ', '-')}.json"
    spec_file.write_text(json.dumps(spec))
    locust = start_child(["--locust", str(spec_file)], os.environ)
    figures = finish_child(locust, f"locust ({scenario}, {variant})")
    return {
        "scenario": scenario,
        "variant": variant,
        "route": ROUTES[scenario][variant],
        "think_time": list(args.think_time),
        **figures,
    }


def error_log_excerpt(log, limit=80):
    """The first traceback in a gunicorn log (and what follows it), or []."""
    lines = Path(log).read_text(errors="replace").splitlines()
    start = next((i for i, line in enumerate(lines) if "Traceback" in line), None)
    return [] if start is None else lines[max(start - 2, 0) : start + limit]


def run(args):
    workdir = Path(tempfile.mkdtemp(prefix="contex-load-"))
    logs = Path(args.logs) if args.logs else workdir
    logs.mkdir(parents=True, exist_ok=True)
    names = {variant: f"{args.database_prefix}{variant}" for variant in VARIANTS}
    servers = {}
    preparing = {}
    created = []
    tracebacks = {}  # variant -> the first traceback in its gunicorn log
    try:
        for variant, name in names.items():  # both set-ups at once: most of it is migrating
            admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin_sql(args.database_url, f'CREATE DATABASE "{name}"')
            created.append(name)
            env = server_env(variant, workdir, database_url(args.database_url, name))
            print(f"preparing {name} ...", file=sys.stderr, flush=True)
            preparing[variant] = start_child(["--prepare", str(args.products)], env)
        data = {v: finish_child(p, f"{v} set-up") for v, p in preparing.items()}
        for variant, name in names.items():
            env = server_env(variant, workdir, database_url(args.database_url, name))
            servers[variant] = Server(variant, env, args.workers, logs / f"gunicorn-{variant}.log")
        for server in servers.values():
            server.wait_ready()
        results = []
        for number, scenario in enumerate(args.scenarios):
            order = list(VARIANTS) if number % 2 == 0 else list(reversed(VARIANTS))
            for variant in order:
                print(f"{scenario}: {variant} ...", file=sys.stderr, flush=True)
                results.append(
                    run_scenario(scenario, variant, servers[variant], data[variant], args, workdir)
                )
        results.sort(
            key=lambda r: (args.scenarios.index(r["scenario"]), list(VARIANTS).index(r["variant"]))
        )
        return results, tracebacks
    finally:
        for process in preparing.values():
            if process.poll() is None:
                process.kill()
                process.wait()
        for server in servers.values():
            server.stop()
            excerpt = error_log_excerpt(server.log)
            if excerpt:
                tracebacks[server.variant] = excerpt
        for name in created:
            admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not args.logs:
            shutil.rmtree(workdir, ignore_errors=True)


NOTES = """\
Only the named request is timed; set-up requests (CSRF token, log-in, the basket
add before a checkout) are not. errors: answers other than 2xx and 429 (0: no answer);
429: throttled answers, counted apart. req/s: measured requests per second of the
measured window (for checkout, one set-up add precedes each). think time: each user's
wait between two iterations (none: a saturation run, mean latency = users / req/s).
tracking/plain: plain oscarapi has no order tracking; its row is the owner's
GET /api/orders/<pk>/."""


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=12, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured seconds per run")
    parser.add_argument("--users", type=int, default=4, help="concurrent locust users")
    parser.add_argument("--spawn-rate", type=float, help="users started per second (all at once)")
    parser.add_argument(
        "--think-time",
        nargs=2,
        type=think_time_argument,
        default=[0.0, 0.0],
        metavar=("MIN", "MAX"),
        help="seconds each user waits between requests, drawn between MIN and MAX "
        "(default 0 0: no think time, the users saturate the servers)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server")
    parser.add_argument("--products", type=int, default=20, help="scanners (and tracked orders)")
    parser.add_argument(
        "--scenarios", nargs="+", default=SCENARIOS, choices=SCENARIOS + EXTRA_SCENARIOS
    )
    admin_url_argument(
        parser, "LOAD_ADMIN_DATABASE_URL", "a database of the server to create the run databases on"
    )
    parser.add_argument(
        "--database-prefix",
        default=DATABASE_PREFIX,
        help=f"name of the run databases before plain/ours (default {DATABASE_PREFIX})",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--logs", help="keep the gunicorn logs in this directory")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--locust", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.think_time[0] > args.think_time[1]:
        parser.error("--think-time: MIN is more than MAX")
    return args


def main(argv=None):
    args = parse_arguments(argv)
    if args.prepare is not None:
        print(json.dumps(prepare(args.prepare)))
        return
    if args.locust:
        print(json.dumps(run_locust(json.loads(Path(args.locust).read_text()))))
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))  # still clean up
    results, tracebacks = run(args)
    print(table(results))
    print(NOTES)
    found = problems(results)
    if found:
        print("\nNon-2xx answers:")
        print("\n".join(found))
    for variant, lines in tracebacks.items():
        print(f"\nFirst traceback in the {variant} server's log:")
        print("\n".join(lines))
    if args.json:
        record = {"settings": vars(args), "results": results, "tracebacks": tracebacks}
        Path(args.json).write_text(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
