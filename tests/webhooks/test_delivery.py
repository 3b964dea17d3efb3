"""Webhook deliveries through the outbox: signed, retried with backoff, accepted once,
logged, replayed, and never sent for a change that was rolled back."""

import datetime as dt
import hashlib
import hmac
import http.server
import json
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from contex_oscar import outbox, webhooks
from contex_oscar.models import DeliveryAttempt, OutboxMessage, WebhookEndpoint

T0 = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
DATA = {"order": {"number": "CTX-2611-00001"}}


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def deliver_once():
    call_command("deliver_outbox", "--once", verbosity=0)


def expected_signature(secret, headers, body):
    """The receiver's own check, written from the README (not the store's helper)."""
    fields = dict(part.split("=", 1) for part in headers["X-Contex-Signature"].split(","))
    signed = fields["t"].encode() + b"." + body
    return fields, hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def test_the_receiver_gets_the_event_signed_over_timestamp_and_body(endpoint, receiver, clock):
    (message,) = webhooks.emit(webhooks.ORDER_PLACED, DATA)
    deliver_once()

    ((headers, body),) = receiver.received
    fields, digest = expected_signature(endpoint.secret, headers, body)
    assert fields["v1"] == digest
    assert int(fields["t"]) == int(T0.timestamp())
    event = json.loads(body)
    assert (event["type"], event["data"]) == (webhooks.ORDER_PLACED, DATA)
    assert headers["X-Contex-Event-Id"] == event["id"] == message.message_id
    assert headers["X-Contex-Event"] == webhooks.ORDER_PLACED
    assert headers["Content-Type"] == "application/json"
    assert webhooks.verify_signature(endpoint.secret, headers["X-Contex-Signature"], body)


def test_a_signature_with_another_secret_or_body_does_not_verify(endpoint, receiver, clock):
    webhooks.emit(webhooks.ORDER_PLACED, DATA)
    deliver_once()
    ((headers, body),) = receiver.received
    header = headers["X-Contex-Signature"]
    assert not webhooks.verify_signature("whsec_other", header, body)
    assert not webhooks.verify_signature(endpoint.secret, header, body + b" ")


def test_an_old_signature_is_refused_by_the_receivers_check(endpoint, receiver, clock, settings):
    settings.CONTEX_WEBHOOK_TOLERANCE_SECONDS = 300
    webhooks.emit(webhooks.ORDER_PLACED, DATA)
    deliver_once()
    ((headers, body),) = receiver.received
    header = headers["X-Contex-Signature"]
    now = T0.timestamp()
    assert webhooks.verify_signature(endpoint.secret, header, body, now=now + 300)
    assert not webhooks.verify_signature(endpoint.secret, header, body, now=now + 301)


def test_a_receiver_failing_twice_accepts_exactly_one_delivery(endpoint, receiver, clock, settings):
    settings.CONTEX_OUTBOX_RETRY_BASE_SECONDS = 60
    receiver.failures = 2
    (message,) = webhooks.emit(webhooks.PAYMENT_VERIFIED, DATA)

    deliver_once()  # 500
    clock.move_to(T0 + dt.timedelta(seconds=59))
    deliver_once()  # not due yet: nothing posted
    assert len(receiver.received) == 1
    clock.move_to(T0 + dt.timedelta(seconds=60))
    deliver_once()  # 500 again; the next waits 120 s
    clock.move_to(T0 + dt.timedelta(seconds=180))
    deliver_once()  # 204
    clock.move_to(T0 + dt.timedelta(hours=6))
    deliver_once()  # nothing left

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.SENT, 3)
    ids = {json.loads(body)["id"] for body in receiver.bodies()}
    assert len(receiver.received) == 3 and ids == {message.message_id}
    log = list(message.delivery_attempts.order_by("attempted_at", "pk"))
    assert [(a.succeeded, a.response_code) for a in log] == [
        (False, 500),
        (False, 500),
        (True, 204),
    ]
    assert "HTTP 500" in log[0].error and log[-1].error == ""


def test_an_endpoint_that_does_not_answer_is_logged_and_retried(db, settings, clock):
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    # a port nobody listens on: the connection is refused
    endpoint = webhooks.register_endpoint("http://127.0.0.1:9/hook", [webhooks.ORDER_PLACED])
    (message,) = webhooks.emit(webhooks.ORDER_PLACED, DATA)
    assert outbox.deliver().retrying == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.PENDING and message.last_error
    (attempt,) = message.delivery_attempts.all()
    assert attempt.response_code is None and not attempt.succeeded and attempt.error
    assert endpoint.deliveries.get() == message


def test_a_redirect_is_not_followed_and_not_accepted(endpoint, receiver, clock):
    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(302)
            self.send_header("Location", receiver.url)
            self.end_headers()

        def log_message(self, *args):
            return

    server = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    webhooks.update_endpoint(
        endpoint, f"http://127.0.0.1:{server.server_address[1]}/", [webhooks.ORDER_PLACED]
    )
    (message,) = webhooks.emit(webhooks.ORDER_PLACED, DATA)
    deliver_once()
    thread.join(5)
    server.server_close()
    message.refresh_from_db()
    assert message.status == OutboxMessage.PENDING
    assert message.delivery_attempts.get().response_code == 302
    assert receiver.received == []


def test_replay_delivers_the_same_event_again_signed_anew(endpoint, receiver, clock):
    (message,) = webhooks.emit(webhooks.ORDER_STATUS_CHANGED, DATA)
    deliver_once()
    clock.move_to(T0 + dt.timedelta(days=1))
    webhooks.replay(message)
    deliver_once()

    first, second = receiver.received
    assert first[1] == second[1]  # the same body, so the same event id
    assert first[0]["X-Contex-Event-Id"] == second[0]["X-Contex-Event-Id"]
    assert first[0]["X-Contex-Signature"] != second[0]["X-Contex-Signature"]
    fields, digest = expected_signature(endpoint.secret, second[0], second[1])
    assert fields["v1"] == digest and int(fields["t"]) == int(T0.timestamp()) + 86400
    message.refresh_from_db()
    assert message.status == OutboxMessage.SENT
    assert message.delivery_attempts.filter(succeeded=True).count() == 2


def test_a_failed_delivery_is_replayed_with_a_fresh_round(endpoint, receiver, clock, settings):
    settings.CONTEX_OUTBOX_MAX_ATTEMPTS = 1
    receiver.failures = 1
    (message,) = webhooks.emit(webhooks.ORDER_PLACED, DATA)
    deliver_once()
    message.refresh_from_db()
    assert message.status == OutboxMessage.FAILED
    webhooks.replay(message)
    deliver_once()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.SENT, 1)


def test_nothing_is_sent_when_the_transaction_rolls_back(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            webhooks.emit(webhooks.ORDER_PLACED, DATA)
            raise RuntimeError("the change failed")
    deliver_once()
    assert callbacks == []
    assert receiver.received == []
    assert not OutboxMessage.objects.filter(channel=OutboxMessage.WEBHOOK).exists()


def test_the_delivery_is_attempted_right_after_the_commit(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = webhooks.emit(webhooks.ORDER_PLACED, DATA)
        assert receiver.received == []  # not before the commit
    assert len(receiver.received) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.SENT


def test_only_subscribed_active_endpoints_get_an_event(endpoint, receiver):
    other = webhooks.register_endpoint(receiver.url + "/2", [webhooks.TICKET_STATUS_CHANGED])
    webhooks.register_endpoint(receiver.url + "/3", [webhooks.ORDER_PLACED], is_active=False)
    messages = webhooks.emit(webhooks.TICKET_STATUS_CHANGED, {"ticket": {}})
    assert {m.endpoint for m in messages} == {endpoint, other}
    assert webhooks.emit(webhooks.ORDER_PLACED, DATA)[0].endpoint == endpoint
    assert len(webhooks.emit(webhooks.ORDER_PLACED, DATA)) == 1


def test_an_e_mail_in_the_same_pass_still_goes_to_the_mail_server(endpoint, receiver, mailoutbox):
    outbox.queue_email(["tamu@example.com"], "Pesanan", "Isi")
    webhooks.emit(webhooks.ORDER_PLACED, DATA)
    assert outbox.deliver().sent == 2
    assert len(mailoutbox) == 1 and len(receiver.received) == 1
    assert DeliveryAttempt.objects.count() == 1  # the log is the webhooks'


@pytest.mark.parametrize(
    ("url", "events", "code"),
    [
        ("ftp://example.com/hook", [webhooks.ORDER_PLACED], "webhook_url_invalid"),
        ("not a url", [webhooks.ORDER_PLACED], "webhook_url_invalid"),
        ("https://example.com/hook", [], "webhook_events_invalid"),
        ("https://example.com/hook", ["order.deleted"], "webhook_events_invalid"),
    ],
)
def test_an_endpoint_with_a_bad_url_or_unknown_events_is_refused(db, url, events, code):
    with pytest.raises(webhooks.WebhookError) as refused:
        webhooks.register_endpoint(url, events)
    assert refused.value.code == code
    assert not WebhookEndpoint.objects.exists()


def test_each_endpoint_gets_its_own_secret(db):
    first = webhooks.register_endpoint("https://a.example.com/h", [webhooks.ORDER_PLACED])
    second = webhooks.register_endpoint("https://b.example.com/h", [webhooks.ORDER_PLACED])
    assert first.secret.startswith("whsec_") and len(first.secret) > 40
    assert first.secret != second.secret
