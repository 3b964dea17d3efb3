"""Demo data for the sandbox store, one module per concern.

``load_demo_store`` runs each step's ``load(stdout)`` in the order below. Every
step is idempotent: running the command twice gives the same store.
"""

STEPS = [
    "sandbox.store.demo.site",
    "sandbox.store.demo.catalogue",
    "sandbox.store.demo.shipping",
    "sandbox.store.demo.payment",
    "sandbox.store.demo.staff",
    "sandbox.store.demo.pages",
    "sandbox.store.demo.service_center",
]
