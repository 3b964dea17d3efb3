"""The database keeps ``num_allocated <= num_in_stock`` on stock records (issue 8).

PostgreSQL has a CHECK constraint; the embedded SQLite database has triggers.
Both must refuse what Oscar's ``allocate()`` would otherwise do: oversell.
"""

import pytest
from django.db import IntegrityError, connection, transaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(product):
    record = product.stockrecords.get()
    record.num_in_stock = 2
    record.num_allocated = 0
    record.save()
    return record


def refused(action):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        action()
    assert "contex_stock_allocated_within_stock" in str(error.value)


def test_allocating_the_last_units_is_allowed(record):
    record.allocate(2)
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (2, 2)


def test_allocating_beyond_the_stock_is_refused(record):
    record.allocate(2)
    refused(lambda: record.allocate(1))
    record.refresh_from_db()
    assert record.num_allocated == 2


def test_lowering_the_stock_below_what_is_allocated_is_refused(record):
    record.allocate(2)
    record.refresh_from_db()
    record.num_in_stock = 1
    refused(record.save)


def test_shipping_and_cancelling_keep_the_rule(record):
    record.allocate(2)
    record.consume_allocation(1)  # shipped: one unit leaves stock and allocation
    record.cancel_allocation(1)  # cancelled: the other returns to sale
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (1, 0)


def test_a_record_without_a_stock_figure_is_not_constrained(record):
    record.num_in_stock = None
    record.num_allocated = 3
    record.save()


@pytest.mark.postgres
def test_postgresql_has_the_check_constraint(record):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s",
            ["contex_stock_allocated_within_stock"],
        )
        (definition,) = cursor.fetchone()
    assert "num_allocated <= num_in_stock" in definition
