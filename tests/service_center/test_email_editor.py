"""E-mail templates staff can really edit (issue 17, defect 6): Oscar's ``/dashboard/comms/``
shows the text being sent, needs no HTML body, lists the variables of the e-mail's kind and
previews a sample of that kind; an edit there is what the shopper then receives."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from contex_oscar.dashboard.communications_forms import file_text
from contex_oscar.order.access import tracking_url
from contex_oscar.service_center import notifications, statuses, tickets
from tests import factories
from tests.service_center.conftest import open_ticket

CommunicationEventType = get_model("communication", "CommunicationEventType")

TICKET_STATUS = notifications.EMAIL_TICKET_STATUS


def edit_url(code):
    return reverse("dashboard:comms-update", kwargs={"slug": code})


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def form_of(response):
    return response.context["form"]


def post_form(client, code, **changes):
    """POST the edit page's form as it was shown, with ``changes``."""
    form = form_of(client.get(edit_url(code)))
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return client.post(edit_url(code), data)


def test_every_store_email_opens_with_the_text_being_sent(staff_client):
    store_types = [
        commtype
        for commtype in CommunicationEventType.objects.all()
        if file_text(commtype, "email_body_template")
    ]
    assert len(store_types) >= 23
    for commtype in store_types:
        form = form_of(staff_client.get(edit_url(commtype.code)))
        subject, body = form["email_subject_template"].value(), form["email_body_template"].value()
        assert subject and subject == file_text(commtype, "email_subject_template"), commtype.code
        assert body and body == file_text(commtype, "email_body_template"), commtype.code


def test_saving_without_an_html_body_is_accepted_and_keeps_following_the_file(staff_client):
    response = post_form(staff_client, TICKET_STATUS, email_body_html_template="")
    assert response.status_code == 302
    commtype = CommunicationEventType.objects.get(code=TICKET_STATUS)
    # the text was saved unchanged: the row stays empty, the file stays the one source
    assert commtype.email_subject_template is None
    assert commtype.email_body_template is None


def test_subject_and_body_are_still_required(staff_client):
    response = post_form(staff_client, TICKET_STATUS, email_subject_template="")
    assert response.status_code == 200
    assert "email_subject_template" in form_of(response).errors


def test_an_edit_in_the_dashboard_is_the_email_the_shopper_gets(
    staff_client, store, django_capture_on_commit_callbacks
):
    edited = "Halo {{ ticket.name }}: tiket {{ ticket.number }} kini {{ status_label }} (diedit)"
    post_form(staff_client, TICKET_STATUS, email_body_template=edited)
    ticket = open_ticket(name="Rina Wati")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tickets.change_ticket_status(ticket, statuses.RECEIVED)
    assert mail.outbox[-1].body == (
        f"Halo Rina Wati: tiket {ticket.number} kini {statuses.label_for(statuses.RECEIVED)} "
        "(diedit)"
    )


@pytest.mark.parametrize(
    ("code", "listed", "not_listed"),
    [
        (TICKET_STATUS, "ticket.number", "order.number"),
        ("ORDER_STATUS_IN_SHIPMENT", "order.number", "ticket.number"),
        ("ACCOUNT_VERIFY_EMAIL", "user.first_name", "order.number"),
    ],
)
def test_the_variable_help_is_of_the_emails_kind(staff_client, code, listed, not_listed):
    help_text = staff_client.get(edit_url(code)).content.decode()
    variables = help_text[help_text.index('id="email_variables"') :].split("</dl>")[0]
    assert listed in variables
    assert not_listed not in variables


def test_a_ticket_email_previews_a_ticket(staff_client, store):
    ticket = open_ticket(name="Agus Salim")
    response = post_form(
        staff_client, TICKET_STATUS, show_preview="1", preview_number=ticket.number.lower()
    )
    preview = response.context["preview"]
    assert ticket.number in preview["subject"]
    assert "Agus Salim" in preview["body"]


def test_an_unknown_sample_number_is_refused(staff_client, store):
    response = post_form(staff_client, TICKET_STATUS, show_preview="1", preview_number="SC-0000")
    assert "preview_number" in form_of(response).errors
    assert "preview" not in response.context


def test_an_order_email_previews_the_latest_order_with_its_tracking_link(staff_client, catalogue):
    order = factories.place_order(catalogue[0])
    # one moment for both: the link's signature carries the second it was signed in
    with time_machine.travel(timezone.now(), tick=False):
        response = post_form(staff_client, "PAYMENT_EXPIRED", show_preview="1")
        body = response.context["preview"]["body"]
        link = tracking_url(order)
    assert order.number in body
    assert link in body  # as the real e-mail to the order's address has it
