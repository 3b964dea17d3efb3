"""Fixes to oscarapi's order serializers.

Re-exported by ``oscarapi_overrides.serializers.checkout``.
"""

from oscarapi.serializers import checkout as base
from rest_framework import serializers


class OrderLineAttributeSerializer(base.OrderLineAttributeSerializer):
    """oscarapi links ``line`` to a view name that does not exist ("line-detail"):
    ``orderlineattributes/<pk>/`` answered its owner with a 500."""

    line = serializers.HyperlinkedRelatedField(view_name="order-lines-detail", read_only=True)
