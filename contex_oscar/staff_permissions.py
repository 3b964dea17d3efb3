"""Who among staff may do what: one table for the dashboard and the staff API alike.

Every staff page and staff endpoint names its *action* (``ACTIONS``); each action needs one
Django permission of the store (``PERMISSIONS``, app label ``contex``); the groups
(``GROUPS``) bundle them by job. Superusers and the store manager may do everything; other
staff only what their groups allow. The groups and permissions are created, or completed,
after every ``migrate`` (``create_staff_groups``, on ``post_migrate``, once Django has made
the content types and permissions: a change to the table reaches a site with its next
``migrate``; creating them inside a migration would give content types other ids than a
flushed test database recreates).

The dashboard checks through ``contex_oscar.dashboard.access`` (the pages and the menu), the
API through ``contex_oscar.api.staff.permissions``; both ask ``may``.
"""

from django.utils.translation import gettext_lazy as _

from contex_oscar.errors import StoreError

APP_LABEL = "contex"

#: permission codename -> what it allows (the admin's and the dashboard's wording)
PERMISSIONS = {
    "review_payment_confirmations": _("Can review shoppers' payment confirmations"),
    "record_payments": _("Can record payments received and cancel unpaid orders"),
    "record_refunds": _("Can record refunds paid back to shoppers"),
    "manage_bank_accounts": _("Can edit the store's bank accounts"),
    "change_order_status": _("Can move orders along the status route (ship, deliver, hold)"),
    "correct_prices": _("Can correct the price of an ordered line"),
    "set_shipping_quotes": _("Can set the shipping cost quoted by phone"),
    "manage_shipping_zones": _("Can edit shipping zones and rates"),
    "work_service_desk": _("Can work the service desk (tickets, technicians, quotes)"),
    "manage_outbox": _("Can read and resend the e-mail outbox"),
    "manage_webhooks": _("Can register webhook endpoints and replay their deliveries"),
}

PAYMENT_VERIFIER = "payment verifier"
SHIPPING = "shipping"
SERVICE_DESK = "service desk"
STORE_MANAGER = "store manager"

#: group name -> the permissions it grants
GROUPS = {
    PAYMENT_VERIFIER: ("review_payment_confirmations", "record_payments", "record_refunds"),
    SHIPPING: ("change_order_status", "set_shipping_quotes"),
    SERVICE_DESK: ("work_service_desk",),
    STORE_MANAGER: tuple(PERMISSIONS),
}

#: Oscar's own permissions each group needs for Oscar's pages of its work (Oscar's order
#: pages ask for ``order.view_order``): group -> ``(app label, model, codename, name)``
_VIEW_ORDERS = ("order", "order", "view_order", "Can view order")
_CHANGE_ORDERS = ("order", "order", "change_order", "Can change order")
OSCAR_PERMISSIONS = {
    PAYMENT_VERIFIER: (_VIEW_ORDERS,),
    SHIPPING: (_VIEW_ORDERS, _CHANGE_ORDERS),
    SERVICE_DESK: (_VIEW_ORDERS,),
    STORE_MANAGER: (_VIEW_ORDERS, _CHANGE_ORDERS),
}

#: staff action -> the permission it needs (dashboard pages and staff API endpoints)
ACTIONS = {
    # payments
    "payments.confirmations.view": "review_payment_confirmations",
    "payments.confirmations.review": "review_payment_confirmations",
    "payments.unpaid.view": "record_payments",
    "payments.unpaid.cancel": "record_payments",
    "payments.record": "record_payments",
    "payments.refunds": "record_refunds",
    "payments.bank_accounts": "manage_bank_accounts",
    # orders
    "orders.view": "change_order_status",
    "orders.status": "change_order_status",
    "orders.prices": "correct_prices",
    # shipping
    "shipping.quotes.view": "set_shipping_quotes",
    "shipping.quotes.set": "set_shipping_quotes",
    "shipping.zones": "manage_shipping_zones",
    # service desk
    "service_desk.view": "work_service_desk",
    "service_desk.work": "work_service_desk",
    # the e-mail outbox
    "outbox": "manage_outbox",
    # webhook endpoints (their secrets) and the delivery log
    "webhooks": "manage_webhooks",
}


class StaffPermissionRequired(StoreError):
    """Staff asked for an action their groups do not allow (403)."""

    code = "staff_permission_required"
    status = 403
    message = _("Your staff account may not do this: ask a store manager for the permission.")


def is_staff(user):
    return bool(user is not None and user.is_active and user.is_staff)


def permission_for(action):
    """``contex.<codename>`` for ``action``; an action missing from the table is a bug."""
    return f"{APP_LABEL}.{ACTIONS[action]}"


def may(user, action):
    """Whether ``user`` (active staff) may do ``action``: superusers always, others through
    their groups' (or their own) permissions. An action the table lacks: superusers only."""
    if not is_staff(user):
        return False
    if action not in ACTIONS:
        return user.is_superuser
    return user.has_perm(permission_for(action))


def groups_allowed(action):
    """The groups whose members may do ``action`` (the authorization matrix reads it)."""
    codename = ACTIONS[action]
    return {name for name, codenames in GROUPS.items() if codename in codenames}


def create_staff_groups_after_migrate(sender=None, apps=None, **kwargs):
    """``post_migrate`` receiver (the root app connects it for itself)."""
    if apps is None:
        from django.apps import apps
    create_staff_groups(apps)


def create_staff_groups(apps):
    """Create the store's permissions and groups, or complete them; safe to run again.

    ``apps`` is a migration's app registry (or ``django.apps.apps``). The permissions are
    those of ``contex.StaffAccess`` (Django would create them only after the migrations,
    too late for the groups).
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    def permission(app_label, model, codename, name):
        # on a new database Django creates Oscar's permissions only after every migration
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        found, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": str(name)}
        )
        return found

    for group_name, codenames in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *(permission(APP_LABEL, "staffaccess", code, PERMISSIONS[code]) for code in codenames),
            *(permission(*needed) for needed in OSCAR_PERMISSIONS.get(group_name, ())),
        )
