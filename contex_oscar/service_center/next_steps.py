"""What the shopper does, or waits for, next: one table per kind of ticket.

A kind of ticket is its flow and its channel (``kinds.flow_for``): a unit brought in,
sent in or collected, a visit, a consultation at the service center or by phone or
e-mail, a trade-in. ``NEXT_STEPS[(flow, channel)][status]`` holds the sentence for every
status of that flow, so a tracking page never shows an empty next step.
"""

from django.utils.translation import gettext_lazy as _

from contex_oscar.service_center import kinds, statuses

_ENDED = {
    statuses.CLOSED: _("Nothing more to do: the request is complete."),
    statuses.CANCELLED: _("Nothing more to do: the request was cancelled."),
}

# a unit at the workshop, whichever way it came in
_AT_THE_WORKSHOP = {
    statuses.RECEIVED: _("The unit has arrived; a technician will examine it."),
    statuses.DIAGNOSING: _("Wait for the diagnosis: a quote follows if the repair is paid."),
    statuses.AWAITING_APPROVAL: _("Approve or decline the repair quote."),
    statuses.AWAITING_PARTS: _("Wait for the spare parts; the repair continues when they arrive."),
    statuses.IN_REPAIR: _("Wait for the repair to be finished."),
    statuses.RETURNED: _("Check the unit; contact us within a few days if anything is wrong."),
    # a dead-on-arrival exchange, and a claim the manufacturer handles
    statuses.EXCHANGE_RESERVED: _(
        "Hand the defective unit back with its box and accessories to receive the new one."
    ),
    statuses.DEFECTIVE_RETURNED: _(
        "The defective unit is back with us; the replacement is sent to you next."
    ),
    statuses.REPLACEMENT_SENT: _("The replacement is on its way; watch for the courier."),
    statuses.SENT_TO_MANUFACTURER: _(
        "The manufacturer is handling the claim; we will write when the unit is back."
    ),
    statuses.BACK_FROM_MANUFACTURER: _(
        "The unit is back from the manufacturer; we check it before it is ready for you."
    ),
    **_ENDED,
}
_READY_TO_COLLECT = _("The unit is ready: pick it up at the service center during office hours.")
_READY_TO_SEND = _("The unit is ready and will be sent back to you; watch for the courier.")

_WORKSHOP_BY_CHANNEL = {
    kinds.WALK_IN: {
        statuses.SUBMITTED: _(
            "Bring the unit to the service center during office hours, with the items listed."
        ),
        statuses.SCHEDULED: _("Bring the unit to the service center at the agreed time."),
        statuses.READY: _READY_TO_COLLECT,
    },
    kinds.SHIP_IN: {
        statuses.SUBMITTED: _("Send the unit to the service center with the items listed."),
        statuses.SCHEDULED: _("Send the unit to the service center on the agreed date."),
        statuses.READY: _READY_TO_SEND,
    },
    kinds.PICKUP: {
        statuses.SUBMITTED: _("Wait for the store to confirm the pickup date and time."),
        statuses.SCHEDULED: _(
            "Have the unit packed and ready for the pickup at the scheduled time."
        ),
        statuses.READY: _READY_TO_SEND,
    },
}

NEXT_STEPS = {
    **{
        (statuses.WORKSHOP, channel): {**_AT_THE_WORKSHOP, **steps}
        for channel, steps in _WORKSHOP_BY_CHANNEL.items()
    },
    **{
        (statuses.TRADE_IN, channel): {
            status: step
            for status, step in {
                **_AT_THE_WORKSHOP,
                **steps,
                statuses.DIAGNOSING: _("The store is appraising the unit; its offer follows."),
            }.items()
            if status in statuses.FLOWS[statuses.TRADE_IN]
        }
        for channel, steps in _WORKSHOP_BY_CHANNEL.items()
    },
    (statuses.ON_SITE, kinds.ON_SITE): {
        statuses.SUBMITTED: _("Wait for the store to confirm the date and time of the visit."),
        statuses.SCHEDULED: _("Be at the address with the unit at the scheduled time."),
        statuses.DIAGNOSING: _("The technician is examining the unit on site."),
        statuses.AWAITING_APPROVAL: _AT_THE_WORKSHOP[statuses.AWAITING_APPROVAL],
        statuses.AWAITING_PARTS: _(
            "Wait for the spare parts; the technician comes back with them."
        ),
        statuses.IN_REPAIR: _("The technician is repairing the unit on site."),
        **_ENDED,
    },
    (statuses.CONSULTATION, kinds.WALK_IN): {
        statuses.SUBMITTED: _("Wait for the store to confirm the time of your consultation."),
        statuses.SCHEDULED: _("Come to the service center at the scheduled time."),
        **_ENDED,
    },
    (statuses.CONSULTATION, kinds.REMOTE): {
        statuses.SUBMITTED: _("A technician will answer by phone or e-mail, as you chose."),
        statuses.SCHEDULED: _("Expect the technician's call or e-mail at the scheduled time."),
        **_ENDED,
    },
}


def next_step(ticket):
    return NEXT_STEPS.get((ticket.flow, ticket.channel), {}).get(ticket.status, "")
