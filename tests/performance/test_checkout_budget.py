"""Query budget of the checkout (issue 8): a fixed number, the same for 1 and 20 lines."""

import pytest

from tests.checkout.conftest import checkout_payload
from tests.performance.conftest import guest_with_basket

pytestmark = pytest.mark.django_db

# 41: the delivery estimate given at checkout is kept on the order (one INSERT, issue 16 item 9);
# +4 for the invoice number (issue 16 item 7): the year's counter locked, updated, the invoice row;
# +2 for the terms accepted (issue 16 item 1): the live terms page read, the acceptance row;
# +2 for the order number (issue 16 item 11): the day's counter locked, updated;
# -8 (issue 19): the live terms pages and the bank accounts cached (-3), the zone looked up
# once per checkout (-2), no look-up of the drawn order number (-1), the new order's
# payment source, discounts and surcharges known without reading them back (-3), +1 as
# the e-mail's payment summary reads the cached accounts now
# +0 for the webhooks (issue 15): the active endpoints' subscriptions are cached (an INSERT
# per subscribed one)
CHECKOUT_BUDGET = 41


def checkout_of(scanners, n):
    client, basket = guest_with_basket(scanners[:n])
    url = f"http://testserver/api/baskets/{basket.pk}/"
    return lambda: client.post("/api/checkout/", checkout_payload(url), format="json")


def test_checkout_runs_a_fixed_number_of_queries_within_budget(
    scanners, django_assert_max_num_queries
):
    counts = {}
    for n in (1, 20):
        checkout_of(scanners, n)()  # warm-up: caches of sites, countries, settings
        request = checkout_of(scanners, n)
        with django_assert_max_num_queries(CHECKOUT_BUDGET) as captured:
            response = request()
        assert response.status_code == 200, response.content
        counts[n] = len(captured)
    assert counts[1] == counts[20], counts
