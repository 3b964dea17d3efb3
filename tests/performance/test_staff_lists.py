"""Staff lists run a fixed number of queries (issue 19, target 5): every list of the staff
API (``/api/staff/``) and every list page of the store's dashboard runs as many queries for
one row as for 50 (the page is read in one go, whatever it shows per row).

A dashboard page shows at most its ``paginate_by`` rows (25 or 50); the API is asked for
``page_size=50``. Rows are made through the store's services, as staff would find them.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from contex_oscar.payment.models import BankAccount
from contex_oscar.shipping.models import ShippingZone
from tests import factories
from tests.performance import staff_rows
from tests.performance.staff_rows import DASHBOARD, STAFF_API
from tests.service_center.conftest import store  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    # payment proofs and ticket attachments of this test only; e-mails stay in the outbox
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    return factories.use_private_storage(settings, tmp_path / "private")


@pytest.fixture
def world(catalogue, bank_accounts, store):  # noqa: F811 (the fixture imported above)
    return staff_rows.world(catalogue[0], bank_accounts[0])


def only(model, add):
    """Rows of ``add`` in a list that holds only them (what migrate made is removed first)."""

    def add_only(world, n):
        if not getattr(add_only, "cleared", False):
            model.objects.all().delete()
            add_only.cleared = True
        add(world, n)

    return add_only


CLEARED_FIRST = {"bank accounts": BankAccount, "shipping zones": ShippingZone}


def counted(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response, len(captured)


@pytest.mark.parametrize("name", STAFF_API)
def test_a_staff_api_list_runs_the_same_queries_for_1_and_50_rows(
    name, world, django_assert_num_queries
):
    path, add = STAFF_API[name]
    url = f"/api/staff/{path}?page_size=50"
    client = APIClient()
    client.force_login(world["staff"])
    add(world, 1)
    client.get(url)  # warm-up: session, content types, cached settings
    one, for_one = counted(client, url)
    assert len(one.json()["results"]) == 1
    add(world, 49)
    with django_assert_num_queries(for_one):
        fifty = client.get(url)
    assert len(fifty.json()["results"]) == 50


@pytest.mark.parametrize("name", DASHBOARD)
def test_a_dashboard_list_runs_the_same_queries_for_1_and_50_rows(
    name, world, client, django_assert_num_queries
):
    route, add = DASHBOARD[name]
    if name in CLEARED_FIRST:
        add = only(CLEARED_FIRST[name], add)
    url = reverse(f"contex-dashboard:{route}")
    client.force_login(world["staff"])
    add(world, 1)
    client.get(url)  # warm-up
    one, for_one = counted(client, url)
    assert len(one.context["object_list"]) == 1
    add(world, 49)
    with django_assert_num_queries(for_one):
        fifty = client.get(url)
    shown = fifty.context["paginator"].per_page if fifty.context["is_paginated"] else 50
    assert len(fifty.context["object_list"]) == min(shown, 50)
