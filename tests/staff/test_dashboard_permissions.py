"""Staff permissions in the dashboard (issue 15 defect 4): every store page names its staff
action; staff without the action's permission get 403, the menu hides what they may not
open, and the groups exist after the migrations."""

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from oscar.apps.dashboard.menu import get_nodes

from contex_oscar import staff_permissions as sp
from tests import factories

pytestmark = pytest.mark.django_db

#: a value for each URL argument (objects that do not exist: a permitted user gets 404)
DUMMY_KWARGS = {"pk": 999999, "number": "0000000", "line_pk": 999999, "action": "note"}
#: pages outside the staff permissions (the CMS entry redirects to Wagtail, which checks)
NOT_STAFF_ACTIONS = {"cms"}


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def store_pages():
    namespace = get_resolver().namespace_dict["contex-dashboard"][1]
    return sorted(
        (pattern for pattern in _patterns(namespace) if pattern.name not in NOT_STAFF_ACTIONS),
        key=lambda pattern: pattern.name,
    )


PAGES = [
    (pattern.name, getattr(pattern.callback, "staff_action", None)) for pattern in store_pages()
]


def page_url(name):
    pattern = next(p for p in store_pages() if p.name == name)
    kwargs = {key: DUMMY_KWARGS[key] for key in pattern.pattern.converters}
    return reverse(f"contex-dashboard:{name}", kwargs=kwargs)


def test_the_migration_creates_the_four_groups_with_their_permissions():
    for name, codenames in sp.GROUPS.items():
        group = Group.objects.get(name=name)
        oscar = {codename for _app, _model, codename, _name in sp.OSCAR_PERMISSIONS[name]}
        assert set(group.permissions.values_list("codename", flat=True)) == {*codenames, *oscar}
    manager = factories.staff_member(sp.STORE_MANAGER)
    assert all(manager.has_perm(f"contex.{codename}") for codename in sp.PERMISSIONS)


def test_creating_the_groups_again_changes_nothing():
    from django.apps import apps
    from django.contrib.auth.models import Permission

    before = (Group.objects.count(), Permission.objects.count())
    sp.create_staff_groups(apps)
    assert (Group.objects.count(), Permission.objects.count()) == before


@pytest.mark.parametrize(("name", "action"), PAGES, ids=[name for name, _a in PAGES])
def test_every_store_page_names_an_action_of_the_table(name, action):
    assert action in sp.ACTIONS, f"{name}: add its staff action to staff_permissions.ACTIONS"


@pytest.mark.parametrize(("name", "action"), PAGES, ids=[name for name, _a in PAGES])
def test_each_page_opens_to_its_groups_only(client, name, action):
    url = page_url(name)
    for group in sp.GROUPS:
        client.force_login(factories.staff_member(group))
        status = client.get(url).status_code
        if group in sp.groups_allowed(action):
            assert status != 403, (name, group)
        else:
            assert status == 403, (name, group)


@pytest.mark.parametrize(("name", "action"), PAGES, ids=[name for name, _a in PAGES])
def test_staff_without_a_group_get_403_and_shoppers_the_login_page(client, name, action):
    url = page_url(name)
    client.force_login(factories.staff_member())
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(factories.user())
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_superuser_opens_every_page(client, staff_user):
    client.force_login(staff_user)
    for name, _action in PAGES:
        assert client.get(page_url(name)).status_code != 403, name


def _menu(user):
    def walk(nodes):
        for node in nodes:
            if node.url_name:
                yield node.url_name
            yield from walk(node.children)

    return set(walk(get_nodes(user)))


def test_the_menu_shows_only_the_pages_the_user_may_open():
    shipping = _menu(factories.staff_member(sp.SHIPPING))
    assert "contex-dashboard:shipping-quote-list" in shipping
    assert "contex-dashboard:order-lifecycle-list" in shipping
    assert "contex-dashboard:payment-bank-account-list" not in shipping
    assert "contex-dashboard:payment-confirmation-list" not in shipping
    verifier = _menu(factories.staff_member(sp.PAYMENT_VERIFIER))
    assert "contex-dashboard:payment-confirmation-list" in verifier
    assert "contex-dashboard:payment-bank-account-list" not in verifier
    manager = _menu(factories.staff_member(sp.STORE_MANAGER))
    assert "contex-dashboard:payment-bank-account-list" in manager
    assert "contex-dashboard:service-center-ticket-list" in manager


def test_oscar_order_page_refuses_a_status_change_without_the_permission(client, order):
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    change = {"order_action": "change_order_status", "new_status": "cancelled"}
    client.force_login(factories.staff_member(sp.PAYMENT_VERIFIER))
    assert client.get(url).status_code == 200  # the verifier reads Oscar's order page
    response = client.post(url, change, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    order.refresh_from_db()
    assert order.status == "awaiting-payment"
    assert "Your staff account may not do this" in response.content.decode()
    client.force_login(factories.staff_member(sp.SHIPPING))
    client.post(url, change)
    order.refresh_from_db()
    assert order.status == "cancelled"
