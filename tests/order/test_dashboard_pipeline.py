"""Oscar's own dashboard offers only the moves the store's route allows now."""

from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.order.statuses import PAYMENT_RECEIVED, TRANSITIONS


def _offered_statuses(client, order):
    response = client.get(f"/dashboard/orders/{order.number}/")
    assert response.status_code == 200
    form = response.context["order_status_form"]
    return {value for value, _label in form.fields["new_status"].choices if value}


def test_dashboard_offers_only_legal_moves(client, staff_user, order):
    client.force_login(staff_user)
    # the table, less payment-received: that follows a recorded payment only
    assert _offered_statuses(client, order) == set(TRANSITIONS["awaiting-payment"]) - {
        PAYMENT_RECEIVED
    }


def test_dashboard_status_change_is_recorded_with_the_staff_member(client, staff_user, order):
    client.force_login(staff_user)
    client.post(
        f"/dashboard/orders/{order.number}/",
        {"order_action": "change_order_status", "new_status": "on-hold"},
    )
    order.refresh_from_db()
    assert order.status == "on-hold"
    record = OrderStatusRecord.objects.get(order=order)
    assert record.changed_by == staff_user
