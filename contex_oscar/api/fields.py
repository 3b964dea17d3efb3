from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contex_oscar.order.statuses import STATUSES, label_for
from contex_oscar.shipping.methods import is_pickup
from contex_oscar.uploads import accept_upload


class StatusSerializer(serializers.Serializer):
    """A status as the shopper sees it: the stable code and its translated label."""

    code = serializers.ChoiceField(choices=list(STATUSES))
    label = serializers.CharField()


@extend_schema_field(StatusSerializer)
class OrderStatusField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        """The code, and whether its order is a showroom pickup (``in-shipment`` reads
        "ready for pickup" there): the order holds the field, or is the root's ``order``
        (tracking, whose timeline entries hold only codes)."""
        holder = instance
        for attr in self.source_attrs[:-1]:
            holder = getattr(holder, attr, None)
        if not hasattr(holder, "shipping_code"):
            holder = getattr(self.root.instance, "order", None)
        return super().get_attribute(instance), is_pickup(holder)

    def to_representation(self, value):
        code, pickup = value
        return {"code": code, "label": str(label_for(code, pickup=pickup))}


class UploadField(serializers.FileField):
    """A file checked by content (``contex_oscar.uploads``); gives the file to store
    (images re-encoded without metadata) with its real content type as
    ``upload.contex_content_type``. Every upload endpoint uses it."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "JPEG, PNG, WebP or PDF, at most CONTEX_MAX_UPLOAD_BYTES (5 MB)."
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            upload = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if error.get_codes() == ["empty"]:  # same code as contex_oscar.uploads
                raise serializers.ValidationError(str(error.detail[0]), code="file_empty")
            raise
        try:
            return accept_upload(upload)
        except DjangoValidationError as error:  # keep the code (file_too_large, ...)
            raise serializers.ValidationError(error.messages[0], code=error.code)
