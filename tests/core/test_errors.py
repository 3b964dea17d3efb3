"""One error type: every refusal of a store rule is a ``StoreError`` (code, message, status)
and the API answers each the same way."""

import importlib
import inspect
import pkgutil

import pytest
from django.utils import translation
from rest_framework.test import APIRequestFactory

import contex_oscar
from contex_oscar.api.exceptions import exception_handler
from contex_oscar.errors import StoreError

#: Exceptions that never reach a person: raised and caught inside one module.
INTERNAL = {"PreviewNotFound", "_TooManyPixels", "_ActiveContent", "_WebhookRefused"}


def _package_exceptions():
    for info in pkgutil.walk_packages(contex_oscar.__path__, "contex_oscar."):
        if ".migrations" in info.name or info.name.endswith(".apps"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Exception)
                and value.__module__ == module.__name__
            ):
                yield name, value


def test_every_error_of_the_package_is_a_store_error():
    found = dict(_package_exceptions())
    assert len(found) >= 10
    assert sorted(name for name, cls in found.items() if not issubclass(cls, StoreError)) == sorted(
        INTERNAL & set(found)
    )


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (StoreError("x_refused", "Ditolak.", 403), 403, "x_refused"),
        ("contex_oscar.payment.exceptions.PaymentError", 409, "amount_mismatch"),
        ("contex_oscar.order.exceptions.IllegalStatusTransition", 409, "illegal_status_transition"),
        ("contex_oscar.order.stock.InsufficientStock", 409, "insufficient_stock"),
    ],
)
def test_the_api_answers_every_store_error_as_json(error, status, code):
    if isinstance(error, str):
        module, name = error.rsplit(".", 1)
        cls = getattr(importlib.import_module(module), name)
        if name == "PaymentError":
            error = cls("amount_mismatch", "Jumlah berbeda.")
        elif name == "IllegalStatusTransition":
            error = cls("100001", "delivered", "processing")
        else:
            error = cls([{"product": 1, "title": "IQ Quattro", "requested": 2, "available": 1}])
    request = APIRequestFactory().get("/api/")
    response = exception_handler(error, {"request": request, "view": None})
    assert response.status_code == status
    assert response.data["code"] == code
    assert response.data["message"] == str(error)


def test_messages_follow_the_language_of_the_request():
    from contex_oscar.order.exceptions import IllegalStatusTransition

    with translation.override("en"):
        english = str(IllegalStatusTransition("100001", "a", "b"))
    with translation.override("id"):
        indonesian = str(IllegalStatusTransition("100001", "a", "b"))
    assert english.startswith("Order 100001") and indonesian.startswith("Pesanan 100001")
