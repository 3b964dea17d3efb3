"""Staff register endpoints, read each delivery's log and replay it in the dashboard."""

import json

import pytest
from django.urls import reverse

from contex_oscar import webhooks
from contex_oscar.models import OutboxMessage, WebhookEndpoint
from tests import factories

ENDPOINTS = reverse("contex-dashboard:webhook-endpoint-list")
CREATE = reverse("contex-dashboard:webhook-endpoint-create")
DELIVERIES = reverse("contex-dashboard:webhook-delivery-list")


def detail_url(message):
    return reverse("contex-dashboard:webhook-delivery-detail", args=[message.pk])


def replay_url(message):
    return reverse("contex-dashboard:webhook-delivery-replay", args=[message.pk])


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def delivered(endpoint, receiver):
    """One delivery that failed once (500), then was accepted."""
    receiver.failures = 1
    (message,) = webhooks.emit(webhooks.ORDER_PLACED, {"order": {"number": "CTX-1"}})
    for _attempt in range(2):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
        webhooks.outbox.deliver()
    message.refresh_from_db()
    assert message.status == OutboxMessage.SENT
    return message


def test_only_staff_reach_the_webhook_pages(client, delivered):
    urls = [ENDPOINTS, CREATE, DELIVERIES, detail_url(delivered)]
    assert [client.get(url).status_code for url in urls] == [302] * 4
    client.force_login(factories.user(email="budi@example.com"))
    assert [client.get(url).status_code for url in urls] == [302] * 4
    assert client.post(replay_url(delivered)).status_code == 302
    delivered.refresh_from_db()
    assert delivered.status == OutboxMessage.SENT and delivered.attempts == 2


def test_staff_register_an_endpoint_and_see_its_secret(staff_client, settings):
    response = staff_client.post(
        CREATE,
        {
            "url": "https://erp.example.com/hooks",
            "description": "ERP",
            "events": [webhooks.ORDER_PLACED, webhooks.ORDER_SHIPPED],
            "is_active": "on",
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert endpoint.events == [webhooks.ORDER_PLACED, webhooks.ORDER_SHIPPED]
    page = staff_client.get(response.url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert endpoint.secret in page
    listing = staff_client.get(ENDPOINTS, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "https://erp.example.com/hooks" in listing and "Titik akhir baru" in listing


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"url": "ftp://erp.example.com/", "events": [webhooks.ORDER_PLACED]}, "url"),
        ({"url": "https://erp.example.com/", "events": ["order.deleted"]}, "events"),
        ({"url": "", "events": [webhooks.ORDER_PLACED]}, "url"),
        ({"url": "https://erp.example.com/"}, "events"),
    ],
)
def test_a_bad_endpoint_is_refused_on_the_form(staff_client, data, field):
    response = staff_client.post(CREATE, data, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


def test_staff_change_an_endpoint_keeping_its_secret(staff_client, endpoint):
    secret = endpoint.secret
    url = reverse("contex-dashboard:webhook-endpoint-update", args=[endpoint.pk])
    data = {"url": endpoint.url, "events": [webhooks.TICKET_STATUS_CHANGED], "description": ""}
    assert staff_client.post(url, data).status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.events, endpoint.is_active, endpoint.secret) == (
        [webhooks.TICKET_STATUS_CHANGED],
        False,
        secret,
    )


def test_the_delivery_log_shows_each_attempt_with_its_answer(staff_client, delivered):
    listing = staff_client.get(DELIVERIES, {"endpoint": delivered.endpoint_id})
    assert [m.pk for m in listing.context["deliveries"]] == [delivered.pk]
    response = staff_client.get(detail_url(delivered), HTTP_ACCEPT_LANGUAGE="id")
    attempts = [(a.succeeded, a.response_code) for a in response.context["attempts"]]
    assert attempts == [(True, 204), (False, 500)]
    page = response.content.decode()
    assert "HTTP 500" in page and delivered.message_id in page and "Kirim ulang" in page
    assert json.loads(delivered.body)["id"] == delivered.message_id


def test_the_delivery_list_filters_by_status(staff_client, delivered, endpoint):
    (pending,) = webhooks.emit(webhooks.ORDER_PLACED, {"order": {}})
    shown = staff_client.get(DELIVERIES, {"status": "pending"}).context["deliveries"]
    assert [m.pk for m in shown] == [pending.pk]
    everything = staff_client.get(DELIVERIES, {"status": "bogus"}).context["deliveries"]
    assert {m.pk for m in everything} == {pending.pk, delivered.pk}


def test_replay_from_the_dashboard_delivers_it_again(
    staff_client, delivered, receiver, settings, django_capture_on_commit_callbacks
):
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(replay_url(delivered))
    assert response.status_code == 302 and response.url == detail_url(delivered)
    assert len(receiver.received) == 3
    assert receiver.received[-1][1] == delivered.body.encode()
    assert delivered.delivery_attempts.filter(succeeded=True).count() == 2


def test_an_e_mail_is_no_webhook_delivery(staff_client, db):
    email = webhooks.outbox.queue_email(["tamu@example.com"], "Pesanan", "Isi")
    assert staff_client.get(detail_url(email)).status_code == 404
    assert staff_client.post(replay_url(email)).status_code == 404


def test_webhook_deliveries_stay_off_the_e_mail_outbox(staff_client, delivered, endpoint):
    webhooks.emit(webhooks.ORDER_PLACED, {"order": {}})
    response = staff_client.get(reverse("contex-dashboard:outbox-list"))
    assert list(response.context["outbox_messages"]) == []
    assert response.context["backlog"] == {"pending": 0, "failed": 0}


def test_the_store_menu_links_to_the_webhooks(staff_client):
    assert ENDPOINTS.encode() in staff_client.get(reverse("dashboard:index")).content
