"""What ``manage.py contex_setup`` creates, one module per concern, each ``load(stdout)``.

Every step is safe to run again and never overwrites what staff or editors changed:
rows are found by a stable key (country code, page topic, zone slug) and only what is
missing is created. ``--demo`` adds the demo steps (a catalogue of Contex scanners and
fictitious bank accounts), which the sandbox uses.
"""

STEPS = [
    "contex_oscar.setup.site",  # Indonesia, the store's Wagtail home page
    "contex_oscar.setup.shipping",  # regions (Jabodetabek) and zones with weight bands
    "contex_oscar.setup.pages",  # store settings, help pages (id + en), editors' workflow
]
DEMO_STEPS = [
    "contex_oscar.setup.catalogue",
    "contex_oscar.setup.payment",
]
