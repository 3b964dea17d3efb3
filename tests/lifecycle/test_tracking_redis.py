"""The tracking throttle lives in the shared cache: two processes together get one quota."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from contex_oscar.conf import contex_settings
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("CONTEX_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

CLIENT = """
import json, sys
import time_machine
import django
# both processes in the same instant, so in the same throttle window
time_machine.travel("2026-03-02 03:00:00+00:00", tick=False).start()
django.setup()
from django.test import Client
client = Client(REMOTE_ADDR=sys.argv[2])
codes = [
    client.post(
        "/api/orders/track/",
        {"number": sys.argv[1], "email": "tebakan@example.com"},
        content_type="application/json",
    ).status_code
    for _ in range(int(sys.argv[3]))
]
print(json.dumps(codes))
"""


def redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


def database_url():
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_share_one_quota_per_order(catalogue):
    redis_client = redis_or_skip()
    redis_client.flushdb()
    order = factories.place_order(catalogue[0])
    quota = int(contex_settings.CONTEX_TRACKING_RATE_PER_ORDER.split("/")[0])
    per_process = quota  # each alone would get its whole quota through
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sandbox.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "PYTHONPATH": str(ROOT),
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CLIENT, str(order.number), address, str(per_process)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for address in ("192.0.2.10", "192.0.2.20")
    ]
    codes = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        codes += json.loads(out.strip().splitlines()[-1])
    redis_client.flushdb()
    assert codes.count(404) == quota  # one quota for both processes, not one each
    assert codes.count(429) == 2 * per_process - quota
