"""A never-public storage that forwards to a ``STORAGES`` alias named by a setting.

Payment proofs and service-center attachments both live in such a storage: a site
points the alias at a directory outside ``MEDIA_ROOT`` or at a private bucket, so
several app servers share the files. The files never get a public URL: the API and
the dashboard stream them after checking who asks.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import InvalidStorageError, Storage, storages
from django.http import FileResponse, Http404

from contex_oscar.conf import contex_settings


def private_backend(setting, what):
    """The storage behind the alias in ``contex_settings.<setting>``, or a clear error."""
    alias = getattr(contex_settings, setting)
    try:
        return storages[alias]
    except InvalidStorageError:
        raise ImproperlyConfigured(
            f"{what} need a private storage: add STORAGES[{alias!r}] "
            f"(e.g. a FileSystemStorage outside MEDIA_ROOT) or set {setting}."
        )


class PrivateStorage(Storage):
    """Looks the alias up on every call, so a changed ``STORAGES`` (tests, reloads) applies.

    Subclasses name the ``setting`` holding the alias and ``what`` they store (for the error).
    """

    setting = None
    what = "Private files"

    def backend(self):
        return private_backend(self.setting, self.what)

    def _open(self, name, mode="rb"):
        return self.backend().open(name, mode)

    def _save(self, name, content):
        return self.backend().save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.backend().get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend().generate_filename(filename)

    def delete(self, name):
        return self.backend().delete(name)

    def exists(self, name):
        return self.backend().exists(name)

    def size(self, name):
        return self.backend().size(name)

    def listdir(self, path):
        return self.backend().listdir(path)

    def path(self, name):
        return self.backend().path(name)

    def url(self, name):
        # No public URL on purpose: the files are streamed by permission-checking views.
        return None


def private_file_response(field_file, content_type, filename, inline=False):
    """Stream a private file to someone already allowed to read it.

    Never rendered as a page of the site (``nosniff``, a sandboxing CSP), never cached
    by a shared cache; a download unless ``inline`` (images shown in the staff desk).
    A file missing from the storage answers 404.
    """
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
