"""The package's help pages and editors' workflow (``contex_oscar.setup.pages``), then the
sandbox's demo: contacts in the empty store settings, the staff among the Moderators and
a demo editor account."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from contex_oscar.setup import pages as store_pages
from contex_oscar.setup.site import ensure_store_root_page
from sandbox.store.demo import staff

EDITOR_EMAIL = "editor@contex.example"
EDITOR_USERNAME = "editor"

DEMO_SETTINGS = {
    "call_center_phone": "+62 21 5080 1234",
    "whatsapp_number": "+62 812 8000 1234",
    "support_email": "layanan@contex.example",
    "showroom_address": "Jl. Pangeran Jayakarta No. 88, Jakarta Pusat 10730",
    "service_center_address": "Jl. Pangeran Jayakarta No. 88 Lt. 2, Jakarta Pusat 10730",
    "office_hours": "Senin–Jumat 08.30–17.00 WIB (kecuali hari libur nasional)",
    "after_hours_visit_surcharge": Decimal("250000"),
    "pickup_fee": Decimal("150000"),
}


def load(stdout):
    store_pages.load(stdout)
    home = ensure_store_root_page()
    values = store_pages.ensure_store_settings(home)
    empty = [field for field, value in DEMO_SETTINGS.items() if not getattr(values, field)]
    for field in empty:
        setattr(values, field, DEMO_SETTINGS[field])
    if empty:
        values.save()

    User = get_user_model()
    staff_user = User.objects.filter(username=staff.STAFF_USERNAME).first()
    if staff_user is not None:
        staff_user.groups.add(Group.objects.get(name="Moderators"))
    editor, _ = User.objects.get_or_create(
        username=EDITOR_USERNAME, defaults={"email": EDITOR_EMAIL}
    )
    editor.email = EDITOR_EMAIL
    editor.first_name, editor.last_name = "Editor", "Konten"
    editor.is_active = True
    editor.set_password(staff.staff_password())
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    stdout.write(
        f"  demo contacts filled: {', '.join(empty) or 'none'}; editor login: {EDITOR_EMAIL}"
    )
