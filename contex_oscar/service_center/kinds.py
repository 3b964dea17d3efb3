"""The seven kinds of service request, their channels and the fields each needs: one table.

The API serializer checks ``required_fields(kind, channel)``; the flow a ticket
follows comes from ``flow_for(kind, channel)``. A request handled at the
shopper's premises follows the on-site flow whatever its kind.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from contex_oscar.service_center import statuses

WARRANTY_CLAIM = "warranty-claim"
PAID_REPAIR = "paid-repair"
ON_SITE_VISIT = "on-site-visit"
PICKUP_DELIVERY = "pickup-delivery"
CONSULTATION = "consultation"
MAINTENANCE = "maintenance"
TRADE_IN = "trade-in"

# channels: how the unit (or the shopper) meets the technician
WALK_IN = "walk-in"
SHIP_IN = "ship-in"
PICKUP = "pickup"
ON_SITE = "on-site"
REMOTE = "remote"  # consultation by phone or e-mail

CHANNELS = {
    WALK_IN: _("Walk-in at a service center"),
    SHIP_IN: _("Ship-in by courier"),
    PICKUP: _("Pickup & delivery by the store"),
    ON_SITE: _("On-site visit by a technician"),
    REMOTE: _("By phone or e-mail"),
}

# purchase sources for warranty questions
THIS_STORE = "this-store"
ELSEWHERE = "elsewhere"
ABROAD = "abroad"
PURCHASE_SOURCES = {
    THIS_STORE: _("Bought from this store"),
    ELSEWHERE: _("Bought elsewhere in Indonesia"),
    ABROAD: _("Bought abroad"),
}

CONSULT_BY_VISIT = "visit"
CONSULT_BY_PHONE = "phone"
CONSULT_BY_EMAIL = "email"
CONSULTATION_VIA = {
    CONSULT_BY_VISIT: _("A visit to the service center"),
    CONSULT_BY_PHONE: _("Phone"),
    CONSULT_BY_EMAIL: _("E-mail"),
}

# Field groups a kind may require (the serializer knows how to check each):
#   "unit"        a catalogue product, an order line, or brand + model text
#   "purchase"    where it was bought (+ order number, or purchase date)
#   "address"     where to visit or collect (address and city)
PRODUCT_OR_MODEL = "unit"
PURCHASE = "purchase"
ADDRESS = "address"

# The request fields behind each group, for those who build the form.
GROUP_FIELDS = {PURCHASE: ("purchase",), ADDRESS: ("address", "city")}
UNIT_ALTERNATIVES = (
    ("product",),
    ("purchase", "order_number"),
    ("purchase", "order_token"),
    ("brand", "model_name"),
)
# this store's purchase is found by its order number or by its tracking token
THIS_STORE_ORDER = (("order_number",), ("order_token",))


@dataclass(frozen=True)
class TicketKind:
    code: str
    label: str
    channels: tuple
    required: tuple
    flow: str = statuses.WORKSHOP
    free: bool = False  # no quote, no charge (consultation)
    evaluates_warranty: bool = False


KINDS = {
    k.code: k
    for k in (
        TicketKind(
            WARRANTY_CLAIM,
            _("Warranty claim"),
            channels=(WALK_IN, SHIP_IN, PICKUP, ON_SITE),
            required=(
                PRODUCT_OR_MODEL,
                "serial_number",
                "fault_description",
                PURCHASE,
                "hardware_defect",
                "box_complete",
            ),
            evaluates_warranty=True,
        ),
        TicketKind(
            PAID_REPAIR,
            _("Repair (paid)"),
            channels=(WALK_IN, SHIP_IN, PICKUP, ON_SITE),
            required=(PRODUCT_OR_MODEL, "fault_description"),
        ),
        TicketKind(
            ON_SITE_VISIT,
            _("On-site visit"),
            channels=(ON_SITE,),
            required=(PRODUCT_OR_MODEL, "fault_description"),
            flow=statuses.ON_SITE,
        ),
        TicketKind(
            PICKUP_DELIVERY,
            _("Pickup & delivery"),
            channels=(PICKUP,),
            required=(PRODUCT_OR_MODEL, "fault_description"),
        ),
        TicketKind(
            CONSULTATION,
            _("Consultation (free)"),
            channels=(WALK_IN, REMOTE),
            required=("fault_description", "consultation_via"),
            flow=statuses.CONSULTATION,
            free=True,
        ),
        TicketKind(
            MAINTENANCE,
            _("Maintenance"),
            channels=(WALK_IN, SHIP_IN, PICKUP, ON_SITE),
            required=(PRODUCT_OR_MODEL, "units"),
        ),
        TicketKind(
            TRADE_IN,
            _("Trade-in"),
            channels=(WALK_IN, SHIP_IN, PICKUP),
            required=(PRODUCT_OR_MODEL, "condition"),
            flow=statuses.TRADE_IN,
        ),
    )
}

# What a channel adds to the kind's own fields.
CHANNEL_REQUIRED = {
    WALK_IN: (),
    SHIP_IN: (),
    PICKUP: (ADDRESS, "preferred_date"),
    ON_SITE: (ADDRESS, "visit_window"),
    REMOTE: (),
}


def label_for(code):
    kind = KINDS.get(code)
    return kind.label if kind else code


def required_fields(kind, channel):
    return tuple(KINDS[kind].required) + CHANNEL_REQUIRED.get(channel, ())


def field_names(requirements):
    """The request fields that must be filled for ``requirements`` (the unit aside: it is
    one of ``UNIT_ALTERNATIVES``)."""
    names = []
    for requirement in requirements:
        if requirement != PRODUCT_OR_MODEL:
            names.extend(GROUP_FIELDS.get(requirement, (requirement,)))
    return names


def request_fields(kind):
    """What a request of ``kind`` needs, as request field names: always, one set of, when a
    field has a value, and what each channel adds."""
    required = KINDS[kind].required
    return {
        "required": field_names(required),
        "one_of": [list(names) for names in UNIT_ALTERNATIVES]
        if PRODUCT_OR_MODEL in required
        else [],
        "required_when": [
            {
                "field": "purchase",
                "value": THIS_STORE,
                "one_of": [list(names) for names in THIS_STORE_ORDER],
            }
        ],
        "channels": {
            channel: field_names(CHANNEL_REQUIRED[channel]) for channel in KINDS[kind].channels
        },
    }


def flow_for(kind, channel):
    if channel == ON_SITE:
        return statuses.ON_SITE
    return KINDS[kind].flow


def default_channel(kind):
    return KINDS[kind].channels[0]
