"""The amount due is held instead of the code (0004): the code column's index goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contex_payment", "0004_open_amount_due")]

    operations = [migrations.RemoveField(model_name="orderpayment", name="open_unique_code")]
