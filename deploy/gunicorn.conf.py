"""gunicorn settings for the store's app servers: ``gunicorn -c deploy/gunicorn.conf.py``.

Read from the environment: ``PORT`` (8000), ``WEB_CONCURRENCY`` (workers: 2 per core + 1),
``GUNICORN_THREADS`` (1: sync workers), ``GUNICORN_TIMEOUT`` (30 s). Behind a buffering
proxy (nginx, a load balancer; see the README's security notes), which terminates TLS and
sets ``X-Forwarded-Proto``. The load balancer probes ``/health/live/`` and ``/health/ready/``.
"""

import multiprocessing
import os

wsgi_app = "sandbox.wsgi:application"
settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "sandbox.settings_production")
raw_env = [f"DJANGO_SETTINGS_MODULE={settings_module}"]
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# a worker is replaced after this many requests (a slow leak never grows for long)
max_requests = 1000
max_requests_jitter = 100
# the proxy in front is the only client: trust its X-Forwarded-* headers
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# one line per request on stdout, errors on stderr (the settings' LOGGING writes there too)
accesslog = "-"
errorlog = "-"
