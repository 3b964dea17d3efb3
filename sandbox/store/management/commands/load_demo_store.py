from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from sandbox.store.demo import STEPS
from sandbox.store.demo.banner import banner


class Command(BaseCommand):
    help = "Create (or bring up to date) the Contex Indonesia demo store. Safe to run again."

    def handle(self, *args, **options):
        self.stdout.write("Loading the Contex Indonesia demo store...")
        with transaction.atomic():
            call_command("contex_setup", demo=True, stdout=self.stdout)
            for step in STEPS:
                import_module(step).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo store ready."))
        # last, after the demo's e-mails: where it serves and every login
        self.stdout.write(banner(settings.WAGTAILADMIN_BASE_URL))
