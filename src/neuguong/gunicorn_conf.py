"""gunicorn's settings in production (``docs/operations.md``), and in the benchmarks that run gunicorn
(``bench/portal.py``), so that a figure measured is one of the configuration deployed:

    gunicorn neuguong.wsgi --config python:neuguong.gunicorn_conf --bind 127.0.0.1:8000

- ``gthread`` workers: each process serves ``threads`` requests at once, so a request waiting on
  PostgreSQL or Redis does not hold a whole process, and a reader's keep-alive connection does not
  either. Threads (4) stay below the psycopg pool's ``NEUGUONG_DB_POOL_MAX`` (10), so a thread never
  waits for a connection.
- ``workers``: two processes per core (4 on 2 cores). Python runs one thread per process at a time,
  so processes, not threads, use the cores; the second per core fills the time the first waits.
  ``NEUGUONG_WEB_WORKERS`` and ``NEUGUONG_WEB_THREADS`` change them.
- ``timeout`` 60 s (a worker silent that long is restarted), ``keepalive`` 5 s, a ``backlog`` of 2048
  connections waiting to be accepted (readers arriving at once wait instead of being refused).
"""

import os

workers = int(os.environ.get("NEUGUONG_WEB_WORKERS") or 2 * (os.cpu_count() or 1))
worker_class = "gthread"
threads = int(os.environ.get("NEUGUONG_WEB_THREADS") or 4)
timeout = 60
keepalive = 5
backlog = 2048
