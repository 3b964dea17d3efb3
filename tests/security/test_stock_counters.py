"""Issue 21, defect 12: a product's stock records show shoppers availability, not the
store's counters (units in stock, allocated to orders, the low-stock threshold, when
the record last moved), so nobody can watch sales through them."""

import pytest
from oscar.core.loading import get_model

StockRecord = get_model("partner", "StockRecord")
COUNTERS = {"num_in_stock", "num_allocated", "low_stock_threshold", "date_updated"}


@pytest.fixture
def record(product):
    StockRecord.objects.filter(product=product).update(
        num_in_stock=7, num_allocated=3, low_stock_threshold=2
    )
    return StockRecord.objects.get(product=product)


@pytest.mark.parametrize("who", ["guest", "shopper", "staff"])
def test_stock_records_show_availability_not_counters(api_client, record, shopper, staff_user, who):
    if who != "guest":
        api_client.force_authenticate(shopper if who == "shopper" else staff_user)
    listed = api_client.get(f"/api/products/{record.product_id}/stockrecords/")
    detail = api_client.get(f"/api/products/{record.product_id}/stockrecords/{record.pk}/")
    assert listed.status_code == detail.status_code == 200
    for body in (listed.json()["results"][0], detail.json()):
        assert COUNTERS.isdisjoint(body), body
        assert body["availability"]["is_available_to_buy"] is True
        assert body["partner_sku"] == record.partner_sku
        assert body["price"]


def test_the_admin_serializer_still_has_the_counters():
    from oscarapi.serializers.admin.partner import AdminStockRecordSerializer

    assert COUNTERS <= set(AdminStockRecordSerializer().get_fields())
