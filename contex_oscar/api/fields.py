from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contex_oscar.order.statuses import STATUSES, label_for


class StatusSerializer(serializers.Serializer):
    """A status as the shopper sees it: the stable code and its translated label."""

    code = serializers.ChoiceField(choices=list(STATUSES))
    label = serializers.CharField()


@extend_schema_field(StatusSerializer)
class OrderStatusField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {"code": value, "label": str(label_for(value))}
