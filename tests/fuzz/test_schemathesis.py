"""Schemathesis over the whole OpenAPI schema (/api/schema/), in-process, bounded.

Every operation gets a few generated requests (fixed seed, so CI is repeatable),
sent through Django's WSGI application inside the test's database transaction.
Checks: no 5xx, only documented status codes, responses matching their schema.

Two passes share the code: as a guest, and as a signed-in customer with a scanner
in the basket (their session cookie sent with every request).

Run alone: ``pytest -q tests/fuzz`` (SQLite: about 30 s a pass with the default 15 examples).
More examples: ``CONTEX_FUZZ_EXAMPLES=50 pytest -q tests/fuzz``.
"""

import json
import os
from dataclasses import dataclass

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories

EXAMPLES = int(os.environ.get("CONTEX_FUZZ_EXAMPLES", "15"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Not sent in the customer's pass: logging out would make the rest of it a guest's
# (the guest pass covers it).
SIGNED_IN_SKIPS = frozenset({"DELETE /api/login/", "DELETE /api/login{format}"})


def customer_session(catalogue):
    """A signed-in customer with a scanner in the basket: their session cookie."""
    client = APIClient()
    client.force_login(factories.user())
    factories.add_to_basket(client, catalogue[0])
    name = django_settings.SESSION_COOKIE_NAME
    return {name: client.cookies[name].value}


def signed_in(cookies):
    client = Client()
    client.cookies.load(cookies)
    return client.get("/api/orders/").status_code == 200  # 403 for a guest


@dataclass(frozen=True)
class FuzzPass:
    schema: object
    sent: dict  # headers and cookies sent with every request
    skips: frozenset  # operation labels not sent
    customer: bool


@pytest.fixture(params=["guest", "customer"])
def fuzz_pass(catalogue, settings, request):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False  # a crash is a 500 answer to check
    customer = request.param == "customer"
    cookies = customer_session(catalogue) if customer else {}
    client = Client()
    client.cookies.load(cookies)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    # a headless front end's CSRF token (GET /api/csrf/), sent with every request
    token = client.get("/api/csrf/").cookies["csrftoken"].value
    # as Django's test client does (after it ran): keep the test's connection (and transaction) open
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    request.addfinalizer(lambda: signals.request_started.connect(close_old_connections))
    request.addfinalizer(lambda: signals.request_finished.connect(close_old_connections))
    loaded = schemathesis.openapi.from_dict(json.loads(response.content))
    loaded.app = get_wsgi_application()
    sent = {"headers": {"X-CSRFToken": token}, "cookies": {**cookies, "csrftoken": token}}
    return FuzzPass(loaded, sent, SIGNED_IN_SKIPS if customer else frozenset(), customer)


def fuzz(operation, sent):
    """Run the bounded generated cases of one operation; the first failure is raised."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # no shrinking: keep the run bounded
    )
    def run(case):
        case.call_and_validate(checks=CHECKS, **sent)

    run()


@pytest.fixture(autouse=True, scope="module")
def _empty_database_for_the_serialized_restore(django_db_setup, django_db_blocker):
    """The pass restores the rows the migrations made (``serialized_rollback``) with the ids
    they had then. An earlier transactional test's flush let Django's post_migrate make the
    content types and permissions again under other ids, which clash with the restored
    ones: empty the tables first (no post_migrate), so the restore finds nothing to clash.
    The sequences keep their values, as Django's own flush between transactional tests
    does: the restore writes the rows' old ids without moving them, so a sequence started
    again at 1 would hand out an id the restore took (PostgreSQL)."""
    with django_db_blocker.unblock():
        call_command(
            "flush",
            interactive=False,
            verbosity=0,
            inhibit_post_migrate=True,
            reset_sequences=False,
        )


# Each request commits or rolls back on its own (ATOMIC_REQUESTS), as in production;
# serialized_rollback restores the migrations' data for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_answers_as_documented(fuzz_pass):
    failures = []
    operations = 0
    for result in fuzz_pass.schema.get_all_operations():
        operation = result.ok()
        if operation.label in fuzz_pass.skips:
            continue
        operations += 1
        try:
            fuzz(operation, fuzz_pass.sent)
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - listed at the end
            failures.append(f"{operation.label}: {error}")
    assert operations > 50
    assert not failures, "\n\n".join(failures)
    # the whole pass ran as who it says: the customer's session is still signed in
    assert signed_in(fuzz_pass.sent["cookies"]) is fuzz_pass.customer
