"""An open bank-transfer order's amount due is unique, not its code (issue 13, defect 6).

``open_unique_code`` (unique among open orders) becomes ``open_amount_due`` (total +
code, unique among open orders). An open order keeps its code; two open orders whose
amounts would collide (possible only across different totals) get the first free code.
"""

from django.conf import settings
from django.db import migrations, models


def amounts_from_codes(apps, schema_editor):
    OrderPayment = apps.get_model("contex_payment", "OrderPayment")
    low, high = getattr(settings, "CONTEX_UNIQUE_CODE_RANGE", (1, 999))
    held = set()
    payments = OrderPayment.objects.filter(open_unique_code__isnull=False).select_related("order")
    for payment in payments.order_by("pk"):
        order = payment.order
        total = order.total_incl_tax if order.total_incl_tax is not None else order.total_excl_tax
        codes = [payment.unique_code] + [c for c in range(low, high + 1) if c != payment.unique_code]
        code = next((c for c in codes if total + c not in held), None)
        if code is None:
            continue  # nothing free: the order stays without a held amount
        payment.unique_code, payment.open_amount_due = code, total + code
        held.add(payment.open_amount_due)
        payment.save(update_fields=["unique_code", "open_amount_due"])


class Migration(migrations.Migration):
    dependencies = [("contex_payment", "0003_payment_types_and_emails")]

    operations = [
        migrations.AddField(
            model_name="orderpayment",
            name="open_amount_due",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, unique=True
            ),
        ),
        migrations.RunPython(amounts_from_codes, migrations.RunPython.noop),
    ]
