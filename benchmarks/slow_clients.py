"""Slow clients against three ways of serving the store (issue 21, defect 10).

    python benchmarks/slow_clients.py [--slow 16] [--requests 20] [--workers 4] [--json out.json]

Needs the ``bench`` extra (gunicorn, uvicorn-worker). The run migrates one SQLite
database in a temporary folder, then for each server:

1. starts it on 127.0.0.1 with ``--workers`` processes;
2. warms every process up, then times ``--requests`` ordinary ``GET /api/products/``
   one after another (the baseline);
3. opens ``--slow`` connections that send a ``POST /api/basket/add-product/`` whose
   headers promise a body that then trickles in at one byte every half second (a phone
   on a bad line, or an attacker), and times the same ordinary requests again;
4. prints its row at once (p50 / p95 / worst in ms of the answered requests, and the
   errors: requests not answered within 10 s), then stops the server.

Servers: ``sync`` is gunicorn's default worker, one request per process, so a slow body
holds a whole process; ``gthread`` gives each process threads (``--threads``), so a slow
body holds one thread; ``uvicorn`` (gunicorn with ``uvicorn_worker.UvicornWorker`` over
``sandbox.asgi``) reads bodies asynchronously and calls Django only once a body is
complete. A buffering proxy in front (nginx's ``proxy_request_buffering on``, the default)
does for any of them what uvicorn does for itself: README's deployment notes.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SLOW_PATH = "/api/basket/add-product/"
ORDINARY_PATH = "/api/products/"
SERVERS = {
    "sync": ["sandbox.wsgi:application"],
    "gthread": ["--worker-class", "gthread", "--threads", "{threads}", "sandbox.wsgi:application"],
    "uvicorn": ["--worker-class", "uvicorn_worker.UvicornWorker", "sandbox.asgi:application"],
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(folder):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sandbox.settings",
        "DJANGO_DEBUG": "0",
        "SQLITE_PATH": str(folder / "store.sqlite3"),
        "SANDBOX_MEDIA_ROOT": str(folder / "media"),
        "SANDBOX_PRIVATE_ROOT": str(folder / "private"),
        "PYTHONPATH": str(ROOT),
    }


def ordinary_request(port, timeout=10):
    """Milliseconds to a full answer, or ``None`` (an error, or no answer in ``timeout`` s)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{ORDINARY_PATH}", timeout=timeout):
            pass
    except (urllib.error.URLError, OSError):
        return None
    return (time.perf_counter() - started) * 1000


def wait_until_up(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        if ordinary_request(port, timeout=2) is not None:
            return
        time.sleep(0.3)
    raise RuntimeError("the server did not answer within a minute")


def slow_client(port, stop):
    """Promise a 2,000-byte JSON body, then send it a byte every half second."""
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return
    with sock:
        try:
            sock.sendall(
                (
                    f"POST {SLOW_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/json\r\nContent-Length: 2000\r\n\r\n"
                ).encode()
            )
            while not stop.wait(0.5):
                sock.sendall(b" ")
        except OSError:
            return


def timings(port, count):
    measured = [ordinary_request(port) for _ in range(count)]
    answered = sorted(ms for ms in measured if ms is not None)
    if not answered:
        return {"p50_ms": None, "p95_ms": None, "worst_ms": None, "errors": count}
    return {
        "p50_ms": round(statistics.median(answered), 1),
        "p95_ms": round(answered[max(0, round(len(answered) * 0.95) - 1)], 1),
        "worst_ms": round(answered[-1], 1),
        "errors": count - len(answered),
    }


def measure(name, args, env):
    port = free_port()
    command = [PYTHON, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(args.workers), "--timeout", "120", "--log-level", "warning"]
    command += [part.format(threads=args.threads) for part in SERVERS[name]]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    stop = threading.Event()
    try:
        wait_until_up(port, server)
        for _ in range(args.workers * 4):  # every process has loaded its first request
            ordinary_request(port)
        baseline = timings(port, args.requests)
        clients = [
            threading.Thread(target=slow_client, args=(port, stop), daemon=True)
            for _ in range(args.slow)
        ]
        for client in clients:
            client.start()
        time.sleep(2)  # every slow client has connected and holds what it holds
        loaded = timings(port, args.requests)
        return {"server": name, "baseline": baseline, "with_slow_clients": loaded}
    finally:
        stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def show(row):
    def cell(t):
        if t["p50_ms"] is None:
            return f"no answer ({t['errors']} errors)"
        return f"{t['p50_ms']} / {t['p95_ms']} / {t['worst_ms']} ms, {t['errors']} errors"

    print(
        f"{row['server']:<8} | {cell(row['baseline']):<36} | {cell(row['with_slow_clients'])}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=16, help="slow connections held open")
    parser.add_argument("--requests", type=int, default=20, help="ordinary requests timed")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8, help="threads per gthread worker")
    parser.add_argument("--servers", default=",".join(SERVERS))
    parser.add_argument("--json", help="write the rows to this file")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="contex-slow-"))
    env = environment(folder)
    try:
        print("migrating a fresh SQLite database ...", flush=True)
        subprocess.run(
            [PYTHON, "sandbox/manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(
            f"{args.slow} slow clients, {args.workers} workers, {args.requests} ordinary "
            f"GET {ORDINARY_PATH} (p50 / p95 / worst)",
            flush=True,
        )
        print(f"{'server':<8} | {'alone':<36} | with the slow clients", flush=True)
        rows = []
        for name in args.servers.split(","):
            rows.append(measure(name, args, env))
            show(rows[-1])
        if args.json:
            Path(args.json).write_text(json.dumps(rows, indent=2))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
