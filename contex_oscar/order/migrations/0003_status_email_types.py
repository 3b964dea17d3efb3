"""The order lifecycle's e-mails as Oscar communication event types, so staff can edit
them in the dashboard (Content -> Communications). Empty template fields mean "use the
file template" (Indonesian first, then English)."""

from django.db import migrations

EVENT_TYPES = {
    "ORDER_STATUS_ON_HOLD": "Order status: on hold",
    "ORDER_STATUS_AWAITING_PAYMENT": "Order status: awaiting payment",
    "ORDER_STATUS_PAYMENT_RECEIVED": "Order status: payment received",
    "ORDER_STATUS_PROCESSING": "Order status: processing",
    "ORDER_STATUS_IN_SHIPMENT": "Order status: in shipment (courier, tracking number)",
    "ORDER_STATUS_DELIVERED": "Order status: delivered",
    "ORDER_STATUS_CANCELLED": "Order status: cancelled",
    "ORDER_STATUS_OUT_OF_STOCK": "Order status: insufficient stock (wait or cancel)",
    "ORDER_STATUS_PAYMENT_DECLINED": "Order status: payment authorization declined",
    "ORDER_PRICE_CORRECTED": "Order price corrected (lower price charged)",
}


def create(apps, schema_editor):
    EventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in EVENT_TYPES.items():
        EventType.objects.get_or_create(
            code=code, defaults={"name": name, "category": "Order related"}
        )


def remove(apps, schema_editor):
    EventType = apps.get_model("communication", "CommunicationEventType")
    EventType.objects.filter(code__in=list(EVENT_TYPES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contex_order", "0002_orderdelivery_ordershipment_pricecorrection"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create, remove)]
