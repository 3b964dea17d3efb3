"""Fixes to oscarapi's order serializers.

Re-exported by ``oscarapi_overrides.serializers.checkout``.
"""

from drf_spectacular.utils import extend_schema_serializer
from oscarapi.serializers import checkout as base
from rest_framework import serializers


# Its own component name: oscarapi's order line nests the base class (url, option, value
# only) under the same name "OrderLineAttribute", and drf-spectacular merged the two.
@extend_schema_serializer(component_name="OrderLineAttributeDetail")
class OrderLineAttributeSerializer(base.OrderLineAttributeSerializer):
    """oscarapi links ``line`` to a view name that does not exist ("line-detail"):
    ``orderlineattributes/<pk>/`` answered its owner with a 500."""

    line = serializers.HyperlinkedRelatedField(view_name="order-lines-detail", read_only=True)
