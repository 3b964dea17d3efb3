"""The service desk's ticket list, for the dashboard and the staff API alike."""

from django.contrib.auth import get_user_model

from contex_oscar.service_center import statuses
from contex_oscar.service_center.models import ServiceTicket

#: ``status`` filter value for every ticket not closed yet
OPEN = "open"


def desk_tickets(q="", kind="", status="", technician=None, overdue=False):
    """Tickets newest first, filtered as staff ask: text (``ServiceTicketQuerySet.search``),
    kind, status (or ``OPEN``), technician, past their due date."""
    queryset = ServiceTicket.objects.select_related(
        "product", "product__parent", "technician", "appointment"
    ).order_by("-created_at", "-id")
    queryset = queryset.search(q)  # number, name, e-mail, serial numbers, order number
    if kind:
        queryset = queryset.filter(kind=kind)
    if status == OPEN:
        queryset = queryset.exclude(status__in=statuses.FINAL_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if technician:
        queryset = queryset.filter(technician=technician)
    if overdue:
        queryset = queryset.overdue()
    return queryset


def staff_members():
    """Who may be a ticket's technician: active staff."""
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("email")
