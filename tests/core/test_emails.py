import pytest
from django.core import mail
from oscar.core.loading import get_model

from contex_oscar.emails import send_store_email
from contex_oscar.models import SentEmail


@pytest.fixture
def event_type(db):
    return get_model("communication", "CommunicationEventType").objects.create(
        code="TEST_NOTE",
        name="Test note",
        email_subject_template="Halo {{ name }}",
        email_body_template="Isi untuk {{ name }}",
    )


def test_email_waits_for_commit(event_type, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_store_email("TEST_NOTE", "a@example.com", {"name": "Budi"}, key="k-0")
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_email_is_sent_only_once_per_key(event_type, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_store_email("TEST_NOTE", "a@example.com", {"name": "Budi"}, key="k-1")
        again = send_store_email("TEST_NOTE", "a@example.com", {"name": "Budi"}, key="k-1")
    assert (first, again) == (True, False)
    assert [m.subject for m in mail.outbox] == ["Halo Budi"]
    assert mail.outbox[0].to == ["a@example.com"]


def test_no_recipient_sends_nothing(db):
    assert send_store_email("ORDER_PLACED", "", {}, key="k-2") is False
    assert not SentEmail.objects.exists()


def test_store_settings_are_in_every_email_context(event_type, django_capture_on_commit_callbacks):
    from contex_oscar.cms.models import store_settings

    values = store_settings()
    values.call_center_phone = "+62 21 555 0199"
    values.save()
    event_type.email_body_template = "Hubungi {{ store.call_center_phone }}"
    event_type.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_store_email("TEST_NOTE", "a@example.com", {"name": "Budi"})
    assert mail.outbox[0].body == "Hubungi +62 21 555 0199"
