"""Demo bank accounts for transfers (``contex_setup --demo``; fictitious numbers).

A real store enters its own at *Dashboard → Store → Bank accounts*.
"""

from contex_oscar.payment.models import BankAccount

# (bank, branch, account number, holder) — fictitious numbers.
ACCOUNTS = [
    ("BCA", "KCU Mangga Dua", "0000-111-222", "PT Contex Indonesia Demo"),
    ("Mandiri", "Jakarta Kota", "0000-333-444-5", "PT Contex Indonesia Demo"),
    ("BNI", "Jakarta Pusat", "0000-555-666", "PT Contex Indonesia Demo"),
]


def load(stdout):
    for order, (bank, branch, number, holder) in enumerate(ACCOUNTS, start=1):
        BankAccount.objects.get_or_create(
            bank_name=bank,
            account_number=number,
            defaults={"branch": branch, "account_holder": holder, "display_order": order},
        )
    stdout.write(f"  payment: {len(ACCOUNTS)} bank accounts for transfers")
