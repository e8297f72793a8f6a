"""Gunicorn settings for the container image (``gunicorn --config docker/gunicorn.conf.py``).

The same shape as ``make bench``: gthread workers, one process per core with a few threads
each. On two cores that served the bare view two to three times faster than sync workers
(which close the connection after every response) and ticket creation no slower, because a
create spends part of its time waiting on PostgreSQL and Redis. Size it per host with
WEB_CONCURRENCY (processes) and GUNICORN_THREADS; anything else can go in GUNICORN_CMD_ARGS,
which gunicorn reads itself.
"""

import os

from supportdesk.gunicorn_hooks import post_worker_init  # noqa: F401 - a hook gunicorn reads by name

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Uploads of five 5 MB screenshots on a slow line need more than the default 30 s.
timeout = 60
graceful_timeout = 30
keepalive = 5
# The heartbeat file on tmpfs: a container's overlay file system can stall it under load.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - a fixed tmpfs mount, not a shared temp file
# Recycle workers now and then so a slow leak in any library cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
# Docker manages the process; the control socket would want a writable $HOME, which /app is not.
control_socket_disable = True
# The access log never keeps a guest's signed link or a reset link (supportdesk.gunicorn_logging).
logger_class = "supportdesk.gunicorn_logging.ScrubbedLogger"
