"""The stable topics of the store's help pages: one table.

A front end finds "the payment page" by its topic, whatever the editors named its
slug and in whichever language it is written (``/api/cms/v2/pages/find/?topic=payment``).
"""

from django.utils.translation import gettext_lazy as _

SERVICE_CENTER = "service-center"
WARRANTY = "warranty"
HOW_TO_SHOP = "how-to-shop"
PAYMENT = "payment"
SHIPPING = "shipping"
PRICE_POLICY = "price-policy"
ORDER_STATUS = "order-status"
FAQ = "faq"
CONTACT = "contact"
TERMS = "terms"

TOPICS = {
    SERVICE_CENTER: _("Service center"),
    WARRANTY: _("Warranty"),
    HOW_TO_SHOP: _("How to shop"),
    PAYMENT: _("Payment methods"),
    SHIPPING: _("Shipping times and costs"),
    PRICE_POLICY: _("Price policy"),
    ORDER_STATUS: _("Order status"),
    FAQ: _("Frequently asked questions"),
    CONTACT: _("Contact"),
    TERMS: _("Terms and conditions"),
}

CHOICES = list(TOPICS.items())
