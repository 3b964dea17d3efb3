import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests import factories


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need real row locks; skip them on SQLite."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests hash passwords once per user: a cheap hasher keeps ~1,000,000 PBKDF2 rounds per
    user out of the suite's time. What they check (who may sign in, equal work for known and
    unknown addresses) counts hashes, not seconds."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached values never leak from one test into the next."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield
    # a transactional (browser) test flushes the tables: content type ids change with it
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def catalogue(db):
    """The demo catalogue: Indonesia, the Contex partner and nine scanners."""
    return factories.demo_catalogue()


@pytest.fixture
def product(catalogue):
    return catalogue[0]


@pytest.fixture
def bank_accounts(db):
    """The store's two bank accounts shoppers transfer to (the demo catalogue's give way)."""
    from contex_oscar.payment.models import BankAccount

    BankAccount.objects.all().delete()
    return [
        BankAccount.objects.create(
            bank_name="BCA", account_number="111", account_holder="PT Contex", display_order=1
        ),
        BankAccount.objects.create(
            bank_name="Mandiri", account_number="222", account_holder="PT Contex", display_order=2
        ),
    ]


@pytest.fixture
def zones(catalogue):
    """The demo shipping zones and rates (Jabodetabek free, zones by weight)."""
    import io

    from contex_oscar.setup import shipping as demo_shipping

    demo_shipping.load(io.StringIO())


@pytest.fixture
def staff_user(db):
    return factories.staff_user()


@pytest.fixture
def shopper(db):
    return factories.user()


@pytest.fixture
def order(catalogue):
    """A placed order (awaiting payment) for one scanner, with stock allocated."""
    return factories.place_order(catalogue[0], quantity=1)


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (its own browser download cannot work here).

    One per test module: Playwright's sync API keeps an event loop running in this thread
    while it is open, and Django refuses to call an async view (django-health-check's)
    from a thread with a running loop; the next module's tests must not inherit it."""
    import os
    import shutil

    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not shutil.which(executable):
        pytest.skip(f"no Chromium at {executable} (apt install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls
    # made by the test itself are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture
def staff_page(page, staff_user):
    """A browser page logged in to Oscar's dashboard as staff."""
    page.goto("/accounts/login/")
    page.fill("#id_login-username", staff_user.email)
    page.fill("#id_login-password", "rahasia-123")
    page.click("button[name=login_submit]")
    page.wait_for_load_state()
    return page
