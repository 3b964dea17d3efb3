"""Access rules for our dashboard menu entries (Oscar's default rule only knows its own apps)."""


def staff_access(user, url_name=None, url_args=None, url_kwargs=None):
    return bool(user and user.is_active and user.is_staff)
