"""The payment SourceTypes, PaymentEventTypes and e-mail event types the store uses.

The e-mail types are created with empty templates so Oscar falls back to the
package's template files until staff edit them in the dashboard.
"""

from django.db import migrations

SOURCE_TYPES = [("bank-transfer", "Bank transfer"), ("cod", "COD"), ("o2o", "O2O")]
EVENT_TYPES = [("paid", "Paid"), ("refund", "Refund")]
EMAILS = [
    ("PAYMENT_ORDER_PLACED", "Order placed, with payment instructions"),
    ("PAYMENT_CONFIRMATION_RECEIVED", "Payment confirmation received"),
    ("PAYMENT_VERIFIED", "Payment verified"),
    ("PAYMENT_REJECTED", "Payment confirmation rejected"),
    ("PAYMENT_EXPIRED", "Order cancelled: not paid in time"),
    ("PAYMENT_REMINDER", "Payment reminder before the deadline"),
]


def create(apps, schema_editor):
    SourceType = apps.get_model("payment", "SourceType")
    PaymentEventType = apps.get_model("order", "PaymentEventType")
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in SOURCE_TYPES:
        if not SourceType.objects.filter(code=code).exists():
            SourceType.objects.create(code=code, name=name)
    for code, name in EVENT_TYPES:
        if not PaymentEventType.objects.filter(code=code).exists():
            if not PaymentEventType.objects.filter(name=name).exists():
                PaymentEventType.objects.create(code=code, name=name)
    for code, name in EMAILS:
        if not CommunicationEventType.objects.filter(code=code).exists():
            CommunicationEventType.objects.create(code=code, name=name, category="Order related")


def remove_emails(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    CommunicationEventType.objects.filter(
        code__in=[code for code, _name in EMAILS],
        email_subject_template="",
        email_body_template="",
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contex_payment", "0002_orders_and_confirmations"),
        ("payment", "0005_auto_20200801_0817"),
        ("communication", "0004_auto_20200801_0817"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
    ]

    operations = [migrations.RunPython(create, remove_emails)]
