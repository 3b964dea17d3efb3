import io

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests import factories


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need real row locks; skip them on SQLite."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def catalogue(db):
    """The demo catalogue: Indonesia, the Contex partner and nine scanners."""
    from sandbox.store.demo import catalogue as demo_catalogue
    from sandbox.store.demo import site as demo_site

    demo_site.load(io.StringIO())
    demo_catalogue.load(io.StringIO())
    return factories.products()


@pytest.fixture
def product(catalogue):
    return catalogue[0]


@pytest.fixture
def staff_user(db):
    return factories.staff_user()


@pytest.fixture
def shopper(db):
    return factories.user()


@pytest.fixture
def order(catalogue):
    """A placed order (awaiting payment) for one scanner, with stock allocated."""
    return factories.place_order(catalogue[0], quantity=1)
