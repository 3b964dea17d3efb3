"""Production settings that work: DATABASE_URL through dj-database-url (PostgreSQL or
SQLite), static files served by WhiteNoise with DEBUG off, ``check --deploy`` clean."""

import io
import subprocess
import sys
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.test import override_settings

from sandbox.settings import database_from_url
from tests.security.test_production_settings import PRODUCTION_ENV, ROOT, check_deploy


def test_a_postgres_url_becomes_a_database_entry():
    database = database_from_url("postgres://toko:rah%40sia@db.internal:6432/contex", 60)
    assert {
        key: database[key]
        for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "CONN_MAX_AGE")
    } == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "contex",
        "USER": "toko",
        "PASSWORD": "rah@sia",
        "HOST": "db.internal",
        "PORT": 6432,
        "CONN_MAX_AGE": 60,
    }
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["ATOMIC_REQUESTS"] is True


def test_a_sqlite_url_becomes_a_database_entry(tmp_path):
    database = database_from_url(f"sqlite:///{tmp_path}/toko.sqlite3")
    assert (database["ENGINE"], database["NAME"]) == (
        "django.db.backends.sqlite3",
        f"{tmp_path}/toko.sqlite3",
    )
    assert (database["CONN_MAX_AGE"], database["ATOMIC_REQUESTS"]) == (0, True)


def test_the_production_profile_reads_database_url_and_keeps_connections(tmp_path):
    code = (
        "from sandbox import settings_production as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path}/toko.sqlite3", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        f"{tmp_path}/toko.sqlite3",
        "60",
        "True",
    ], result.stderr


def test_check_deploy_reports_no_issue_at_all_for_the_production_profile():
    code, output = check_deploy("sandbox.settings_production", PRODUCTION_ENV)
    assert code == 0, output
    assert "System check identified no issues" in output, output


def wsgi_get(application, path):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.mark.django_db  # the handler's request_started checks a connection opened before
def test_debug_off_serves_a_collected_static_file_through_the_wsgi_app(tmp_path):
    static_root = tmp_path / "static"
    with override_settings(DEBUG=False, STATIC_ROOT=static_root):
        call_command("collectstatic", "--noinput", stdout=io.StringIO())
        # a new application: its middleware (WhiteNoise) set up with DEBUG off; the file
        # is answered before any view or database
        application = WSGIHandler()
        status, headers, body = wsgi_get(application, "/static/oscar/css/styles.css")
    assert status == "200 OK"
    assert headers["Content-Type"].startswith("text/css")
    assert body == (static_root / "oscar/css/styles.css").read_bytes()
