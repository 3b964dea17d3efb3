"""The one error type of the store's rules.

A ``StoreError`` says a rule refused a request and nothing was changed: ``code`` is
machine-readable and stable, ``message`` is for people (translated when raised),
``status`` is the HTTP status the API answers with, ``errors`` optional per-field details.
Every app's errors subclass it, so the API (``contex_oscar.api.exceptions``) turns any of
them into ``{"code", "message", "errors"}`` the same way and the dashboards show
``str(error)``. Services raise these; views do not translate them one by one.
"""


class StoreError(Exception):
    code = "error"
    status = 400
    message = ""

    def __init__(self, code=None, message=None, status=None, errors=None):
        if code is not None:
            self.code = code
        if message is not None:
            self.message = message
        if status is not None:
            self.status = status
        self.errors = errors
        super().__init__(str(self.message))

    def __str__(self):
        return str(self.message)
