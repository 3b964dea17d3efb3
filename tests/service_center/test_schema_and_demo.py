"""Every service-center endpoint is in the OpenAPI schema; the demo step is idempotent."""

import io

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from contex_oscar.service_center.models import ServiceTicket

PATHS = {
    "/api/service-center/": {"get"},
    "/api/service-center/warranty-check/": {"post"},
    "/api/service-center/visit-options/": {"get"},
    "/api/service-center/track/": {"post"},
    "/api/service-center/requests/": {"get", "post"},
    "/api/service-center/requests/{number}/": {"get"},
    "/api/service-center/requests/{number}/quote-decision/": {"post"},
    "/api/service-center/requests/{number}/attachments/": {"post"},
    "/api/service-center/attachments/{token}/": {"get"},
}


@pytest.fixture(scope="module")
def schema_and_stats():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    messages = [*GENERATOR_STATS._error_cache, *GENERATOR_STATS._warn_cache]
    return schema, messages


def test_every_endpoint_is_in_the_schema(schema_and_stats):
    schema, _messages = schema_and_stats
    for path, methods in PATHS.items():
        assert path in schema["paths"], path
        assert set(schema["paths"][path]) >= methods, path
    create = schema["paths"]["/api/service-center/requests/"]["post"]
    assert set(create["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {"201", "400"} <= set(create["responses"])


def test_the_schema_has_no_errors_or_warnings_from_our_views(schema_and_stats):
    _schema, messages = schema_and_stats
    ours = [m for m in messages if "service_center" in str(m) or "ServiceCenter" in str(m)]
    assert ours == []


def test_demo_step_is_idempotent(catalogue):
    from sandbox.store.demo import pages, service_center, staff

    staff.load(io.StringIO())
    pages.load(io.StringIO())
    out = io.StringIO()
    service_center.load(out)
    service_center.load(io.StringIO())
    assert ServiceTicket.objects.count() == 3
    assert set(ServiceTicket.objects.values_list("kind", flat=True)) == {
        "paid-repair",
        "on-site-visit",
        "consultation",
    }
    assert "servis-demo@example.com" in out.getvalue()
    repair = ServiceTicket.objects.get(kind="paid-repair")
    assert repair.status == "awaiting-approval"
