"""Scale-out, shown (``benchmarks/scale_out.py``, end to end): two gunicorn app servers and
one task worker on one PostgreSQL, Redis, S3 server and mail server. A checkout on one, the
proof on the other, the staff approval, every e-mail delivered once, a throttle held across
both. The script starts every process and checks; this test runs it and reads its record."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection, connections

from benchmarks.load_benchmark import database_url

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgres") and REDIS_URL),
    reason="needs PostgreSQL and Redis shared by real processes (DATABASE_URL=postgres://..., "
    "REDIS_URL)",
)


# transactional: the test database is set up (the run copies it), and this test holds no
# transaction open on it while it is copied
@pytest.mark.django_db(transaction=True)
def test_two_app_servers_and_one_worker_serve_one_store(tmp_path):
    # the run copies pytest-django's migrated database (migrating anew takes a minute or
    # two on this machine); a database being copied must have no open connection
    template = connection.settings_dict["NAME"]
    connections.close_all()
    record = tmp_path / "scale-out.json"
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "scale_out.py"),
        "--database-url",
        database_url(DATABASE_URL, "postgres"),
        "--database-name",
        f"{urlparse(DATABASE_URL).path.lstrip('/')}_scale_out",
        "--template",
        template,
        "--redis-url",
        REDIS_URL,
        "--json",
        str(record),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-5000:]
    result = json.loads(record.read_text())
    assert result["failure"] is None
    figures = result["figures"]
    assert (
        figures["throttle_passed_one_process"]
        == figures["throttle_passed_two_processes"]
        == figures["throttle_limit"]
    )
