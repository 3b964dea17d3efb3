import io

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


def test_store_settings_are_in_every_email_context(
    event_type, default_site_settings, django_capture_on_commit_callbacks
):
    values = default_site_settings
    values.call_center_phone = "+62 21 555 0199"
    values.save()
    event_type.email_body_template = "Hubungi {{ store.call_center_phone }}"
    event_type.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_store_email("TEST_NOTE", "a@example.com", {"name": "Budi"})
    assert mail.outbox[0].body == "Hubungi +62 21 555 0199"


@pytest.fixture
def default_site_settings(db):
    from sandbox.store.demo import site as demo_site

    demo_site.load(io.StringIO())
    from contex_oscar.store_values import store_settings

    return store_settings()


def test_store_settings_are_read_once_then_from_the_cache(
    default_site_settings, django_assert_num_queries
):
    from contex_oscar.store_values import store_settings

    with django_assert_num_queries(0):
        assert store_settings().pk == default_site_settings.pk


def test_saved_store_settings_show_at_once(default_site_settings):
    from contex_oscar.store_values import store_settings

    default_site_settings.whatsapp_number = "+62 812 0000 0001"
    default_site_settings.save()

    assert store_settings().whatsapp_number == "+62 812 0000 0001"


def test_without_a_cache_period_settings_come_from_the_database(
    default_site_settings, settings, django_assert_num_queries
):
    from contex_oscar.store_values import store_settings

    settings.CONTEX_STORE_SETTINGS_CACHE_SECONDS = 0
    with django_assert_num_queries(2):  # the default site, its settings
        store_settings()
