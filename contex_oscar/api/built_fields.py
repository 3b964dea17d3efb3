"""Serializer fields built once per class: DRF builds a model serializer's fields again
for every instance, which the store's hot endpoints cannot afford."""

import copy

from rest_framework.settings import api_settings


class BuiltOnceFieldsMixin:
    """A model serializer whose fields are built from the model once per class.

    DRF builds a ``ModelSerializer``'s fields again for every instance (model field
    info, each field's arguments and validators): a fifth of a small list's time. They
    depend on the class alone (its ``Meta`` and declared fields), so each instance gets
    a copy of the first build, as DRF copies declared fields (``Field.__deepcopy__``).
    """

    def get_fields(self):
        built = type(self).__dict__.get("_contex_built_fields")
        if built is None:
            built = super().get_fields()
            type(self)._contex_built_fields = built  # never bound: only copied
        elif self.url_field_name is None:  # what DRF's get_fields sets on the instance
            self.url_field_name = api_settings.URL_FIELD_NAME
        return copy.deepcopy(built)
