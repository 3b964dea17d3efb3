"""The store as it runs for real (``sandbox.settings_production``'s task backend): the
``ours`` variant of ``api_benchmark.py``.

The sandbox as shipped, except that background work goes to the database task backend
(django-tasks-db), as in ``deploy/``: a checkout writes its e-mail into the outbox and the
delivery task beside it, in its own transaction, and the worker (not the request) talks
to the mail server. The sandbox's default (Django's immediate backend) would send the
e-mail inside the request, right after its commit, as a developer's machine does.
"""

from sandbox.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
