"""Staff see the e-mails not delivered yet (pending, failed, with the error) and resend them."""

import pytest
from django.core import mail
from django.urls import reverse

from contex_oscar import outbox
from contex_oscar.models import OutboxMessage
from tests import factories

LIST = reverse("contex-dashboard:outbox-list")


def resend_url(message):
    return reverse("contex-dashboard:outbox-resend", args=[message.pk])


@pytest.fixture
def messages(db, settings):
    """One e-mail of each status, none delivered by a commit hook."""
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    rows = {}
    for status in (OutboxMessage.PENDING, OutboxMessage.FAILED, OutboxMessage.SENT):
        rows[status] = outbox.queue_email(
            [f"{status}@example.com"], f"Pesanan {status}", "Isi", kind="PAYMENT_ORDER_PLACED"
        )
    OutboxMessage.objects.filter(pk=rows["failed"].pk).update(
        status=OutboxMessage.FAILED, attempts=10, last_error="SMTPServerDisconnected: tutup"
    )
    OutboxMessage.objects.filter(pk=rows["sent"].pk).update(status=OutboxMessage.SENT)
    return rows


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_only_staff_reach_the_outbox(client, messages):
    assert client.get(LIST).status_code == 302
    client.force_login(factories.user(email="budi@example.com"))
    assert client.get(LIST).status_code == 302
    assert client.post(resend_url(messages["failed"])).status_code == 302
    assert OutboxMessage.objects.get(pk=messages["failed"].pk).status == OutboxMessage.FAILED


def test_staff_see_pending_and_failed_with_counts_and_errors(staff_client, messages):
    response = staff_client.get(LIST, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    shown = {m.pk for m in response.context["outbox_messages"]}
    assert shown == {messages["pending"].pk, messages["failed"].pk}
    assert response.context["backlog"] == {"pending": 1, "failed": 1}
    page = response.content.decode()
    assert "Kotak keluar e-mail" in page and "Kirim ulang" in page
    assert "SMTPServerDisconnected: tutup" in page
    failed_only = staff_client.get(LIST, {"status": "failed"})
    assert [m.pk for m in failed_only.context["outbox_messages"]] == [messages["failed"].pk]


def test_resend_gives_a_failed_e_mail_a_fresh_round_and_sends_it(
    staff_client, messages, settings, django_capture_on_commit_callbacks
):
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(resend_url(messages["failed"]))
    assert response.status_code == 302
    message = OutboxMessage.objects.get(pk=messages["failed"].pk)
    assert (message.status, message.attempts) == (OutboxMessage.SENT, 1)
    assert [m.to for m in mail.outbox] == [["failed@example.com"]]


def test_a_sent_e_mail_cannot_be_resent(staff_client, messages):
    assert staff_client.post(resend_url(messages["sent"])).status_code == 404


def test_the_store_menu_links_to_the_outbox(staff_client, messages):
    response = staff_client.get(reverse("dashboard:index"))
    assert LIST.encode() in response.content


def test_an_email_the_worker_composes_says_so_until_it_is_sent(staff_client, settings, product):
    from contex_oscar.payment import notifications

    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    order = factories.place_order(product, payment_method="bank-transfer")
    message = OutboxMessage.objects.get(kind=notifications.ORDER_PLACED, related_id=str(order.pk))
    assert message.subject == ""
    page = staff_client.get(LIST, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Disusun saat dikirim" in page
    assert (
        "Composed when it is sent"
        in staff_client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
