"""The staff API's authorization matrix (issue 15 defect 4): every ``/api/staff/`` endpoint
× anonymous, shopper, staff without a group, each group, superuser. The expected answer
comes from ``staff_permissions`` (the endpoint's action → its permission → the groups that
hold it), so an endpoint without an entry in the table fails here."""

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from contex_oscar import staff_permissions as sp
from contex_oscar.api.staff import urls as staff_urls
from tests import factories

pytestmark = pytest.mark.django_db

DUMMY_KWARGS = {"pk": 999999, "number": "0000000"}
#: what a permitted request with an empty body and a made-up object may answer
PERMITTED = {200, 400, 404}


def endpoints():
    for pattern in staff_urls.urlpatterns:
        view = pattern.callback.view_class
        for method in sorted(set(view.http_method_names) & {"get", "post", "put", "patch"}):
            if hasattr(view, method):
                yield pattern.name, method, getattr(view, "staff_action", None)


ENDPOINTS = list(endpoints())
IDS = [f"{method} {name}" for name, method, _action in ENDPOINTS]


def url(name):
    pattern = next(p for p in staff_urls.urlpatterns if p.name == name)
    return reverse(name, kwargs={key: DUMMY_KWARGS[key] for key in pattern.pattern.converters})


def call(user, name, method):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url(name), format="json", HTTP_ACCEPT_LANGUAGE="en")


def test_the_walk_finds_every_staff_endpoint():
    assert len(ENDPOINTS) >= 13
    assert all(url(name).startswith("/api/staff/") for name, _method, _action in ENDPOINTS)


@pytest.mark.parametrize(("name", "method", "action"), ENDPOINTS, ids=IDS)
def test_every_endpoint_names_an_action_of_the_table(name, method, action):
    assert action in sp.ACTIONS, f"{name}: add its staff action to staff_permissions.ACTIONS"


@pytest.mark.parametrize(("name", "method", "action"), ENDPOINTS, ids=IDS)
def test_anonymous_and_shoppers_and_staff_without_a_group_are_refused(name, method, action):
    anonymous = call(None, name, method)
    assert anonymous.status_code == 403
    assert anonymous.json()["code"] == "not_authenticated"
    for user in (factories.user(), factories.staff_member()):
        response = call(user, name, method)
        assert response.status_code == 403, (name, user)
        body = response.json()
        assert body["code"] == "staff_permission_required"
        assert body["message"] == str(sp.StaffPermissionRequired.message)


@pytest.mark.parametrize(("name", "method", "action"), ENDPOINTS, ids=IDS)
def test_each_group_gets_what_the_table_gives_it(name, method, action):
    allowed = sp.groups_allowed(action)
    assert sp.STORE_MANAGER in allowed
    for group in sp.GROUPS:
        status = call(factories.staff_member(group), name, method).status_code
        if group in allowed:
            assert status in PERMITTED, (name, group, status)
        else:
            assert status == 403, (name, group, status)


@pytest.mark.parametrize(("name", "method", "action"), ENDPOINTS, ids=IDS)
def test_a_superuser_may_call_every_endpoint(name, method, action):
    assert call(factories.staff_user(), name, method).status_code in PERMITTED


def test_the_refusal_reads_in_indonesian_first():
    client = APIClient()
    client.force_login(factories.staff_member())
    body = client.get(reverse("contex-staff-tickets"), HTTP_ACCEPT_LANGUAGE="id").json()
    assert body["code"] == "staff_permission_required"
    with translation.override("en"):
        english = str(sp.StaffPermissionRequired.message)
    assert body["message"] != english and "izin" in body["message"]
