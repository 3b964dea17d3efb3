"""A basket must stay small enough to become an order (Oscar's 12-digit order columns)."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from contex_oscar.money import largest_order_amount
from tests.checkout.conftest import checkout, fill_basket, set_stock

StockRecord = get_model("partner", "StockRecord")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

#: Two units fit exactly one cent under the limit; a third does not.
HALF_LIMIT = Decimal("4999999999.99")


@pytest.fixture
def dear(product):
    """A product at half the order limit, with stock to spare."""
    set_stock(product, 100)
    StockRecord.objects.filter(product=product).update(price=HALF_LIMIT)
    return product


def add(client, product, quantity):
    return client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": quantity},
        format="json",
    )


def test_the_limit_is_what_the_order_columns_hold():
    assert largest_order_amount() == Decimal("9999999999.99")


def test_a_basket_up_to_the_limit_is_accepted(api_client, dear):
    response = add(api_client, dear, 2)

    assert response.status_code == 200, response.content
    assert response.json()["total_incl_tax"] == "9999999999.98"


def test_adding_past_the_limit_is_refused_and_the_basket_is_unchanged(api_client, dear):
    assert add(api_client, dear, 2).status_code == 200

    response = add(api_client, dear, 1)

    assert response.status_code == 406
    assert response.json()["code"] == "basket_total_too_large"
    assert Basket.objects.get().lines.get().quantity == 2


def test_raising_a_line_past_the_limit_is_refused(api_client, dear):
    basket_url = fill_basket(api_client, (dear, 1))
    line = api_client.get(api_client.get(basket_url).json()["lines"]).json()[0]

    response = api_client.patch(line["url"], {"quantity": 3}, format="json")

    assert response.status_code == 400, response.content
    assert "basket_total_too_large" in str(response.json())
    assert Basket.objects.get().lines.get().quantity == 1


def test_a_basket_priced_past_the_limit_after_adding_still_shows(api_client, dear):
    basket_url = fill_basket(api_client, (dear, 2))
    StockRecord.objects.filter(product=dear).update(price=HALF_LIMIT * 2)

    response = api_client.get(basket_url)

    assert response.status_code == 200
    assert Decimal(response.json()["total_incl_tax"]) == HALF_LIMIT * 4


def test_a_checkout_whose_amount_due_passes_the_limit_is_refused(api_client, dear):
    basket_url = fill_basket(api_client, (dear, 2))  # 9,999,999,999.98 before shipping and code

    response = checkout(api_client, basket_url)

    assert response.status_code == 406, response.content
    assert response.json()["code"] == "order_total_too_large"
    assert response.json()["errors"]["total"]
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "total, code_used, fits",
    [
        (Decimal("9999999000.99"), True, True),  # + the highest code (999): exactly the limit
        (Decimal("9999999001.00"), True, False),
        (Decimal("9999999999.99"), False, True),  # no code: the total itself
    ],
)
def test_the_amount_due_counts_the_highest_unique_code(settings, total, code_used, fits):
    from contex_oscar.order.limits import AmountTooLarge, check_amount
    from contex_oscar.payment.methods import get_method
    from contex_oscar.payment.services import largest_amount_due

    settings.CONTEX_UNIQUE_CODE_RANGE = (1, 999)
    settings.CONTEX_BANK_TRANSFER_UNIQUE_CODE = code_used
    amount = largest_amount_due(total, get_method("bank-transfer"))
    if fits:
        check_amount(amount)
    else:
        with pytest.raises(AmountTooLarge):
            check_amount(amount)
