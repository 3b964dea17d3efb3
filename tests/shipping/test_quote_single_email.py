"""A shipping quote sends the shopper ONE e-mail: new charge, new total and how to pay."""

from decimal import Decimal as D

from django.core import mail

from contex_oscar.order import access, statuses
from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.payment.models import BankAccount
from contex_oscar.shipping import services
from tests.lifecycle.test_tracking_link import links_in, token_of
from tests.shipping.test_quotes import quoted_checkout  # noqa: F401  (fixture)


def mails_about(order):
    return [m for m in mail.outbox if m.to == [order.email]]


def test_bank_transfer_quote_sends_one_email_with_total_and_payment_instructions(
    quoted_checkout,  # noqa: F811
    staff_user,
    django_capture_on_commit_callbacks,
):
    order = quoted_checkout
    BankAccount.objects.create(
        bank_name="BCA", account_number="8880012345", account_holder="PT Contex Indonesia"
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.set_quoted_shipping_cost(order, D("250000"), staff_user)

    sent = mails_about(order)
    assert len(sent) == 1, [m.subject for m in sent]
    body = sent[0].body
    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PAYMENT
    assert "250.000" in body  # the quoted shipping charge
    assert f"{int(order.total_incl_tax):,}".replace(",", ".") in body  # the new total
    assert "8880012345" in body  # where to transfer
    [link] = links_in(body)  # the order's tracking link
    assert access.find_order(None, token=token_of(link)) == order
    # the status change is still on the order's timeline
    assert OrderStatusRecord.objects.filter(
        order=order, new_status=statuses.AWAITING_PAYMENT
    ).exists()
