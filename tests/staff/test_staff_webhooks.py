"""Webhooks over the staff API (issue 15): a site registers its endpoints, reads the
delivery log and replays a delivery through the same ``webhooks`` services as the dashboard."""

import pytest
from rest_framework.test import APIClient

from contex_oscar import staff_permissions as sp
from contex_oscar import webhooks
from contex_oscar.models import OutboxMessage, WebhookEndpoint
from tests import factories
from tests.staff.test_staff_api import assert_fixed_queries

pytestmark = pytest.mark.django_db

ENDPOINTS = "/api/staff/webhooks/endpoints/"
DELIVERIES = "/api/staff/webhooks/deliveries/"
RECEIVER = "https://erp.example.com/contex/events"


@pytest.fixture
def manager():
    client = APIClient()
    client.force_login(factories.staff_member(sp.STORE_MANAGER))
    return client


def register(client, **fields):
    body = {"url": RECEIVER, "events": [webhooks.ORDER_PLACED], **fields}
    return client.post(ENDPOINTS, body, format="json")


def test_an_endpoint_registered_over_the_api_gets_its_signing_secret(manager):
    response = register(manager, description="ERP")
    assert response.status_code == 201, response.content
    body = response.json()
    endpoint = WebhookEndpoint.objects.get(pk=body["id"])
    assert body["secret"] == endpoint.secret and endpoint.secret.startswith("whsec_")
    assert (endpoint.url, endpoint.events, endpoint.description) == (
        RECEIVER,
        [webhooks.ORDER_PLACED],
        "ERP",
    )


def test_the_endpoint_list_leaves_the_secrets_out(manager):
    register(manager)
    (row,) = manager.get(ENDPOINTS).json()["results"]
    assert row["url"] == RECEIVER and "secret" not in row


def test_a_bad_url_or_an_unknown_event_is_refused_with_the_store_error(manager):
    bad_url = register(manager, url="ftp://erp.example.com/")
    assert bad_url.status_code == 400 and bad_url.json()["code"] == "webhook_url_invalid"
    unknown = register(manager, events=["order.eaten"])
    assert unknown.status_code == 400 and "events" in unknown.json()["errors"]
    assert not WebhookEndpoint.objects.exists()


def test_changing_an_endpoint_keeps_its_secret(manager):
    created = register(manager).json()
    url = f"{ENDPOINTS}{created['id']}/"
    events = [webhooks.ORDER_PLACED, webhooks.TICKET_STATUS_CHANGED]
    changed = manager.put(url, {"url": RECEIVER, "events": events, "is_active": False}, "json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["secret"] == created["secret"]
    assert sorted(changed.json()["events"]) == sorted(events)
    assert manager.get(url).json()["is_active"] is False


def test_the_delivery_log_filters_by_endpoint_and_status_and_replays(manager):
    first = webhooks.register_endpoint(RECEIVER, [webhooks.ORDER_PLACED])
    other = webhooks.register_endpoint(RECEIVER + "/other", [webhooks.ORDER_PLACED])
    webhooks.emit(webhooks.ORDER_PLACED, {"number": "2612070001"})
    OutboxMessage.objects.filter(endpoint=other).update(status=OutboxMessage.FAILED, attempts=9)
    rows = manager.get(f"{DELIVERIES}?endpoint={first.pk}").json()["results"]
    assert [row["endpoint"] for row in rows] == [first.pk]
    (failed,) = manager.get(f"{DELIVERIES}?status=failed").json()["results"]
    assert failed["endpoint"] == other.pk and failed["event"] == webhooks.ORDER_PLACED
    replayed = manager.post(f"{DELIVERIES}{failed['id']}/replay/", format="json")
    assert replayed.status_code == 200, replayed.content
    assert (replayed.json()["status"], replayed.json()["attempts"]) == ("pending", 0)
    assert replayed.json()["event_id"] == failed["event_id"]  # the same event, again
    assert manager.get(f"{DELIVERIES}?endpoint=999999").status_code == 404
    assert manager.get(f"{DELIVERIES}?status=lost").status_code == 400


def test_the_delivery_log_is_paged_with_fixed_queries(manager):
    webhooks.register_endpoint(RECEIVER, [webhooks.ORDER_PLACED])

    def add(n):
        for number in range(n):
            webhooks.emit(webhooks.ORDER_PLACED, {"number": str(number)})

    assert_fixed_queries(manager, DELIVERIES, add)


def test_only_staff_allowed_webhooks_reach_them():
    verifier = APIClient()
    verifier.force_login(factories.staff_member(sp.PAYMENT_VERIFIER))
    refused = register(verifier)
    assert refused.status_code == 403 and refused.json()["code"] == "staff_permission_required"
