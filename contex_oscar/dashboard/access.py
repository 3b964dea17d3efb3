"""Oscar's menu rule for the store's entries (imported by settings: no models here).

An entry shows to active staff who may open its page: the page's staff action
(``contex_oscar.dashboard.views.staff_view``) decides, through ``staff_permissions``.
"""

from django.urls import resolve, reverse

from contex_oscar.staff_permissions import is_staff, may


def staff_access(user, url_name=None, url_args=None, url_kwargs=None):
    if not is_staff(user):
        return False
    if url_name is None:  # a heading of the menu: its entries decide each for itself
        return True
    page = resolve(reverse(url_name, args=url_args, kwargs=url_kwargs)).func
    return may(user, getattr(page, "staff_action", None))
