"""Gunicorn's access log without URL-borne credentials (``supportdesk.logfilters``).

Gunicorn writes its access log itself, outside Django's logging: its logger class formats each
line from "atoms" (the request line, the path, the query string, the referer, and every header and
environment value by name). This one scrubs every atom before it is formatted. Named by
``logger_class`` in ``docker/gunicorn.conf.py``.
"""

from gunicorn.glogging import Logger

from supportdesk.logfilters import scrub_credentials


class ScrubbedLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: scrub_credentials(value) if isinstance(value, str) else value for name, value in atoms.items()}
