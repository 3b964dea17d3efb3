"""Warranty outcomes: one rule table and one pure function.

``evaluate_warranty(facts)`` walks ``RULES`` in order; the first rule whose
condition holds gives the outcome, its reason and what the shopper must bring.
The clock starts on the day the shopper *received* the goods (the order's
delivery date), never on the order date.

Choices worth knowing:

- The clock is the store's one rule: the help page renders ``TERMS`` (below) with the
  same settings, so it cannot state another period or another starting day.
- "Within 7 days" counts calendar days after delivery: delivered on the 1st,
  a claim on the 8th is still dead-on-arrival, on the 9th it is not.
- "1 year" ends on the anniversary of delivery, that day included (a unit
  received on 29 February is covered through 28 February of the next year).
- A "lifetime" product is still "sold and produced" until the end of
  production staff record on the product (``production_ended_on``, that day
  included); hiding a product from the catalogue does not end it. The store
  handles claims in year 1, the manufacturer after that.
- Goods bought elsewhere or abroad get no warranty from the store; they are
  serviced for a fee. Except: for the brands staff list (``SupportedBrand``), the
  store helps with a hardware claim under the brand's warranty for a unit bought
  from another seller in Indonesia (not abroad).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contex_oscar.conf import contex_settings
from contex_oscar.service_center import statuses
from contex_oscar.service_center.kinds import ABROAD, ELSEWHERE, THIS_STORE

STANDARD = "standard"
LIFETIME = "lifetime"
NONE = "none"
WARRANTY_TYPES = {
    STANDARD: _("Standard warranty (spare parts and service free for the warranty period)"),
    LIFETIME: _("Lifetime warranty (while the model is sold and produced)"),
    NONE: _("No warranty"),
}

DOA_EXCHANGE = "doa-exchange"
IN_WARRANTY = "in-warranty"
MANUFACTURER_WARRANTY = "manufacturer-warranty"
OUT_OF_WARRANTY = "out-of-warranty"
NON_WARRANTY = "non-warranty"
BRAND_SUPPORTED = "brand-supported"


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str
    free_of_charge: bool
    handled_by: str  # "store" or "manufacturer"
    branch: str = ""  # the branch of the workshop flow it opens (``statuses.EXCHANGE``…)


OUTCOMES = {
    o.code: o
    for o in (
        Outcome(
            DOA_EXCHANGE,
            _("Exchange for a new unit (dead on arrival)"),
            True,
            "store",
            branch=statuses.EXCHANGE,
        ),
        Outcome(IN_WARRANTY, _("Repair under the store's warranty"), True, "store"),
        Outcome(
            MANUFACTURER_WARRANTY,
            _("Claim under the manufacturer's warranty"),
            True,
            "manufacturer",
            branch=statuses.MANUFACTURER,
        ),
        # the brand decides whether its warranty covers the unit: nothing free is promised
        Outcome(
            BRAND_SUPPORTED,
            _("Claim under the brand's warranty, with the store's help"),
            False,
            "manufacturer",
            branch=statuses.MANUFACTURER,  # forwarded to the brand, as a manufacturer claim
        ),
        Outcome(OUT_OF_WARRANTY, _("Warranty has ended: paid service"), False, "store"),
        Outcome(NON_WARRANTY, _("Not covered by a store warranty: paid service"), False, "store"),
    )
}

# What the shopper brings (or ships in).
UNIT = "unit"
BOX_AND_ACCESSORIES = "box-and-accessories"
PROOF = "proof-of-purchase"
BRAND_PROOF = "brand-proof-of-purchase"
FAULT_DESCRIPTION = "fault-description"
BRING_ITEMS = {
    UNIT: _("The unit itself"),
    BOX_AND_ACCESSORIES: _("The original box with all accessories"),
    PROOF: _("The warranty sticker or card, or the store's invoice"),
    BRAND_PROOF: _("The brand's warranty card and the seller's invoice"),
    FAULT_DESCRIPTION: _("A written description of the fault"),
}


@dataclass(frozen=True)
class WarrantyFacts:
    """What the evaluation needs; built by ``services`` from an order or the shopper's answers."""

    purchase: str  # kinds.THIS_STORE / ELSEWHERE / ABROAD
    warranty_type: str  # STANDARD / LIFETIME / NONE
    hardware_defect: bool
    box_complete: bool
    today: datetime.date
    received_on: datetime.date | None = None  # delivery date of this store's order
    production_ended_on: datetime.date | None = None  # None: the model is still produced
    brand_supported: bool = False  # the unit's brand is one the store helps claim for

    @property
    def model_in_production(self):
        """Lifetime products: still sold and produced today (the last day included)."""
        return self.production_ended_on is None or self.today <= self.production_ended_on


def anniversary(day, years):
    """``day`` moved ``years`` years on; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class _Clock:
    """Dates derived from the delivery date (None for goods bought elsewhere)."""

    today: datetime.date
    days_since_receipt: int | None = None
    doa_until: datetime.date | None = None
    store_warranty_until: datetime.date | None = None

    @property
    def within_doa(self):
        return self.doa_until is not None and self.today <= self.doa_until

    @property
    def within_first_year(self):
        return self.store_warranty_until is not None and self.today <= self.store_warranty_until


def _clock(facts):
    if facts.received_on is None:
        return _Clock(today=facts.today)
    return _Clock(
        today=facts.today,
        days_since_receipt=max((facts.today - facts.received_on).days, 0),
        doa_until=facts.received_on
        + datetime.timedelta(days=contex_settings.CONTEX_SERVICE_DOA_DAYS),
        store_warranty_until=anniversary(
            facts.received_on, contex_settings.CONTEX_SERVICE_WARRANTY_YEARS
        ),
    )


@dataclass(frozen=True)
class Rule:
    reason: str  # stable code
    outcome: str
    message: str
    bring: tuple
    applies: object  # (facts, clock) -> bool


# Read top to bottom: the first rule that applies decides.
RULES = (
    Rule(
        "bought-abroad",
        NON_WARRANTY,
        _("Bought abroad: the store gives no warranty, but services the unit for a fee."),
        (UNIT, FAULT_DESCRIPTION),
        lambda f, c: f.purchase == ABROAD,
    ),
    Rule(
        "brand-supported",
        BRAND_SUPPORTED,
        _(
            "Bought from another seller, but the store helps with warranty claims for this "
            "brand: it forwards a hardware defect under the brand's warranty; the brand "
            "decides whether the repair is free."
        ),
        (UNIT, BRAND_PROOF, FAULT_DESCRIPTION),
        lambda f, c: f.purchase == ELSEWHERE and f.brand_supported and f.hardware_defect,
    ),
    Rule(
        "bought-elsewhere",
        NON_WARRANTY,
        _("Bought from another seller: the store gives no warranty, but services it for a fee."),
        (UNIT, FAULT_DESCRIPTION),
        lambda f, c: f.purchase == ELSEWHERE,
    ),
    Rule(
        "no-warranty",
        NON_WARRANTY,
        _("This product carries no warranty; service is charged."),
        (UNIT, PROOF, FAULT_DESCRIPTION),
        lambda f, c: f.warranty_type not in (STANDARD, LIFETIME),
    ),
    Rule(
        "not-a-hardware-defect",
        NON_WARRANTY,
        _(
            "The warranty covers hardware defects only; other faults (damage, misuse, "
            "set-up) are serviced for a fee. Consultation is free."
        ),
        (UNIT, PROOF, FAULT_DESCRIPTION),
        lambda f, c: not f.hardware_defect,
    ),
    Rule(
        "dead-on-arrival",
        DOA_EXCHANGE,
        _(
            "A hardware defect within %(doa_days)d days of receiving the unit, with the box "
            "and accessories complete: the unit is exchanged for a new one."
        ),
        (UNIT, BOX_AND_ACCESSORIES, PROOF, FAULT_DESCRIPTION),
        lambda f, c: c.within_doa and f.box_complete,
    ),
    Rule(
        "doa-box-incomplete",
        IN_WARRANTY,
        _(
            "A defect within %(doa_days)d days, but the box or accessories are incomplete: "
            "the unit is repaired free of charge instead of exchanged."
        ),
        (UNIT, PROOF, FAULT_DESCRIPTION),
        lambda f, c: c.within_doa,
    ),
    Rule(
        "within-first-year",
        IN_WARRANTY,
        _("Within the store's warranty (%(period)s): spare parts and service are free."),
        (UNIT, PROOF, FAULT_DESCRIPTION),
        lambda f, c: c.within_first_year,
    ),
    Rule(
        "lifetime-manufacturer",
        MANUFACTURER_WARRANTY,
        _(
            "Lifetime warranty after the store's %(period)s: the claim goes to the "
            "manufacturer while the model is still sold and produced; the store forwards it."
        ),
        (UNIT, PROOF, FAULT_DESCRIPTION),
        lambda f, c: f.warranty_type == LIFETIME and f.model_in_production,
    ),
    Rule(
        "lifetime-model-discontinued",
        OUT_OF_WARRANTY,
        _(
            "Lifetime warranty lasts while the model is sold and produced; this model is "
            "not any more, so service is charged."
        ),
        (UNIT, FAULT_DESCRIPTION),
        lambda f, c: f.warranty_type == LIFETIME,
    ),
    Rule(
        "warranty-expired",
        OUT_OF_WARRANTY,
        _("The %(period)s warranty has ended; service and parts are charged."),
        (UNIT, FAULT_DESCRIPTION),
        lambda f, c: True,
    ),
)


@dataclass(frozen=True)
class WarrantyResult:
    outcome: Outcome
    reason: str
    message: str
    bring: tuple
    days_since_receipt: int | None = None
    doa_until: datetime.date | None = None
    store_warranty_until: datetime.date | None = None
    extra: dict = field(default_factory=dict)

    @property
    def code(self):
        return self.outcome.code


def evaluate_warranty(facts):
    """The outcome for ``facts`` (a ``WarrantyFacts``): pure, no database, no clock."""
    if facts.purchase not in (THIS_STORE, ELSEWHERE, ABROAD):
        raise ValueError(f"unknown purchase source {facts.purchase!r}")
    if facts.purchase == THIS_STORE and facts.received_on is None:
        raise ValueError("a purchase from this store needs its delivery date")
    clock = _clock(facts)
    for rule in RULES:
        if rule.applies(facts, clock):
            return WarrantyResult(
                outcome=OUTCOMES[rule.outcome],
                reason=rule.reason,
                message=rule_message(rule),
                bring=rule.bring,
                days_since_receipt=clock.days_since_receipt,
                doa_until=clock.doa_until,
                store_warranty_until=clock.store_warranty_until,
            )
    raise AssertionError("the last rule always applies")  # pragma: no cover


def periods():
    """The store's periods as the texts quote them (settings, never written in a text)."""
    years = contex_settings.CONTEX_SERVICE_WARRANTY_YEARS
    return {
        "doa_days": contex_settings.CONTEX_SERVICE_DOA_DAYS,
        "period": ngettext("%(count)d year", "%(count)d years", years) % {"count": years},
        "free_return_days": contex_settings.CONTEX_SERVICE_FREE_RETURN_WORKING_DAYS,
    }


def rule_message(rule):
    """The rule's message with the store's periods."""
    return str(rule.message) % periods()


def branch_for(outcome_code):
    """The flow branch a ticket with this warranty outcome may take ("" for none)."""
    outcome = OUTCOMES.get(outcome_code)
    return outcome.branch if outcome else ""


def reason_message(reason):
    for rule in RULES:
        if rule.reason == reason:
            return rule_message(rule)
    return ""


# The terms as the help page states them (``cms.blocks.WarrantyTermsBlock`` renders this
# table live): the same periods and the same clock, from receiving the unit, as ``RULES``.
TERMS = (
    (
        "dead-on-arrival",
        _("Dead on arrival"),
        _(
            "A hardware defect claimed within %(doa_days)d days of receiving the unit, with "
            "the box and accessories complete: exchanged for a new unit."
        ),
    ),
    (
        STANDARD,
        _("Standard warranty"),
        _("Spare parts and service free for %(period)s from receiving the unit."),
    ),
    (
        LIFETIME,
        _("Lifetime warranty products"),
        _(
            "While the model is still sold and produced. The first %(period)s is handled by "
            "the store, later claims by the manufacturer."
        ),
    ),
    (
        "bought-elsewhere",
        _("Bought elsewhere or abroad"),
        _("No store warranty, but the store services the unit for a fee."),
    ),
    (
        BRAND_SUPPORTED,
        _("Brands the store supports"),
        _(
            "Bought from another seller in Indonesia: for %(brands)s the store helps with a "
            "hardware defect claim under the brand's warranty."
        ),
    ),
    (
        "ship-in",
        _("Claims from outside Jakarta"),
        _(
            "Ship the unit with the warranty card, the invoice and a description of the "
            "fault. The store pays the return shipping when the claim is made within "
            "%(free_return_days)d working days of receiving the unit."
        ),
    ),
)


def warranty_terms(brands=()):
    """``TERMS`` in the active language with the store's periods: ``[{code, case, text}]``.

    ``brands``: the names of the supported brands (``brands.supported_brand_names``); the
    brand-supported term is left out while there is none."""
    figures = {**periods(), "brands": ", ".join(brands)}
    return [
        {"code": code, "case": str(case), "text": str(text) % figures}
        for code, case, text in TERMS
        if code != BRAND_SUPPORTED or brands
    ]


def bring_items(codes):
    return [{"code": code, "label": str(BRING_ITEMS[code])} for code in codes]
