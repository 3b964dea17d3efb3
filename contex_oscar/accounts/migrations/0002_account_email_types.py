"""The account e-mails as Oscar communication event types, editable in the dashboard.
Empty template fields mean "use the file template" (Indonesian first, then English)."""

from django.db import migrations

EVENT_TYPES = {
    "ACCOUNT_VERIFY_EMAIL": "Account: verify your e-mail address",
    "ACCOUNT_ALREADY_REGISTERED": "Account: sign-up with an address that has an account",
    "ACCOUNT_PASSWORD_RESET": "Account: password reset link",
}


def create(apps, schema_editor):
    EventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in EVENT_TYPES.items():
        EventType.objects.get_or_create(
            code=code, defaults={"name": name, "category": "User related"}
        )


def remove(apps, schema_editor):
    EventType = apps.get_model("communication", "CommunicationEventType")
    EventType.objects.filter(code__in=list(EVENT_TYPES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contex_accounts", "0001_initial"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create, remove)]
