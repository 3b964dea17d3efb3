"""Service ticket statuses and the legal moves between them: one table per flow.

A ticket follows the flow of its kind and channel (``kinds.flow_for``): a unit
brought or sent to the workshop, an on-site visit, a consultation, a trade-in.
``FLOWS[flow][status]`` lists the statuses it may move to; anything absent is
illegal. ``QUOTE_DECISION_NEXT`` says where the shopper's answer to a repair
quote takes the ticket ("work follows the decision"). No models are imported
here so settings and migrations can use it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SUBMITTED = "submitted"
SCHEDULED = "scheduled"
RECEIVED = "received"
DIAGNOSING = "diagnosing"
AWAITING_APPROVAL = "awaiting-approval"
AWAITING_PARTS = "awaiting-parts"
IN_REPAIR = "in-repair"
READY = "ready"
RETURNED = "returned"
CLOSED = "closed"
CANCELLED = "cancelled"
# a dead-on-arrival claim is exchanged (``exchanges``): each move changes the stock
EXCHANGE_RESERVED = "exchange-reserved"
DEFECTIVE_RETURNED = "defective-returned"
REPLACEMENT_SENT = "replacement-sent"
# a claim after the store's year goes to the manufacturer
SENT_TO_MANUFACTURER = "sent-to-manufacturer"
BACK_FROM_MANUFACTURER = "back-from-manufacturer"

# Branches of the workshop flow open only to a ticket whose warranty outcome names them
# (``warranty.Outcome.branch``); a ticket without one never sees their statuses.
EXCHANGE = "exchange"
MANUFACTURER = "manufacturer"


@dataclass(frozen=True)
class TicketStatus:
    code: str
    label: str
    description: str
    final: bool = False
    branch: str = ""


STATUSES = {
    s.code: s
    for s in (
        TicketStatus(
            SUBMITTED,
            pgettext_lazy("ticket status", "Submitted"),
            _("The request has reached the service center."),
        ),
        TicketStatus(
            SCHEDULED,
            pgettext_lazy("ticket status", "Scheduled"),
            _("A visit, pickup or appointment has been scheduled."),
        ),
        TicketStatus(
            RECEIVED,
            pgettext_lazy("ticket status", "Unit received"),
            _("The unit has arrived at the service center."),
        ),
        TicketStatus(
            DIAGNOSING,
            pgettext_lazy("ticket status", "Diagnosing"),
            _("A technician is examining the unit."),
        ),
        TicketStatus(
            AWAITING_APPROVAL,
            pgettext_lazy("ticket status", "Awaiting your approval"),
            _("A repair quote waits for the shopper's approval."),
        ),
        TicketStatus(
            AWAITING_PARTS,
            pgettext_lazy("ticket status", "Awaiting parts"),
            _("Spare parts have been ordered."),
        ),
        TicketStatus(
            IN_REPAIR,
            pgettext_lazy("ticket status", "In repair"),
            _("The technician is working on the unit."),
        ),
        TicketStatus(
            READY,
            pgettext_lazy("ticket status", "Ready"),
            _("The unit is ready to be picked up or sent back."),
        ),
        TicketStatus(
            RETURNED,
            pgettext_lazy("ticket status", "Returned"),
            _("The unit has been handed back or sent to the shopper."),
        ),
        TicketStatus(
            CLOSED,
            pgettext_lazy("ticket status", "Closed"),
            _("The request is complete."),
            final=True,
        ),
        TicketStatus(
            CANCELLED,
            pgettext_lazy("ticket status", "Cancelled"),
            _("The request was cancelled before any work."),
            final=True,
        ),
        TicketStatus(
            EXCHANGE_RESERVED,
            pgettext_lazy("ticket status", "Replacement reserved"),
            _("A new unit has been set aside from stock to replace the defective one."),
            branch=EXCHANGE,
        ),
        TicketStatus(
            DEFECTIVE_RETURNED,
            pgettext_lazy("ticket status", "Defective unit returned"),
            _("The defective unit has been handed back to the store."),
            branch=EXCHANGE,
        ),
        TicketStatus(
            REPLACEMENT_SENT,
            pgettext_lazy("ticket status", "Replacement sent"),
            _("The new unit has been handed over or sent to the shopper."),
            branch=EXCHANGE,
        ),
        TicketStatus(
            SENT_TO_MANUFACTURER,
            pgettext_lazy("ticket status", "Sent to the manufacturer"),
            _("The unit has gone to the manufacturer for the warranty claim."),
            branch=MANUFACTURER,
        ),
        TicketStatus(
            BACK_FROM_MANUFACTURER,
            pgettext_lazy("ticket status", "Back from the manufacturer"),
            _("The unit has come back from the manufacturer."),
            branch=MANUFACTURER,
        ),
    )
}
FINAL_STATUSES = tuple(code for code, s in STATUSES.items() if s.final)

WORKSHOP = "workshop"
ON_SITE = "on-site"
CONSULTATION = "consultation"
TRADE_IN = "trade-in"

# flow -> status -> statuses it may move to. A unit taken in is never
# "cancelled": it ends by being returned (e.g. after a declined quote).
FLOWS = {
    WORKSHOP: {
        SUBMITTED: (SCHEDULED, RECEIVED, CANCELLED),
        SCHEDULED: (RECEIVED, CANCELLED),
        RECEIVED: (DIAGNOSING,),
        DIAGNOSING: (
            AWAITING_APPROVAL,
            AWAITING_PARTS,
            IN_REPAIR,
            READY,
            EXCHANGE_RESERVED,
            SENT_TO_MANUFACTURER,
        ),
        AWAITING_APPROVAL: (IN_REPAIR, READY),
        AWAITING_PARTS: (IN_REPAIR,),
        IN_REPAIR: (AWAITING_PARTS, READY),
        READY: (RETURNED,),
        RETURNED: (CLOSED,),
        CLOSED: (),
        CANCELLED: (),
        # the replacement leaves only once the defective unit is back in the store's hands
        # ...or the reservation is called off (the claim does not qualify after all): the
        # unit goes back to stock and the technician examines the defective one again
        EXCHANGE_RESERVED: (DEFECTIVE_RETURNED, DIAGNOSING),
        DEFECTIVE_RETURNED: (REPLACEMENT_SENT,),
        REPLACEMENT_SENT: (CLOSED,),
        SENT_TO_MANUFACTURER: (BACK_FROM_MANUFACTURER,),
        BACK_FROM_MANUFACTURER: (READY,),
    },
    ON_SITE: {
        SUBMITTED: (SCHEDULED, CANCELLED),
        SCHEDULED: (DIAGNOSING, CANCELLED),
        DIAGNOSING: (AWAITING_APPROVAL, AWAITING_PARTS, IN_REPAIR, CLOSED),
        AWAITING_APPROVAL: (IN_REPAIR, CLOSED),
        AWAITING_PARTS: (IN_REPAIR,),
        IN_REPAIR: (AWAITING_PARTS, CLOSED),
        CLOSED: (),
        CANCELLED: (),
    },
    CONSULTATION: {
        SUBMITTED: (SCHEDULED, CLOSED, CANCELLED),
        SCHEDULED: (CLOSED, CANCELLED),
        CLOSED: (),
        CANCELLED: (),
    },
    # The store appraises the unit; the offer goes to the shopper as a note.
    TRADE_IN: {
        SUBMITTED: (SCHEDULED, RECEIVED, CANCELLED),
        SCHEDULED: (RECEIVED, CANCELLED),
        RECEIVED: (DIAGNOSING,),
        DIAGNOSING: (CLOSED, READY),
        READY: (RETURNED,),
        RETURNED: (CLOSED,),
        CLOSED: (),
        CANCELLED: (),
    },
}

# Statuses of paid work: a ticket the shopper pays for enters them only after the
# shopper approved its quote (``tickets.change_ticket_status`` checks it).
PAID_WORK_STATUSES = (AWAITING_PARTS, IN_REPAIR)

# Where the shopper's answer to a quote takes the ticket.
QUOTE_DECISION_NEXT = {
    WORKSHOP: {"approve": IN_REPAIR, "decline": READY},
    ON_SITE: {"approve": IN_REPAIR, "decline": CLOSED},
}


def label_for(code):
    status = STATUSES.get(code)
    return status.label if status else code


#: Statuses only the exchange functions enter: each move reserves, books or ships stock.
EXCHANGE_STATUSES = tuple(code for code, s in STATUSES.items() if s.branch == EXCHANGE)


def is_exchange_move(current, new):
    """A move only ``exchanges`` makes: into an exchange status, or away from a reserved
    replacement (its unit goes back to stock with it)."""
    return new in EXCHANGE_STATUSES or current == EXCHANGE_RESERVED


def next_statuses(flow, current, branch=""):
    """The moves from ``current``; a branch's statuses only for a ticket on that branch."""
    return tuple(
        code
        for code in FLOWS.get(flow, {}).get(current, ())
        if STATUSES[code].branch in ("", branch)
    )


def is_allowed(flow, old, new, branch=""):
    return new in next_statuses(flow, old, branch)
