"""Running one function in several threads at the same moment (for PostgreSQL race tests)."""

import threading

from django.db import connections


def parallel(n: int, fn) -> list:
    """Call ``fn(i)`` for i in 0..n-1 in n threads released together; return the results.

    Each thread uses (and closes) its own database connection.
    """
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
