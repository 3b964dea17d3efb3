"""The database keeps ``num_allocated <= num_in_stock`` on stock records (issue 8).

PostgreSQL has a CHECK constraint; the embedded SQLite database has triggers.
Both must refuse what Oscar's ``allocate()`` would otherwise do: oversell.
"""

import pytest
from django import forms
from django.db import IntegrityError, connection, transaction
from django.utils.translation import ngettext

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


# --- the dashboard's product page: a form error, not the database's error page -------

PRODUCT_PAGE_FORMS = (
    "form",
    "category_formset",
    "image_formset",
    "recommended_formset",
    "stockrecord_formset",
)


def posted_values(response):
    """The POST data of the product page's forms as the browser sends them unchanged."""
    data = {}
    for name in PRODUCT_PAGE_FORMS:
        form = response.context[name]
        parts = [form] if isinstance(form, forms.BaseForm) else [form.management_form, *form]
        for bound_field in (field for part in parts for field in part):
            names = [bound_field.html_name]
            if bound_field.field.show_hidden_initial:  # e.g. a callable model default
                names.append(bound_field.html_initial_name)
            value = bound_field.value()
            if value is True:
                data.update(dict.fromkeys(names, "on"))
            elif value is not None and value is not False:
                data.update(dict.fromkeys(names, str(value)))
    return data


@pytest.fixture
def product_page(client, staff_user, record):
    """Staff on the product's dashboard page with 2 of its 2 units allocated."""
    record.allocate(2)
    client.force_login(staff_user)
    url = f"/dashboard/catalogue/products/{record.product_id}/"
    return url, posted_values(client.get(url))


def test_dashboard_refuses_stock_below_allocated_with_a_form_error(client, record, product_page):
    url, data = product_page
    data["stockrecords-0-num_in_stock"] = "1"

    response = client.post(url, data)

    assert response.status_code == 200
    errors = response.context["stockrecord_formset"].forms[0].errors
    message = ngettext(
        "%(allocated)d unit is reserved for orders not shipped yet: the stock cannot be lower.",
        "%(allocated)d units are reserved for orders not shipped yet: the stock cannot be lower.",
        2,
    ) % {"allocated": 2}
    assert errors == {"num_in_stock": [message]}
    assert message in response.content.decode()
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (2, 2)


def test_dashboard_accepts_stock_equal_to_allocated(client, record, product_page):
    url, data = product_page
    record.num_in_stock = 5
    record.save()
    data["stockrecords-0-num_in_stock"] = "2"

    response = client.post(url, data)

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (2, 2)


@pytest.mark.postgres
def test_postgresql_has_the_check_constraint(record):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s",
            ["contex_stock_allocated_within_stock"],
        )
        (definition,) = cursor.fetchone()
    assert "num_allocated <= num_in_stock" in definition
