"""The database refuses a stock record with more units allocated than in stock.

Oscar's ``StockRecord.allocate()`` adds to ``num_allocated`` without checking
what is left, so two checkouts can both take the last scanner. Checkout re-checks
availability under row locks; this constraint is the last line of defence: an
allocation beyond ``num_in_stock`` fails with an ``IntegrityError`` instead of
overselling. Oscar allocates only for products whose class tracks stock, and a
record without a stock figure (``NULL``) is not constrained.

- PostgreSQL: a ``CHECK`` constraint on Oscar's stock record table.
- SQLite (the embedded development database): two triggers doing the same check.
  SQLite drops triggers when Django rebuilds a table, so a later migration that
  alters ``partner.StockRecord`` on SQLite removes them (PostgreSQL keeps its
  constraint); re-apply this one after such a migration
  (``migrate contex 0001`` then ``migrate contex``).
- Other databases: not added.

Adding the constraint fails if a stock record is already over-allocated: fix its
stock or cancel the allocations first.
"""

from django.db import migrations

NAME = "contex_stock_allocated_within_stock"
RULE = (
    "{new}num_allocated IS NULL OR {new}num_in_stock IS NULL"
    " OR {new}num_allocated <= {new}num_in_stock"
)


def _table(apps, schema_editor):
    model = apps.get_model("partner", "StockRecord")
    return schema_editor.quote_name(model._meta.db_table)


def add(apps, schema_editor):
    table = _table(apps, schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {NAME} CHECK ({RULE.format(new='')})"
        )
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(
                f"CREATE TRIGGER {NAME}_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN NOT ({RULE.format(new='NEW.')}) "
                f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {NAME}'); END"
            )


def remove(apps, schema_editor):
    table = _table(apps, schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {NAME}")
    elif vendor == "sqlite":
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("contex", "0001_initial"),
        ("partner", "0007_partneraddress_code"),
    ]

    operations = [migrations.RunPython(add, remove, elidable=False)]
