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
    # the store's shipping methods (Jabodetabek, zone rates, quotes, showroom pickup): Oscar's
    # checkout, oscarapi and the store all ask for it, so no site forks Oscar's shipping app
    ("shipping.repository", "Repository"): "contex_oscar.shipping.repository.Repository",
}


def class_loader(module_label, classnames, module_prefix):
    classes = default_class_loader(module_label, classnames, module_prefix)
    if module_prefix != "oscar.apps":
        return classes
    return [
        import_string(REPLACED_CLASSES[module_label, name])
        if (module_label, name) in REPLACED_CLASSES
        else loaded
        for name, loaded in zip(classnames, classes, strict=True)
    ]
