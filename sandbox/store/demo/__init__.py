"""Demo data for the sandbox store.

``load_demo_store`` runs ``contex_setup --demo`` (the package's store data, a demo
catalogue and bank accounts), then each sandbox step's ``load(stdout)`` below: the
sandbox's address, demo accounts and contacts, service tickets. Every step is
idempotent: running the command twice gives the same store.
"""

STEPS = [
    "sandbox.store.demo.site",
    "sandbox.store.demo.staff",
    "sandbox.store.demo.pages",
    "sandbox.store.demo.service_center",
]
