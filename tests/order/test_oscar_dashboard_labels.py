"""Oscar's own order pages name statuses by their labels, never their codes (issue 16.10)."""

import re

import pytest
from django.utils import translation

from contex_oscar.order import services
from contex_oscar.order.statuses import (
    AWAITING_PAYMENT,
    CANCELLED,
    ON_HOLD,
    TRANSITIONS,
    label_for,
)

AWAITING_LABEL = "Menunggu Pembayaran"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def cells(html):
    return [cell.strip() for cell in re.findall(r"<td>([^<]*)</td>", html)]


def test_the_label_is_the_shipped_translation():
    assert str(label_for(AWAITING_PAYMENT)) == AWAITING_LABEL


def test_the_order_list_shows_the_status_label(staff_client, order):
    html = staff_client.get("/dashboard/orders/").content.decode()
    assert AWAITING_LABEL in cells(html)
    assert AWAITING_PAYMENT not in cells(html)


def test_the_bulk_menu_posts_codes_and_shows_labels(staff_client, order):
    html = staff_client.get("/dashboard/orders/").content.decode()
    bulk = html[html.index('name="new_status"') :]
    options = dict(re.findall(r'<option value="([^"]+)">([^<]+)</option>', bulk))
    assert options[ON_HOLD] == "Pesanan sedang ditahan"
    assert set(options) == set(TRANSITIONS)


def test_the_bulk_menu_still_changes_the_status(staff_client, order):
    staff_client.post(
        "/dashboard/orders/",
        {"action": "change_order_statuses", "selected_order": order.id, "new_status": ON_HOLD},
    )
    order.refresh_from_db()
    assert order.status == ON_HOLD


def test_the_search_filter_offers_labels(staff_client, order):
    form = staff_client.get("/dashboard/orders/").context["form"]
    choices = {code: str(label) for code, label in form.fields["status"].choices}
    assert choices[AWAITING_PAYMENT] == AWAITING_LABEL


def test_filtering_by_status_finds_the_order_and_names_the_label(staff_client, order):
    response = staff_client.get("/dashboard/orders/", {"status": AWAITING_PAYMENT})
    assert [o.id for o in response.context["orders"]] == [order.id]
    descriptions = [str(d) for d in response.context["search_filters"]]
    assert any(AWAITING_LABEL in d for d in descriptions)
    assert not any(AWAITING_PAYMENT in d for d in descriptions)


def test_filtering_by_another_status_finds_nothing(staff_client, order):
    response = staff_client.get("/dashboard/orders/", {"status": CANCELLED})
    assert list(response.context["orders"]) == []


def test_the_csv_download_names_the_label(staff_client, order):
    response = staff_client.get("/dashboard/orders/", {"response_format": "csv"})
    assert AWAITING_LABEL in response.content.decode("utf-8")
    assert AWAITING_PAYMENT not in response.content.decode("utf-8")


def test_the_order_page_shows_labels_for_order_lines_and_history(staff_client, order, staff_user):
    services.change_order_status(order, ON_HOLD, user=staff_user)
    html = staff_client.get(f"/dashboard/orders/{order.number}/").content.decode()
    found = cells(html)
    # the order's status, its line's, the history's "to"
    assert found.count("Pesanan sedang ditahan") >= 3
    assert AWAITING_LABEL in found  # the history's "from"
    assert ON_HOLD not in found and AWAITING_PAYMENT not in found


def test_the_line_status_menu_names_labels(staff_client, order):
    response = staff_client.get(f"/dashboard/orders/{order.number}/")
    assert AWAITING_LABEL in [str(s) for s in response.context["line_statuses"]]
