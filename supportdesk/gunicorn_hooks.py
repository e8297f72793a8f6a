"""Gunicorn's server hooks, for the container (``docker/gunicorn.conf.py``) and ``make bench``
(``--config python:supportdesk.gunicorn_hooks``), so both serve the same way.

Django is imported inside the hooks: gunicorn's master loads this module before it forks, and
only the workers set Django up.
"""

import time


def post_worker_init(worker) -> None:
    """Before the worker takes its first request: import the URL conf (every view module, about
    0.4 s) and build the help centre's search caches (``knowledgebase.search.warm``), which its
    first customer would otherwise wait for. A failure only leaves them to the first requests."""
    from django.db import connections
    from django.urls import get_resolver

    from knowledgebase.search import warm_caches

    started = time.monotonic()
    try:
        get_resolver().url_patterns  # noqa: B018 - imported on first access
        warm_caches()
    except Exception:
        worker.log.exception("worker not warmed up at start; its first requests will do it")
    else:
        worker.log.info("worker warmed up (URL conf, search caches) in %.1f s", time.monotonic() - started)
    finally:
        connections.close_all()  # this thread serves no request: the request threads open their own
