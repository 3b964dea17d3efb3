"""Log records that say which request they belong to.

``RequestContextFilter`` gives every record ``method``, ``path`` and ``status_code``
(``-`` when the record has no request: a management command, the outbox worker), so one
format serves every logger: ``%(asctime)s %(levelname)s %(name)s %(method)s %(path)s
%(status_code)s %(message)s``. Django's ``django.request`` records carry the request.
"""

import logging


class RequestContextFilter(logging.Filter):
    def filter(self, record):
        request = getattr(record, "request", None)
        record.method = getattr(request, "method", None) or "-"
        record.path = getattr(request, "path", None) or "-"
        if not hasattr(record, "status_code"):
            record.status_code = "-"
        return True
