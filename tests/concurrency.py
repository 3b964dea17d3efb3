"""Run test code in threads of its own, each with its own database connection.

For the race tests on PostgreSQL (real row locks): a function's outcome is
``("ok", its result)`` or ``("error", the exception it raised)``.
"""

import threading

from django.db import connection


def outcome_of(function):
    """Call ``function``; its outcome. Closes this thread's database connection."""
    try:
        return ("ok", function())
    except Exception as error:  # noqa: BLE001 - reported to the test
        return ("error", error)
    finally:
        connection.close()


def run_concurrently(*functions, timeout=60):
    """Start every function at the same moment, each in its own thread; their outcomes."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        def together():
            barrier.wait()
            return function()

        results[index] = outcome_of(together)

    threads = [threading.Thread(target=run, args=item) for item in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a thread is stuck (deadlock?)"
    return results


def in_thread(function):
    """Start ``function`` in a thread of its own; returns ``(thread, box)``: once the
    thread has ended, ``box`` holds ``"result"`` or ``"error"``."""
    box = {}

    def run():
        kind, value = outcome_of(function)
        box["result" if kind == "ok" else "error"] = value

    thread = threading.Thread(target=run)
    thread.start()
    return thread, box
