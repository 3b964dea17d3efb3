"""Schemathesis over the whole OpenAPI schema (/api/schema/), in-process, bounded.

Every operation gets a few generated requests (fixed seed, so CI is repeatable),
sent through Django's WSGI application inside the test's database transaction.
Checks: no 5xx, only documented status codes, responses matching their schema.

Run alone: ``pytest -q tests/fuzz`` (SQLite: about 30 s with the default 15 examples).
More examples: ``CONTEX_FUZZ_EXAMPLES=50 pytest -q tests/fuzz``.
"""

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("CONTEX_FUZZ_EXAMPLES", "15"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(catalogue, settings, request):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False  # a crash is a 500 answer to check
    client = Client()
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
    return loaded, {"headers": {"X-CSRFToken": token}, "cookies": {"csrftoken": token}}


def fuzz(operation, csrf):
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
        case.call_and_validate(checks=CHECKS, **csrf)

    run()


# Each request commits or rolls back on its own (ATOMIC_REQUESTS), as in production;
# serialized_rollback restores the migrations' data for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_answers_as_documented(api_schema):
    loaded, csrf = api_schema
    failures = []
    operations = 0
    for result in loaded.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            fuzz(operation, csrf)
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - listed at the end
            failures.append(f"{operation.label}: {error}")
    assert operations > 50
    assert not failures, "\n\n".join(failures)
