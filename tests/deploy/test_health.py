"""Health and readiness endpoints (``contex_oscar.health``): JSON for a load balancer's
probes, unhealthy when a migration is missing or the outbox holds failed or stale e-mails."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from health_check.exceptions import ServiceUnavailable

from contex_oscar import health, outbox
from contex_oscar.models import OutboxMessage

T0 = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)


class ThreadedClient:
    """Django's test client sending each request from a thread of its own, as a WSGI
    server's thread: the browser tests leave Playwright's event loop running in the main
    thread, where Django would refuse to call the async health views."""

    def __init__(self):
        self.client = Client()

    def get(self, *args, **kwargs):
        def request():
            try:
                return self.client.get(*args, **kwargs)
            finally:
                connections.close_all()  # this thread's connections

        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(request).result()


@pytest.fixture
def client():
    return ThreadedClient()


@pytest.fixture(autouse=True)
def _unchecked_migrations():
    """Each test loads the migration graph afresh (the check remembers a clean database)."""
    health._migrated.clear()
    yield
    health._migrated.clear()


def pending_email(settings):
    settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT = False
    return outbox.queue_email(["tamu@example.com"], "Pesanan 100001", "Isi")


# The checks run in the view's worker threads, on connections of their own: what they
# read must be committed, hence the transactional tests.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("address", ["/health/live/", "/health/ready/", "/health/"])
def test_a_healthy_store_answers_200_json_on_every_probe(client, address):
    response = client.get(address)  # a probe sends no Accept header
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert set(response.json().values()) <= {"OK"}


@pytest.mark.django_db(transaction=True)
def test_readiness_checks_database_cache_storages_and_migrations(client):
    checks = client.get("/health/ready/").json()
    assert checks == {
        "Database(alias='default')": "OK",
        "Cache(alias='default')": "OK",
        "Storage(alias='default')": "OK",
        "Storage(alias='contex_private')": "OK",
        "MigrationsApplied(alias='default')": "OK",
    }


def test_liveness_asks_no_neighbour(client):
    response = client.get("/health/live/")  # no database here: a query would raise
    assert (response.status_code, response.json()) == (200, {})


def test_a_missing_migration_makes_the_server_unready(db):
    health.MigrationsApplied().run()  # all applied
    health._migrated.clear()
    # a new release's last migration, not yet run by ``migrate``
    (latest,) = MigrationLoader(connection).graph.leaf_nodes("contex")
    MigrationRecorder(connection).migration_qs.filter(app=latest[0], name=latest[1]).delete()
    unapplied = f"1 migrasi belum dijalankan, yang pertama contex.{latest[1]}"
    with pytest.raises(ServiceUnavailable, match=unapplied):
        health.MigrationsApplied().run()


def test_a_failed_e_mail_makes_the_outbox_unhealthy(db, settings):
    message = pending_email(settings)
    health.OutboxBacklog().run()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.FAILED)
    with pytest.raises(ServiceUnavailable, match="1 e-mail gagal terkirim"):
        health.OutboxBacklog().run()


def test_a_pending_e_mail_older_than_the_setting_makes_the_outbox_unhealthy(db, settings):
    settings.CONTEX_HEALTH_OUTBOX_MAX_AGE_SECONDS = 600
    with time_machine.travel(T0, tick=False) as clock:
        pending_email(settings)
        clock.move_to(T0 + dt.timedelta(seconds=600))
        health.OutboxBacklog().run()  # at the limit: still healthy
        clock.move_to(T0 + dt.timedelta(seconds=601))
        with pytest.raises(ServiceUnavailable, match="1 e-mail masih menunggu"):
            health.OutboxBacklog().run()


@pytest.mark.django_db(transaction=True)
def test_the_full_report_answers_500_naming_the_outbox_while_the_load_balancer_still_serves(
    client, settings
):
    message = pending_email(settings)
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.FAILED)
    report = client.get("/health/")
    assert report.status_code == 500
    assert report.json()["OutboxBacklog()"].endswith("1 e-mail gagal terkirim di kotak keluar.")
    assert client.get("/health/ready/").status_code == 200
