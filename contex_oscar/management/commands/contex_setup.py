from importlib import import_module

from django.core.checks import ERROR
from django.core.management.base import BaseCommand
from django.db import transaction

from contex_oscar.checks import store_problems
from contex_oscar.conf import contex_settings
from contex_oscar.setup import DEMO_STEPS, STEPS


class Command(BaseCommand):
    help = (
        "Create what the store needs (Indonesia, the Wagtail home page, store settings, help "
        "pages in Indonesian and English, regions and zones with weight bands); safe to run "
        "again, never overwrites staff's or editors' changes. --demo adds a demo catalogue "
        "and demo bank accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="also the demo catalogue and bank accounts"
        )

    def handle(self, *args, demo=False, **options):
        with transaction.atomic():
            for step in STEPS + (DEMO_STEPS if demo else []):
                import_module(step).load(self.stdout)
        couriers = ", ".join(contex_settings.CONTEX_COURIERS)
        self.stdout.write(f"  couriers (CONTEX_COURIERS): {couriers}")
        problems = store_problems()
        for problem in problems:
            style = self.style.ERROR if problem.level >= ERROR else self.style.WARNING
            self.stdout.write(style(f"{problem.id}: {problem.msg}\n    {problem.hint}"))
        if problems:
            self.stdout.write(self.style.WARNING("Store set up; it cannot take orders yet."))
        else:
            self.stdout.write(self.style.SUCCESS("Store set up."))
