"""oscarapi's checkout serializers, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES)."""

from oscarapi.serializers import checkout as base

# Re-export what we do not change, so oscarapi's loader finds every name here too.
from oscarapi.serializers.checkout import *  # noqa: E402,F401,F403

from contex_oscar.api.fields import OrderStatusField
from contex_oscar.conf import contex_settings


class OrderSerializer(base.OrderSerializer):
    status = OrderStatusField()

    class Meta(base.OrderSerializer.Meta):
        pass


class CheckoutSerializer(base.CheckoutSerializer):
    def get_initial_order_status(self, basket):
        return contex_settings.CONTEX_INITIAL_ORDER_STATUS
