"""Queries and median wall time of the shop's API: plain oscarapi versus the store.

    python benchmarks/api_benchmark.py [--repeat 15] [--rounds 2] [--sizes 1 20] [--json out.json]
    python benchmarks/api_benchmark.py --quick      # --repeat 5 --rounds 1: about a minute
    python benchmarks/api_benchmark.py --quick --fresh   # databases built anew (minutes)

Each variant runs in its own process (its own settings, its own fresh SQLite
database migrated once into a temporary file, then copied for each size N; those
databases are kept in ``<tmp>/contex-bench-cache`` for the next run of the same code) and
drives the API in-process with Django's test ``Client``: no network, no server.
Both workers stay up for the whole run and are asked for one step at a time, so each
row of the table is printed as soon as both variants have measured it.
``plain`` is ``benchmarks.settings_plain`` (oscarapi with no overrides and Oscar's
default shipping repository); ``ours`` is ``benchmarks.settings_ours`` (the sandbox with
the production task backend: e-mails leave through the worker, not the request). The variants
alternate for ``--rounds`` rounds of each step; each figure is the fastest round's median.

For every size N (products listed / lines in the basket) it measures: product
list, a listing page (list + price + availability of N products), product
detail, a product page (detail + price + availability), basket add (the Nth
line), basket view, basket lines, shipping methods, payment methods (plain: its nearest
request, the shipping methods) and a guest checkout of an N-line basket.
``BENCHMARK_SHOW_QUERIES="basket add 20"`` prints that step's SQL to stderr.

Then, ours only (plain oscarapi has no staff lists), each staff list of the staff API and
the dashboard with N rows of every kind (``tests/performance/staff_rows.py``), read by a
superuser: milliseconds per request and queries, in a second table.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {"plain": "benchmarks.settings_plain", "ours": "benchmarks.settings_ours"}
STEPS = [
    "product list",
    "product list (fresh)",
    "product list (new catalogue)",
    "listing page",
    "product detail",
    "product detail (fresh)",
    "product page",
    "basket add",
    "basket view",
    "basket lines",
    "shipping methods",
    "payment methods",
    "checkout",
]
# The staff lists, ours only (plain oscarapi has none): the staff API's and the dashboard's,
# each with N rows of every kind (tests/performance/staff_rows.py; a list of orders also
# shows the orders the other lists' rows were placed as, up to its page)
STAFF_API_LISTS = [
    "payment confirmations",
    "unpaid transfers",
    "shipping quotes",
    "tickets",
    "webhook endpoints",
    "webhook deliveries",
]
DASHBOARD_LISTS = [
    "orders",
    "service desk",
    "payment confirmations",
    "awaiting transfers",
    "to collect",
    "refunds owed",
    "bank accounts",
    "shipping zones",
    "shipping quotes",
    "outbox",
    "webhook endpoints",
    "webhook deliveries",
]
STAFF_STEPS = [f"staff api: {name}" for name in STAFF_API_LISTS] + [
    f"dashboard: {name}" for name in DASHBOARD_LISTS
]
GUEST_EMAIL = "tamu-benchmark@example.com"
ADDRESS = {
    "first_name": "Budi",
    "last_name": "Santoso",
    "line1": "Jl. Gajah Mada No. 1",
    "line4": "Jakarta Pusat",
    "state": "DKI Jakarta",
    "postcode": "10130",
    "phone_number": "+62 21 555 0101",
    "country": "http://testserver/api/countries/ID/",
}


# --- the worker: one variant, in its own process ---------------------------------


def _setup_django(workdir):
    import warnings

    # haystack's simple backend (the sandbox's search) says so on every product save
    warnings.filterwarnings("ignore", message="(update|remove) is not implemented")
    os.environ["SQLITE_PATH"] = str(workdir / "live.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("SANDBOX_MEDIA_ROOT", str(workdir / "media"))
    os.environ.setdefault("SANDBOX_PRIVATE_ROOT", str(workdir / "private"))  # payment proofs
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _swap_database(source, live):
    """Close the connection, put a pristine copy of ``source`` in place, reconnect lazily."""
    from django.db import connection

    connection.close()
    shutil.copyfile(source, live)


def _make_staff_rows(size, scanner):
    """``size`` rows of every staff list (the service center's settings and the demo bank
    accounts first)."""
    import io

    from contex_oscar.payment.models import BankAccount
    from contex_oscar.setup import payment
    from tests.performance import staff_rows
    from tests.service_center.conftest import store_settings

    store_settings()
    payment.load(io.StringIO())
    world = staff_rows.world(scanner, BankAccount.objects.order_by("pk").first())
    builders = [add for _, add in staff_rows.STAFF_API.values()]
    builders += [add for _, add in staff_rows.DASHBOARD.values()]
    # once each; the deliveries before the endpoints (one delivery per endpoint and event)
    for add in sorted(dict.fromkeys(builders), key=lambda add: add is staff_rows.endpoints):
        add(world, size)


def _build_templates(workdir, sizes, staff=False):
    """Migrate once, load the demo store, then save one database per size N, keyed
    ``(N, "shop")`` (``staff``: and one with N rows of every staff list, ``(N, "staff")``:
    the shop's steps run on databases without them)."""
    import io

    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from oscar.core.loading import get_model

    from contex_oscar.setup import catalogue
    from sandbox.store.demo import site
    from tests import factories

    Product = get_model("catalogue", "Product")
    live = workdir / "live.sqlite3"
    call_command("migrate", verbosity=0, interactive=False)
    site.load(io.StringIO())
    catalogue.load(io.StringIO())
    if apps.is_installed("contex_oscar.payment"):
        # the store's bank accounts: its checkout pays by bank transfer, as a shopper's does
        from contex_oscar.setup import payment

        payment.load(io.StringIO())
    connection.close()
    base = workdir / "base.sqlite3"
    shutil.copyfile(live, base)
    templates = {}
    for size in sizes:
        _swap_database(base, live)
        keep = factories.scanners(size, num_in_stock=1_000_000)
        Product.objects.exclude(pk__in=[p.pk for p in keep]).delete()
        connection.close()
        templates[size, "shop"] = workdir / f"n{size}.sqlite3"
        shutil.copyfile(live, templates[size, "shop"])
        if staff:
            _make_staff_rows(size, keep[0])
            connection.close()
            templates[size, "staff"] = workdir / f"staff{size}.sqlite3"
            shutil.copyfile(live, templates[size, "staff"])
    return templates


# The databases a worker builds (migrated, demo store, sizes, staff rows) are kept between
# runs: building them is most of a --quick run (the migrations alone take about a minute of
# CPU). An entry is the same run's databases for the same code (every source and data file
# of the store, the sandbox, the tests' builders and this script, the installed packages'
# versions), rebuilt when older than CACHE_MAX_AGE (rows are made "now": deadlines, review
# times) or with --fresh.
CACHE_DIR = Path(tempfile.gettempdir()) / "contex-bench-cache"
CACHE_MAX_AGE = 12 * 3600
CACHED_FOLDERS = ("media", "private")  # files the rows refer to (payment proofs)
SKIPPED = {".pyc", ".md"}  # files that make no row


def _code_digest(variant, sizes, staff):
    import hashlib
    from importlib import metadata

    digest = hashlib.sha256(f"{variant} {sorted(sizes)} {staff}".encode())
    for folder in ("contex_oscar", "sandbox", "tests", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in SKIPPED:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()[:20]


def _templates(workdir, variant, sizes, staff, fresh=False):
    """The size templates from the cache when it has them for this code, else built (and
    kept); ``{size: path}`` in ``workdir``."""
    entry = CACHE_DIR / f"{variant}-{_code_digest(variant, sizes, staff)}"
    names = {(size, "shop"): f"n{size}.sqlite3" for size in sizes}
    names.update({(size, "staff"): f"staff{size}.sqlite3" for size in sizes if staff})
    young = entry.exists() and time.time() - entry.stat().st_mtime < CACHE_MAX_AGE
    if young and not fresh and all((entry / name).exists() for name in names.values()):
        for folder in CACHED_FOLDERS:
            if (entry / folder).exists():
                shutil.copytree(entry / folder, workdir / folder, dirs_exist_ok=True)
        for name in names.values():
            shutil.copyfile(entry / name, workdir / name)
        print(f"{variant}: databases from {entry}", file=sys.stderr, flush=True)
        return {key: workdir / name for key, name in names.items()}
    templates = _build_templates(workdir, sizes, staff=staff)
    building = CACHE_DIR / f".{entry.name}-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    for folder in CACHED_FOLDERS:
        if (workdir / folder).exists():
            shutil.copytree(workdir / folder, building / folder)
    for path in templates.values():
        shutil.copyfile(path, building / path.name)
    shutil.rmtree(entry, ignore_errors=True)
    for stale in CACHE_DIR.glob(f"{variant}-*"):  # older code's entries
        shutil.rmtree(stale, ignore_errors=True)
    try:
        building.rename(entry)
    except OSError:  # another run kept the same entry meanwhile
        shutil.rmtree(building, ignore_errors=True)
    return templates


def _post_json(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def _guest_with_basket(products):
    """A fresh guest client whose session holds an open basket with one line per product."""
    from django.conf import settings
    from django.test import Client
    from oscar.core.loading import get_class, get_model

    Basket = get_model("basket", "Basket")
    Selector = get_class("partner.strategy", "Selector")
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product, 1)
    client = Client()
    session = client.session
    session[settings.OSCAR_BASKET_COOKIE_OPEN] = basket.pk
    session.save()
    return client, basket


def _checkout_payload(client, basket):
    """What a front end posts: discovered shipping (and payment) method for a Jakarta address."""
    payload = {
        "basket": f"http://testserver/api/baskets/{basket.pk}/",
        "guest_email": GUEST_EMAIL,
        "shipping_address": ADDRESS,
    }
    methods = _post_json(client, "/api/basket/shipping-methods/", ADDRESS)
    assert methods.status_code == 200, methods.content
    payload["shipping_method_code"] = methods.json()[0]["code"]
    payment = _post_json(
        client,
        "/api/checkout/payment-methods/",
        {"basket": payload["basket"], "shipping_address": ADDRESS},
    )
    if payment.status_code == 200:  # only the store has payment methods
        body = payment.json()
        choices = body.get("methods", body) if isinstance(body, dict) else body
        available = [m["code"] for m in choices if m.get("available", True)]
        # a bank transfer (the store's usual payment: unique code, deadline, bank accounts)
        assert "bank-transfer" in available, f"no bank transfer offered: {available}"
        payload["payment_method"] = "bank-transfer"
        payload["accept_terms"] = True  # the store asks for it; plain oscarapi has no terms
    return payload


SHOW_QUERIES = os.environ.get("BENCHMARK_SHOW_QUERIES", "")
# BENCHMARK_PROFILE="checkout 1": that step's timed requests run under cProfile; the
# heaviest functions (cumulative) go to stderr and the stats to <tmp>/<variant>-<step>.pstats
PROFILE = os.environ.get("BENCHMARK_PROFILE", "")
# --clock cpu: the worker's own CPU time instead of wall time; steadier on a busy machine
# (everything a request does runs in the worker's process: SQLite, no network)
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]


def _profiled(step, function):
    """``function`` run under cProfile when ``step`` is the one asked for, else as it is."""
    if not step or step != PROFILE:
        return function()
    import cProfile
    import pstats

    # timed with the run's clock: --clock cpu keeps other processes' load out of the profile
    profiler = cProfile.Profile(clock)
    try:
        return profiler.runcall(function)
    finally:
        variant = os.environ["DJANGO_SETTINGS_MODULE"].rsplit(".", 1)[-1]
        target = Path(tempfile.gettempdir()) / f"{variant}-{step.replace(' ', '-')}.pstats"
        profiler.dump_stats(target)
        sys.stderr.write(f"--- {variant}: {step} (stats in {target})\n")
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)


def _measure(request, repeat, prepare=None, step=""):
    """Median seconds of ``repeat`` calls and the query count of one more (after a warm-up)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(timed):
        state = prepare() if prepare else None
        if not timed:
            with CaptureQueriesContext(connection) as captured:
                response = request(state)
            if step and step == SHOW_QUERIES:  # BENCHMARK_SHOW_QUERIES="basket add 20"
                for query in captured:
                    sys.stderr.write(query["sql"][:300] + "\n")
            return response, len(captured)
        start = clock()
        response = request(state)
        return response, clock() - start

    warm, _ = run(timed=True)
    assert warm.status_code == 200, warm.content[:500]
    seconds = []

    def timed_runs():
        for _ in range(repeat):
            response, elapsed = run(timed=True)
            assert response.status_code == 200, response.content[:500]
            seconds.append(elapsed)

    _profiled(step, timed_runs)
    response, queries = run(timed=False)
    assert response.status_code == 200, response.content[:500]
    return {"queries": queries, "median_ms": statistics.median(seconds) * 1000}


def _staff_steps():
    """Each staff list's (request, prepare): a superuser's GET of the list's first page."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from tests import factories
    from tests.performance import staff_rows

    staff = Client()
    staff.force_login(get_user_model().objects.get(email=factories.STAFF_EMAIL))
    steps = {}
    for name in STAFF_API_LISTS:
        url = f"/api/staff/{staff_rows.STAFF_API[name][0]}?page_size=50"
        steps[f"staff api: {name}"] = (lambda _, url=url: staff.get(url), None)
    for name in DASHBOARD_LISTS:
        url = reverse(f"contex-dashboard:{staff_rows.DASHBOARD[name][0]}")
        steps[f"dashboard: {name}"] = (lambda _, url=url: staff.get(url), None)
    return steps


def _steps(size, staff=False):
    """Each step's (request, prepare) for the catalogue of ``size`` products now in place
    (``staff``: the staff lists' steps, on the database with their rows)."""
    from django.test import Client

    from tests import factories

    if staff:
        return _staff_steps()
    products = factories.products()
    assert len(products) == size
    anonymous = Client()

    def new_catalogue_version():
        from contex_oscar.api.catalogue_cache import forget_catalogue

        forget_catalogue()  # untimed: as after a change every product reads (a class...)

    def sale_of(product):
        """Untimed: one product's stock changes, as after every sale (its record saved)."""

        def change():
            record = product.stockrecords.get()
            record.num_in_stock += 1
            record.save()

        return change

    def listing_page(_):
        """What a front end requests to show N products with their price and availability."""
        response = anonymous.get("/api/products/")
        items = response.json()
        items = items.get("results", items) if isinstance(items, dict) else items
        if items and not isinstance(items[0].get("price"), dict):  # plain: links only
            for item in items:
                for part in ("price", "availability"):
                    extra = anonymous.get(f"/api/products/{item['id']}/{part}/")
                    assert extra.status_code == 200, extra.content
        return response

    def product_page(_):
        """What a front end requests to show one product with its price and availability."""
        response = anonymous.get(f"/api/products/{products[-1].pk}/")
        if not isinstance(response.json().get("price"), dict):  # plain: links only
            for part in ("price", "availability"):
                extra = anonymous.get(f"/api/products/{products[-1].pk}/{part}/")
                assert extra.status_code == 200, extra.content
        return response

    def add_last_line(state):
        client, _basket = state
        return _post_json(
            client,
            "/api/basket/add-product/",
            {"url": f"http://testserver/api/products/{products[-1].pk}/", "quantity": 1},
        )

    guests = {}

    def guest():
        # one basket of N lines, made on first use, for the three basket reads
        if not guests:
            guests["client"], guests["basket"] = _guest_with_basket(products)
        return guests["client"], guests["basket"]

    def payment_methods(_):
        """Ours: the payment methods for the basket and a Jakarta address. Plain oscarapi has
        none; its nearest request is the shipping methods for the same basket and address."""
        client, basket = guest()
        if os.environ["DJANGO_SETTINGS_MODULE"] == VARIANTS["plain"]:
            return _post_json(client, "/api/basket/shipping-methods/", ADDRESS)
        body = {
            "basket": f"http://testserver/api/baskets/{basket.pk}/",
            "shipping_address": ADDRESS,
        }
        return _post_json(client, "/api/checkout/payment-methods/", body)

    def new_checkout():
        client, new_basket = _guest_with_basket(products)
        return client, _checkout_payload(client, new_basket)

    return {
        "product list": (lambda _: anonymous.get("/api/products/"), None),
        "product list (fresh)": (lambda _: anonymous.get("/api/products/"), sale_of(products[0])),
        "product list (new catalogue)": (
            lambda _: anonymous.get("/api/products/"),
            new_catalogue_version,
        ),
        "listing page": (listing_page, None),
        "product detail": (lambda _: anonymous.get(f"/api/products/{products[-1].pk}/"), None),
        "product detail (fresh)": (
            lambda _: anonymous.get(f"/api/products/{products[-1].pk}/"),
            sale_of(products[-1]),
        ),
        "product page": (product_page, None),
        "basket add": (add_last_line, lambda: _guest_with_basket(products[:-1])),
        "basket view": (lambda _: guest()[0].get("/api/basket/"), None),
        "basket lines": (
            lambda _: guest()[0].get(f"/api/baskets/{guest()[1].pk}/lines/"),
            None,
        ),
        "shipping methods": (
            lambda _: _post_json(guest()[0], "/api/basket/shipping-methods/", ADDRESS),
            None,
        ),
        "payment methods": (payment_methods, None),
        "checkout": (lambda state: _post_json(state[0], "/api/checkout/", state[1]), new_checkout),
    }


def worker(variant, sizes, repeat, clock_name="wall", fresh=False):
    """Set up, print ``ready``, then answer each ``<size> <step>`` line with one JSON line."""
    global clock
    clock = CLOCKS[clock_name]
    workdir = Path(tempfile.mkdtemp(prefix=f"contex-bench-{variant}-"))
    try:
        _setup_django(workdir)
        staff = variant == "ours"  # plain oscarapi has no staff lists
        templates = _templates(workdir, variant, sizes, staff, fresh=fresh)
        live = workdir / "live.sqlite3"
        current, steps = None, {}
        print("ready", flush=True)
        for line in sys.stdin:
            size, step = line.strip().split(" ", 1)
            key = (int(size), "staff" if step in STAFF_STEPS else "shop")
            if key != current:
                _swap_database(templates[key], live)
                current, steps = key, _steps(int(size), staff=key[1] == "staff")
            request, prepare = steps[step]
            figure = _measure(request, repeat, prepare, step=f"{step} {size}")
            print(json.dumps(figure), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# --- the driver: both variants side by side ------------------------------------------


class Variant:
    """One worker process, kept up for the run and asked for one step at a time."""

    def __init__(self, name, sizes, repeat, clock_name, fresh=False):
        self.name = name
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", name]
        command += ["--repeat", str(repeat), "--sizes", *map(str, sizes), "--clock", clock_name]
        command += ["--fresh"] if fresh else []
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": VARIANTS[name]}
        self.process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def _read(self):
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the {self.name} worker stopped (its error is above)")
        return line.strip()

    def wait_ready(self):
        while self._read() != "ready":  # anything a setup step prints goes before it
            pass

    def measure(self, size, step):
        self.process.stdin.write(f"{size} {step}\n")
        self.process.stdin.flush()
        return json.loads(self._read())

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def measure_row(variants, size, step, rounds):
    """Both variants' figure for one row: the fastest of ``rounds`` alternating medians."""
    runs = {name: [] for name in variants}
    for number in range(rounds):
        order = list(variants) if number % 2 == 0 else list(reversed(variants))
        for name in order:
            runs[name].append(variants[name].measure(size, step))
    row = {}
    for name, figures in runs.items():
        assert len({figure["queries"] for figure in figures}) == 1, (name, size, step, figures)
        row[name] = {
            "queries": figures[0]["queries"],
            "median_ms": min(figure["median_ms"] for figure in figures),
        }
    row["ratio"] = row["plain"]["median_ms"] / row["ours"]["median_ms"]
    return row


def measure_staff_row(ours, size, step, rounds):
    """Ours' figure for one staff list: the fastest of ``rounds`` medians (no plain row)."""
    figures = [ours.measure(size, step) for _ in range(rounds)]
    assert len({figure["queries"] for figure in figures}) == 1, (size, step, figures)
    best = min(figure["median_ms"] for figure in figures)
    return {"ours": {"queries": figures[0]["queries"], "median_ms": best}, "ratio": None}


STAFF_HEADER = f"| {'staff list (ours only)':<35} | {'N':>2} | {'queries':>7} | {'ms':>8} |"


def staff_table_line(step, size, row):
    ours = row["ours"]
    return f"| {step:<35} | {size:>2} | {ours['queries']:>7} | {ours['median_ms']:>8.1f} |"


def rule(header):
    return "|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|"


HEADER = (
    f"| {'step':<22} | {'N':>2} | {'plain queries':>13} | {'ours queries':>12} "
    f"| {'plain ms':>8} | {'ours ms':>8} | {'plain/ours':>10} |"
)


def table_line(step, size, row):
    plain, ours = row["plain"], row["ours"]
    return (
        f"| {step:<22} | {size:>2} | {plain['queries']:>13} | {ours['queries']:>12} "
        f"| {plain['median_ms']:>8.1f} | {ours['median_ms']:>8.1f} | {row['ratio']:>9.2f}x |"
    )


NOTES = """\
plain/ours: plain oscarapi's median time divided by ours (above 1: ours is faster).
product list, product detail: ours also embeds price and availability; repeated
anonymous requests are answered from the cache (CONTEX_CATALOGUE_CACHE_SECONDS).
(fresh): the same after one product's stock changed (its record saved, untimed, before
each request), as after every sale: ours serialises that product afresh (the list: its
row; the detail: the page of the product that changed); plain serialises everything.
(new catalogue): the list after a change every product reads (a new catalogue version,
untimed: a product class, partner, category...): ours serialises every row afresh.
listing page: the requests a front end makes to show N products with price and
availability (plain: the list, then /price/ and /availability/ per product).
product page: the same for one product (plain: detail, /price/, /availability/).
payment methods: plain oscarapi has none; its row is the nearest request, the shipping
methods for the same basket and address.
Queries include the transaction's BEGIN/COMMIT (and SAVEPOINTs).
staff lists (ours only): a superuser's GET of each list's first page (API: page_size=50;
dashboard: its own page size) with N rows of every kind made through the store's services;
lists of orders also show the orders the other kinds were placed as."""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per step")
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs per variant")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--quick", action="store_true", help="--repeat 5 --rounds 1")
    parser.add_argument(
        "--steps", nargs="+", choices=STEPS + STAFF_STEPS, default=STEPS + STAFF_STEPS,
        help="only these",
    )  # fmt: skip
    parser.add_argument("--json", help="also write the figures and ratios to this file")
    parser.add_argument(
        "--clock", choices=CLOCKS, default="wall", help="wall time, or the worker's CPU time"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="build the databases anew (not from the cache)"
    )
    parser.add_argument("--worker", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.rounds = 5, 1
    if args.worker:
        worker(args.worker, args.sizes, args.repeat, args.clock, fresh=args.fresh)
        return
    started = time.perf_counter()
    variants = {
        name: Variant(name, args.sizes, args.repeat, args.clock, fresh=args.fresh)
        for name in VARIANTS
    }
    results = {}
    try:
        for variant in variants.values():  # both set up at once, one per core
            variant.wait_ready()
        print(f"set up in {time.perf_counter() - started:.0f} s", flush=True)
        shop = [step for step in args.steps if step in STEPS]
        staff = [step for step in args.steps if step in STAFF_STEPS]

        def record(size, step, row):
            results.setdefault(str(size), {})[step] = row
            if args.json:  # written as it grows: an interrupted run keeps its rows
                Path(args.json).write_text(json.dumps(results, indent=2))

        if shop:
            print(HEADER)
            print(rule(HEADER))
        for size in args.sizes:
            for step in shop:
                row = measure_row(variants, size, step, args.rounds)
                record(size, step, row)
                print(table_line(step, size, row), flush=True)
        if staff:
            print(f"\n{STAFF_HEADER}\n{rule(STAFF_HEADER)}")
        for size in args.sizes:  # after the shop's steps: each size's database afresh
            for step in staff:
                row = measure_staff_row(variants["ours"], size, step, args.rounds)
                record(size, step, row)
                print(staff_table_line(step, size, row), flush=True)
    finally:
        for variant in variants.values():
            variant.close()
    print(NOTES)
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
