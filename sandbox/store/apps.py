from django.apps import AppConfig


class StoreConfig(AppConfig):
    """The sandbox site's own app: demo data for the Contex Indonesia Store."""

    name = "sandbox.store"
    label = "sandbox_store"
