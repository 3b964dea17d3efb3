"""Who sees the CMS entry in Oscar's dashboard menu (imported by settings: no models here)."""

from contex_oscar.dashboard.access import staff_access


def cms_access(user, url_name=None, url_args=None, url_kwargs=None):
    """Active staff who may also enter Wagtail's admin (``wagtailadmin.access_admin``)."""
    return staff_access(user) and user.has_perm("wagtailadmin.access_admin")
