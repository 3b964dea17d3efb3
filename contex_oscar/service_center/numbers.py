"""Ticket numbers: ``SC-7KQ4-M2XD``.

Eight characters drawn with ``secrets`` from 31 letters and digits that cannot
be mistaken for each other over the phone (no 0/O, 1/I/L): about 8.5×10¹¹
numbers, so they cannot be guessed from one another. Uniqueness is the
database's job (a unique index); ``services`` retries on the rare clash.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PREFIX = "SC"
GROUP = 4
GROUPS = 2
_CLEAN = re.compile(r"[^0-9A-Z]")


def new_ticket_number():
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUP * GROUPS))
    groups = [chars[i : i + GROUP] for i in range(0, len(chars), GROUP)]
    return "-".join([PREFIX, *groups])


def normalize_ticket_number(value):
    """The canonical form of what a shopper typed (spaces, dashes, case ignored), or ""."""
    if not isinstance(value, str):
        return ""
    cleaned = _CLEAN.sub("", value.upper())
    if cleaned.startswith(PREFIX):
        cleaned = cleaned[len(PREFIX) :]
    if len(cleaned) != GROUP * GROUPS or any(c not in ALPHABET for c in cleaned):
        return ""
    groups = [cleaned[i : i + GROUP] for i in range(0, len(cleaned), GROUP)]
    return "-".join([PREFIX, *groups])
