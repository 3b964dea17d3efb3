#!/bin/sh
# The store's task worker: e-mails queued after their commit, and the schedule (the
# deadline job every CONTEX_SCHEDULE_DEADLINE_SECONDS, the outbox's retries every
# CONTEX_SCHEDULE_OUTBOX_SECONDS). Run one or more (each safe beside the others), e.g. as
# deploy/contex-worker.service; the same environment as the app servers (deploy/env.example).
set -eu
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-sandbox.settings_production}"
python sandbox/manage.py contex_schedule   # queue each job that has no run waiting
exec python sandbox/manage.py db_worker --no-reload --interval 1
