"""Gunicorn's server hooks, for the container (``docker/gunicorn.conf.py``) and ``make bench``
(``--config python:supportdesk.gunicorn_hooks``), so both serve the same way.

Django is imported inside the hooks: gunicorn's master loads this module before it forks, and
only the workers set Django up. The project package imports no app (tests/test_layout.py): an app
with work to do before a worker serves says so with a ``warm_up()`` method on its AppConfig.
"""

import time


def post_worker_init(worker) -> None:
    """Before the worker takes its first request: import the URL conf (every view module, about
    0.4 s) and run each app's ``warm_up()`` (the help centre's search caches: 2-3 s at 10,000
    articles), which its first customers would otherwise wait for. A failure is logged and leaves
    the work to the first requests."""
    from django.apps import apps
    from django.db import connections
    from django.urls import get_resolver

    started = time.monotonic()
    warmed = []
    try:
        get_resolver().url_patterns  # noqa: B018 - imported on first access
        for config in apps.get_app_configs():
            if callable(warm_up := getattr(config, "warm_up", None)):
                warm_up()
                warmed.append(config.label)
    except Exception:
        worker.log.exception("worker not warmed up at start; its first requests will do it")
    else:
        worker.log.info("worker warmed up (URL conf, %s) in %.1f s", ", ".join(warmed), time.monotonic() - started)
    finally:
        connections.close_all()  # this thread serves no request: the request threads open their own
