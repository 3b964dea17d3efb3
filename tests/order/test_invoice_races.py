"""Invoice numbers under concurrent checkouts on PostgreSQL (real row locks). Skipped on SQLite."""

import pytest
from rest_framework.test import APIClient

from contex_oscar.order.models import InvoiceCounter, OrderInvoice
from tests.checkout.conftest import checkout, fill_basket
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_checkouts_get_distinct_consecutive_numbers(catalogue):
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
    sequences = sorted(
        int(number[-6:]) for number in OrderInvoice.objects.values_list("number", flat=True)
    )
    assert sequences == [1, 2, 3, 4, 5]
    assert InvoiceCounter.objects.get().last_number == 5
