"""Refusals of the service center (``StoreError`` subclasses)."""

from django.utils.translation import gettext_lazy as _

from contex_oscar.errors import StoreError
from contex_oscar.service_center import statuses


class ServiceCenterError(StoreError):
    """A refused service-center request; ``field`` names the input that is wrong."""

    def __init__(self, code, message, field=None, status=400):
        self.field = field
        errors = {field: [str(message)]} if field else None
        super().__init__(code, message, status, errors)


class OpenClaimExists(ServiceCenterError):
    """A unit has one open warranty claim at a time: the answer names that ticket."""

    def __init__(self, open_ticket_number):
        super().__init__(
            "warranty_claim_open",
            _(
                "This unit already has an open warranty claim: %(number)s. Follow that ticket "
                "(or reply to its e-mail) instead of opening another."
            )
            % {"number": open_ticket_number},
            status=409,
        )
        self.errors = {"open_ticket": [open_ticket_number]}


class IllegalTicketTransition(ServiceCenterError):
    def __init__(self, ticket, old, new):
        super().__init__(
            "illegal_status_transition",
            _("A ticket cannot move from %(old)s to %(new)s.")
            % {"old": statuses.label_for(old), "new": statuses.label_for(new)},
            field="status",
            status=409,
        )
