"""Each request's id and one log line per request and per store event (issue 14,
structured logs): ``contex_oscar.log``."""

import logging

import pytest
from django.db import transaction
from django.test import Client

from contex_oscar import webhooks
from contex_oscar.log import JSONFormatter, RequestContextFilter
from tests.service_center.conftest import open_ticket, store  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_a_request_without_an_id_gets_a_new_one_on_its_answer():
    first, second = Client().get("/api/csrf/"), Client().get("/api/csrf/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_proxys_plain_request_id_is_kept():
    assert Client().get("/api/csrf/", HTTP_X_REQUEST_ID="edge.7f-3")["X-Request-ID"] == "edge.7f-3"


@pytest.mark.parametrize("forged", ["a\nERROR fake line", "x" * 65, "id with spaces", ""])
def test_an_id_that_could_forge_a_log_line_is_replaced(forged):
    answered = Client().get("/api/csrf/", HTTP_X_REQUEST_ID=forged)["X-Request-ID"]
    assert answered != forged and len(answered) == 32


def test_each_request_is_one_line_with_its_id_and_status(caplog):
    with caplog.at_level(logging.INFO, logger="contex_oscar.request"):
        Client().get("/api/csrf/", HTTP_X_REQUEST_ID="req-1")
    (record,) = [r for r in caplog.records if r.name == "contex_oscar.request"]
    RequestContextFilter().filter(record)
    line = JSONFormatter().format(record)
    assert '"request_id": "req-1"' in line and '"status_code": 200' in line
    assert '"path": "/api/csrf/"' in line and "\n" not in line


@pytest.mark.usefixtures("store")
def test_a_store_event_is_one_line_once_its_change_is_committed(
    caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.INFO, logger="contex_oscar.events"):
        with django_capture_on_commit_callbacks(execute=True):
            ticket = open_ticket()
    (record,) = [r for r in caplog.records if r.name == "contex_oscar.events"]
    assert record.event == webhooks.TICKET_OPENED
    assert record.event_fields == {"ticket_number": ticket.number}


@pytest.mark.usefixtures("store")
def test_a_rolled_back_change_logs_no_event(caplog, django_capture_on_commit_callbacks):
    with caplog.at_level(logging.INFO, logger="contex_oscar.events"):
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError), transaction.atomic():
                open_ticket()
                raise RuntimeError("undone")
    assert not [r for r in caplog.records if r.name == "contex_oscar.events"]
