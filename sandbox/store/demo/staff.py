"""A staff account for the dashboard (/dashboard/) and the CMS (/cms/)."""

import os

from django.contrib.auth import get_user_model

STAFF_EMAIL = "staf@contex.example"
STAFF_USERNAME = "staf"


def staff_password():
    return os.environ.get("CONTEX_DEMO_PASSWORD", "contex-demo-2026")


def load(stdout):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=STAFF_USERNAME, defaults={"email": STAFF_EMAIL})
    user.email = STAFF_EMAIL
    user.first_name, user.last_name = "Staf", "Contex"
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(staff_password())
    user.save()
    stdout.write(f"  staff login: {STAFF_EMAIL} / {staff_password()} (username '{STAFF_USERNAME}')")
