"""The service center's shopper e-mails as Oscar communication event types.

Rows with empty templates fall back to the files in
``templates/oscar/communication/emails/``; staff may edit them in the dashboard.
"""

from django.db import migrations

EMAILS = [
    ("SERVICE_TICKET_CREATED", "Service center: request received"),
    ("SERVICE_TICKET_STATUS", "Service center: ticket status changed"),
    ("SERVICE_QUOTE_SENT", "Service center: repair quote to approve"),
    ("SERVICE_APPOINTMENT_SCHEDULED", "Service center: visit or pickup scheduled"),
]


def create(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in EMAILS:
        CommunicationEventType.objects.get_or_create(
            code=code, defaults={"name": name, "category": "Order related"}
        )


def remove(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    CommunicationEventType.objects.filter(
        code__in=[code for code, _name in EMAILS],
        email_subject_template__isnull=True,
        email_body_template__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contex_service_center", "0001_initial"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create, remove)]
