"""The store's bank accounts as shoppers see them: every bank-transfer order shows them.

Read once and cached until staff change an account (the app connects ``forget``).
"""

from contex_oscar.caching import CachedRows
from contex_oscar.payment.models import BankAccount

#: The active accounts in display order (``.get()``).
active_accounts = CachedRows("contex:bank-accounts", BankAccount.objects.active)
