"""Read ``CONTEX_*`` settings: the site's value if set, else the package default."""

from django.conf import settings

from contex_oscar import defaults


class ContexSettings:
    def __getattr__(self, name):
        if not name.startswith("CONTEX_"):
            raise AttributeError(name)
        if hasattr(settings, name):
            return getattr(settings, name)
        return getattr(defaults, name)


contex_settings = ContexSettings()
