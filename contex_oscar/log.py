"""Log records that say which request they belong to, one line each, as text or JSON.

``RequestContextFilter`` gives every record ``request_id``, ``method``, ``path`` and
``status_code`` (``-`` when the record has no request: a management command, the outbox
worker), so one format serves every logger: ``%(asctime)s %(levelname)s %(name)s
%(request_id)s %(method)s %(path)s %(status_code)s %(message)s``. Django's
``django.request`` records carry the request.

``RequestIdMiddleware`` (first in ``MIDDLEWARE``) gives each request its id: the
``X-Request-ID`` a proxy sent when it is a plain token (letters, digits, ``._-``, at most
64), else a new one; the answer carries it back, and ``contex_oscar.request`` logs one
line per request (method, path, status, milliseconds). ``JSONFormatter`` writes each record
as one JSON object; the store's events (``contex_oscar.events``: order placed, status
changed, shipped, payment verified, ticket opened or moved) add ``event`` and their fields.
"""

import contextvars
import json
import logging
import re
import time
import uuid

#: the id of the request being served in this thread or task ("" outside a request)
current_request_id = contextvars.ContextVar("contex_request_id", default="")
REQUEST_ID_HEADER = "X-Request-ID"
_TOKEN = re.compile(r"[A-Za-z0-9._-]{1,64}")
request_logger = logging.getLogger("contex_oscar.request")
event_logger = logging.getLogger("contex_oscar.events")


def request_id_for(request):
    """The proxy's ``X-Request-ID`` when it is a plain token, else a new id (never a value
    that could forge a log line)."""
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if _TOKEN.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_for(request)
        token = current_request_id.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request": request,
                    "status_code": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            current_request_id.reset(token)


def log_event(event, **fields):
    """One line for a store event (``contex_oscar.events``), e.g. ``order.placed``."""
    event_logger.info(event, extra={"event": event, "event_fields": fields})


#: record attributes every ``LogRecord`` has: the rest came with ``extra=``
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JSONFormatter(logging.Formatter):
    """Each record as one JSON object on one line: time, level, logger, message, the
    request's id, method, path and status, an event's fields, the traceback if any."""

    def format(self, record):
        body = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", "method", "path", "status_code", "duration_ms", "event"):
            value = getattr(record, name, None)
            if value not in (None, "-", ""):
                body[name] = value
        body.update(getattr(record, "event_fields", None) or {})
        if record.exc_info:
            body["exception"] = self.formatException(record.exc_info)
        return json.dumps(body, ensure_ascii=False, default=str)


class RequestContextFilter(logging.Filter):
    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or current_request_id.get() or "-"
        record.method = getattr(request, "method", None) or "-"
        record.path = getattr(request, "path", None) or "-"
        if not hasattr(record, "status_code"):
            record.status_code = "-"
        return True
