"""A never-public storage that forwards to a ``STORAGES`` alias named by a setting.

Payment proofs and service-center attachments both live in such a storage: a site
points the alias at a directory outside ``MEDIA_ROOT`` or at a private bucket, so
several app servers share the files. The files never get a public URL: the API and
the dashboard check who asks, then ``private_file_response`` streams the file from a
disk, or redirects to a presigned link of the bucket that expires after
``CONTEX_PRIVATE_LINK_SECONDS`` (the app never carries a bucket's bytes).
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import InvalidStorageError, Storage, storages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.http import content_disposition_header

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
        # No public URL on purpose: permission-checking views stream or sign each download.
        return None

    def signed_url(self, name, content_type, disposition):
        """A link to ``name`` that expires after ``CONTEX_PRIVATE_LINK_SECONDS``, answered
        with ``content_type`` and ``disposition``; None when the backend signs no links
        (a disk: the file is streamed). Signing backends are django-storages' S3 kind."""
        backend = self.backend()
        if not getattr(backend, "querystring_auth", False):
            return None
        return backend.url(
            name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition,
            },
            expire=contex_settings.CONTEX_PRIVATE_LINK_SECONDS,
        )


def private_file_response(field_file, content_type, filename, inline=False):
    """Hand a private file to someone already allowed to read it.

    From a bucket: a redirect to a presigned link signed now (the bucket answers with the
    file's type and name, and 404 for a file it lacks). From a disk: streamed, never
    rendered as a page of the site (``nosniff``, a sandboxing CSP); a file missing from
    the storage answers 404. Never cached by a shared cache; a download unless ``inline``
    (images shown in the staff desk).
    """
    storage = field_file.storage
    if isinstance(storage, PrivateStorage):
        disposition = content_disposition_header(not inline, filename)
        link = storage.signed_url(field_file.name, content_type, disposition)
        if link:
            response = HttpResponseRedirect(link)
            response["Cache-Control"] = "private, no-store"
            return response
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
