from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from sandbox.store.demo import STEPS


class Command(BaseCommand):
    help = "Create (or bring up to date) the Contex Indonesia demo store. Safe to run again."

    def handle(self, *args, **options):
        self.stdout.write("Loading the Contex Indonesia demo store...")
        with transaction.atomic():
            for step in STEPS:
                import_module(step).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo store ready."))
