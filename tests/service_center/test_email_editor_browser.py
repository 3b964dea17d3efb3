"""The e-mail edit page in a real browser: the text being sent is there, an edit is kept."""

import pytest
from oscar.core.loading import get_model

from contex_oscar.dashboard.communications_forms import file_text
from contex_oscar.service_center import notifications

pytestmark = [pytest.mark.slow]

CommunicationEventType = get_model("communication", "CommunicationEventType")


@pytest.fixture
def ticket_status_email(transactional_db):
    # a transactional test starts from flushed tables: the migration's row is put back
    commtype, _created = CommunicationEventType.objects.get_or_create(
        code=notifications.EMAIL_TICKET_STATUS,
        defaults={"name": "Service center: ticket status changed", "category": "Order related"},
    )
    return commtype


def test_staff_see_the_text_being_sent_and_save_an_edit(ticket_status_email, staff_page):
    page = staff_page
    page.goto(f"/dashboard/comms/{ticket_status_email.code}/")
    body = page.locator("textarea[name=email_body_template]")
    sent = file_text(ticket_status_email, "email_body_template")
    assert body.input_value().strip() == sent.strip()
    assert "ticket.number" in page.inner_text("#email_variables")

    body.fill("Tiket {{ ticket.number }}: {{ status_label }}. Salam dari tim servis.")
    page.click("button[name=save]")
    page.wait_for_load_state()
    ticket_status_email.refresh_from_db()
    assert ticket_status_email.email_body_template.endswith("Salam dari tim servis.")
    assert ticket_status_email.email_body_html_template is None  # no HTML body needed

    page.goto(f"/dashboard/comms/{ticket_status_email.code}/")
    assert "Salam dari tim servis." in body.input_value()
