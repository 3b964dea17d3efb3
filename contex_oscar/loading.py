"""Oscar's class loader with the store's replacements (``OSCAR_DYNAMIC_CLASS_LOADER``).

``contex_oscar.defaults`` sets it, so a site gets the store's versions of a few Oscar
classes without forking Oscar apps. Each replacement subclasses the class Oscar would
have loaded, so a site's own fork of that app still applies underneath.
"""

from django.utils.module_loading import import_string
from oscar.core.loading import default_class_loader

#: ``(module label, class name)`` Oscar asks for -> the store's class.
REPLACED_CLASSES = {
    # staff cannot set the stock below the units allocated to orders
    ("dashboard.catalogue.forms", "StockRecordForm"): (
        "contex_oscar.dashboard.forms.StockRecordForm"
    ),
    # every order placed (oscarapi's checkout, Oscar's HTML checkout, code) gets the store's
    # placement: payment method rules, payment record, unique amount due, deadline, e-mail
    ("order.utils", "OrderCreator"): "contex_oscar.order.creator.StoreOrderCreator",
    # the store's order numbers: placing day, the day's sequence, a check digit
    # (Oscar's are 100000 + basket id: out of placing order, they tell the basket count)
    ("order.utils", "OrderNumberGenerator"): "contex_oscar.order.numbers.OrderNumberGenerator",
    # Oscar's HTML checkout offers the store's payment methods
    ("checkout.views", "PaymentDetailsView"): (
        "contex_oscar.payment.oscar_checkout.PaymentDetailsView"
    ),
    # Oscar's HTML checkout asks for a complete address (``shipping.addresses``)
    ("checkout.forms", "ShippingAddressForm"): (
        "contex_oscar.shipping.oscar_checkout.ShippingAddressForm"
    ),
    # every order event Oscar handles (its dashboard's status changes, shipping and payment
    # events) takes the store's route for that rule
    ("order.processing", "EventHandler"): "contex_oscar.order.processing.EventHandler",
    # Oscar's order pages offer the moves the route allows, with labels, and ask what they need
    ("dashboard.orders.forms", "OrderStatusForm"): (
        "contex_oscar.order.dashboard_forms.StatusChangeForm"
    ),
    ("dashboard.orders.views", "OrderDetailView"): (
        "contex_oscar.order.oscar_dashboard.OrderDetailView"
    ),
    ("dashboard.orders.views", "OrderListView"): "contex_oscar.order.oscar_dashboard.OrderListView",
    ("dashboard.orders.forms", "OrderSearchForm"): (
        "contex_oscar.order.dashboard_forms.OrderSearchForm"
    ),
    # every e-mail (the store's and Oscar's own: orders, accounts, alerts) goes through the
    # outbox, written in the transaction of what it announces, delivered after the commit
    ("communication.utils", "Dispatcher"): "contex_oscar.outbox.OutboxDispatcher",
    # staff edit the text being sent (the template file's, until they change it), HTML body
    # optional, the variables and a preview sample of the e-mail's kind (ticket, order, account)
    ("dashboard.communications.forms", "CommunicationEventTypeForm"): (
        "contex_oscar.dashboard.communications_forms.CommunicationEventTypeForm"
    ),
    ("dashboard.communications.views", "UpdateView"): (
        "contex_oscar.dashboard.communications_views.UpdateView"
    ),
    # the store's shipping methods (Jabodetabek, zone rates, quotes, showroom pickup): Oscar's
    # checkout, oscarapi and the store all ask for it, so no site forks Oscar's shipping app
    ("shipping.repository", "Repository"): "contex_oscar.shipping.repository.Repository",
}

#: ``(module label, class name)`` -> a mixin put before Oscar's class (a subclass of both).
MIXED_IN = {
    # Oscar's login form: the API's login limits (per client, per account)
    ("customer.views", "AccountAuthView"): "contex_oscar.accounts.api.throttles.ThrottledLoginForm",
}


_mixed = {}


def _with_mixin(key, loaded):
    """``loaded`` (Oscar's class, or a site's fork of it) with the store's mixin before it."""
    if (key, loaded) not in _mixed:
        mixin = import_string(MIXED_IN[key])
        _mixed[key, loaded] = type(
            loaded.__name__, (mixin, loaded), {"__module__": mixin.__module__}
        )
    return _mixed[key, loaded]


def _replacement(key, loaded):
    if key in REPLACED_CLASSES:
        return import_string(REPLACED_CLASSES[key])
    if key in MIXED_IN:
        return _with_mixin(key, loaded)
    return loaded


def class_loader(module_label, classnames, module_prefix):
    classes = default_class_loader(module_label, classnames, module_prefix)
    if module_prefix != "oscar.apps":
        return classes
    return [
        _replacement((module_label, name), loaded)
        for name, loaded in zip(classnames, classes, strict=True)
    ]
