"""Order and invoice numbers under concurrent checkouts on PostgreSQL (real row locks; the
counter rows of ``order.sequences``). Skipped on SQLite."""

import pytest
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from contex_oscar.order import numbers
from contex_oscar.order.models import InvoiceCounter, OrderInvoice, OrderNumberCounter
from tests.checkout.conftest import checkout, fill_basket
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")


def five_checkouts_at_once(catalogue):
    shoppers = [APIClient() for _ in range(5)]
    baskets = [
        fill_basket(client, (product, 1))
        for client, product in zip(shoppers, catalogue, strict=False)
    ]
    results = run_concurrently(
        *[
            lambda client=client, url=url: checkout(client, url)
            for client, url in zip(shoppers, baskets, strict=True)
        ]
    )
    assert [response.status_code for _, response in results] == [200] * 5


def test_concurrent_checkouts_get_distinct_consecutive_order_numbers(catalogue):
    five_checkouts_at_once(catalogue)
    placed = sorted(Order.objects.values_list("number", flat=True))
    assert len(set(placed)) == 5
    assert [number[6:10] for number in placed] == ["0001", "0002", "0003", "0004", "0005"]
    assert not any(numbers.is_mistyped(number) for number in placed)
    assert OrderNumberCounter.objects.get().last_number == 5


def test_concurrent_checkouts_get_distinct_consecutive_invoice_numbers(catalogue):
    five_checkouts_at_once(catalogue)
    sequences = sorted(
        int(number[-6:]) for number in OrderInvoice.objects.values_list("number", flat=True)
    )
    assert sequences == [1, 2, 3, 4, 5]
    assert InvoiceCounter.objects.get().last_number == 5
