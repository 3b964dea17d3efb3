"""Health and readiness endpoints for a load balancer and for monitoring (django-health-check).

Three addresses (``path("health/", include("contex_oscar.health"))``), all JSON, 200 when
healthy and 500 with the failing checks' reasons otherwise:

- ``health/live/``: the process answers; no neighbour is asked, so a database outage never
  makes an orchestrator restart every app server (the liveness probe);
- ``health/ready/``: this server can serve: the database answers, the cache stores and
  reads, each storage (media and the private storages) writes, reads and deletes a file,
  and every migration is applied (a server started before ``migrate`` ran stays out of
  the pool: the readiness probe);
- ``health/``: the readiness checks and the outbox: failed e-mails, or pending ones older
  than ``CONTEX_HEALTH_OUTBOX_MAX_AGE_SECONDS`` (the worker is down or the mail server
  refuses). For monitoring and alerts, not for the load balancer: a failed e-mail must not
  take the shop offline.
"""

import dataclasses
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from health_check import Cache, Database, HealthCheck, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from contex_oscar import outbox
from contex_oscar.conf import contex_settings

#: Databases whose migrations were all found applied by this process: migrations are not
#: unapplied under a running server, so each process loads the migration graph once.
_migrated = set()


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Every migration of the installed apps is applied to the database."""

    alias: str = DEFAULT_DB_ALIAS

    def run(self):
        if self.alias in _migrated:
            return
        executor = MigrationExecutor(connections[self.alias])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise ServiceUnavailable(
                _("%(count)s migration(s) not applied, first %(migration)s.")
                % {"count": len(plan), "migration": plan[0][0]}
            )
        _migrated.add(self.alias)


@dataclasses.dataclass
class OutboxBacklog(HealthCheck):
    """No failed e-mail in the outbox and none pending for longer than
    ``CONTEX_HEALTH_OUTBOX_MAX_AGE_SECONDS``."""

    def run(self):
        waiting = outbox.backlog()
        if waiting["failed"]:
            raise ServiceUnavailable(
                _("%(count)s e-mail(s) failed in the outbox.") % {"count": waiting["failed"]}
            )
        oldest = outbox.oldest_pending()
        limit = timedelta(seconds=contex_settings.CONTEX_HEALTH_OUTBOX_MAX_AGE_SECONDS)
        if oldest is not None and timezone.now() - oldest > limit:
            raise ServiceUnavailable(
                _("%(count)s e-mail(s) pending, the oldest since %(since)s.")
                % {"count": waiting["pending"], "since": oldest.isoformat()}
            )


def storage_aliases():
    """The media storage and the private ones the store's files live in (each once)."""
    private = (
        contex_settings.CONTEX_PROOF_STORAGE,
        contex_settings.CONTEX_SERVICE_ATTACHMENT_STORAGE,
    )
    return list(dict.fromkeys(("default", *private)))


def readiness_checks():
    return [
        Database,
        Cache,
        *[(Storage, {"alias": alias}) for alias in storage_aliases()],
        MigrationsApplied,
    ]


class StoreHealthView(HealthCheckView):
    """django-health-check's view answering JSON for every client: a load balancer's probe
    sends no ``Accept`` header, which the library answers with an HTML page."""

    def render_to_response(self, context, **response_kwargs):
        return self.render_to_response_json(response_kwargs.get("status", 200))


urlpatterns = [
    path("live/", StoreHealthView.as_view(checks=()), name="health-live"),
    path("ready/", StoreHealthView.as_view(checks=readiness_checks()), name="health-ready"),
    path(
        "",
        StoreHealthView.as_view(checks=[*readiness_checks(), OutboxBacklog]),
        name="health",
    ),
]
