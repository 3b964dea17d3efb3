"""Issue 21, defect 9: with DEBUG off a server error is logged (with its traceback, the
request's path) under the production LOGGING, and the API still answers a JSON 500."""

import importlib
import json
import logging
import logging.config

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils.log import DEFAULT_LOGGING

from contex_oscar.api.csrf_views import CsrfTokenView
from tests.security.test_production_settings import PRODUCTION_ENV


def production_logging(monkeypatch, admins=""):
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DJANGO_ADMINS", admins)
    module = importlib.reload(importlib.import_module("sandbox.settings_production"))
    return module


@pytest.fixture
def configure(monkeypatch):
    """Apply a production LOGGING in this test (its stderr handler writes to the captured
    stream); afterwards every logger it named is as the rest of the suite expects."""
    configured = []

    def apply(admins=""):
        module = production_logging(monkeypatch, admins)
        logging.config.dictConfig(module.LOGGING)
        configured.append(module.LOGGING)
        return module

    yield apply
    for config in configured:
        for name in config.get("loggers", {}):
            logger = logging.getLogger(name)
            logger.handlers, logger.propagate, logger.level = [], True, logging.NOTSET
        root = logging.getLogger()
        root.handlers = [h for h in root.handlers if h.__class__.__module__ != "logging"]
        root.setLevel(logging.WARNING)
    logging.config.dictConfig(DEFAULT_LOGGING)


@pytest.fixture
def failing_view(monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("rusak di server")

    monkeypatch.setattr(CsrfTokenView, "get", broken)
    return "/api/csrf/"


@override_settings(DEBUG=False)
def test_an_api_server_error_answers_json_500(failing_view, db):
    response = Client(raise_request_exception=False).get(failing_view)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "server_error"


@override_settings(DEBUG=False)
def test_a_server_error_is_logged_at_error_with_its_traceback(configure, failing_view, caplog, db):
    configure()
    request_logger = logging.getLogger("django.request")
    request_logger.addHandler(caplog.handler)  # it does not propagate to the root
    try:
        Client(raise_request_exception=False).get(failing_view)
    finally:
        request_logger.removeHandler(caplog.handler)
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert errors, caplog.records
    record = errors[0]
    assert record.exc_info and record.exc_info[0] is RuntimeError
    assert record.request.path == failing_view


@override_settings(DEBUG=False)
def test_the_console_line_has_time_level_logger_path_and_traceback(
    configure, failing_view, capsys, db, monkeypatch
):
    monkeypatch.setenv("DJANGO_LOG_FORMAT", "text")
    configure()
    Client(raise_request_exception=False).get(failing_view)
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "django.request" in line)
    assert " ERROR django.request " in line
    assert "GET /api/csrf/ 500" in line
    assert line[:4].isdigit()  # the time comes first
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: rusak di server" in err


@override_settings(DEBUG=False)
def test_admins_are_mailed_when_set(configure, failing_view, db, settings):
    module = configure(admins="Tim Toko <tim@contex.example>")
    settings.ADMINS = module.ADMINS
    Client(raise_request_exception=False).get(failing_view)
    assert module.ADMINS == [("Tim Toko", "tim@contex.example")]
    assert [message.to for message in mail.outbox] == [["tim@contex.example"]]
    assert "rusak di server" in mail.outbox[0].body


def test_without_admins_no_mail_handler_is_configured(monkeypatch):
    module = production_logging(monkeypatch)
    assert module.ADMINS == []
    assert module.LOGGING["loggers"]["django.request"]["handlers"] == ["console"]


@override_settings(DEBUG=False)
def test_the_json_line_of_a_server_error_names_the_request(configure, failing_view, capsys, db):
    configure()  # DJANGO_LOG_FORMAT is json by default
    response = Client(raise_request_exception=False).get(failing_view, HTTP_X_REQUEST_ID="lb-42")
    assert response["X-Request-ID"] == "lb-42"
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    error = next(line for line in lines if line["logger"] == "django.request")
    assert (error["level"], error["request_id"], error["method"], error["path"]) == (
        "ERROR",
        "lb-42",
        "GET",
        failing_view,
    )
    assert error["status_code"] == 500 and "RuntimeError: rusak di server" in error["exception"]
    served = next(line for line in lines if line["logger"] == "contex_oscar.request")
    assert (served["request_id"], served["status_code"]) == ("lb-42", 500)
    assert served["duration_ms"] >= 0
