import logging

from supportdesk.logfilters import QuietRoutineTasks, ScrubCredentials, scrub_credentials


def _record(name, level, message):
    return logging.LogRecord(name, level, __file__, 1, message, None, None)


def test_routine_task_chatter_is_dropped_but_failures_and_other_lines_stay():
    quiet = QuietRoutineTasks()
    assert not quiet.filter(
        _record("celery.app.trace", logging.INFO, "Task tickets.notifications_dispatch[x] succeeded")
    )
    assert not quiet.filter(_record("celery.beat", logging.INFO, "Scheduler: Sending due task sla-sweep"))
    assert quiet.filter(_record("celery.app.trace", logging.ERROR, "Task tickets.sla_sweep[x] raised"))
    assert quiet.filter(_record("celery.worker.consumer", logging.INFO, "celery@host ready."))
    assert quiet.filter(_record("tickets.tasks", logging.INFO, "SLA sweep: {'breaches': 3}"))


def test_credentials_in_urls_never_reach_the_log():
    """A guest's signed link, a password-reset link and an address-confirmation link open a ticket
    or an account: whoever reads the access log must not get them."""
    line = (
        '"GET /en/tickets/SD-7K3QX9/?token=WyJTRC03SzNRWDkiLDBd:1v:abc HTTP/1.1" 302 0 '
        '"GET /en/accounts/password/reset/MQ/cz2h6f-0123456789abcdef/ HTTP/1.1" 302 '
        '"GET /zh-hans/accounts/verify/eyJ1IjoxLCJlIjoibGluQGV4YW1wbGUuY29tIn0:1v:zz/ HTTP/1.1" 200'
    )
    scrubbed = scrub_credentials(line)
    assert "WyJTRC03" not in scrubbed and "cz2h6f" not in scrubbed and "eyJ1Ijox" not in scrubbed
    assert "/en/tickets/SD-7K3QX9/?token=[redacted]" in scrubbed
    assert "/en/accounts/password/reset/MQ/[redacted]/" in scrubbed
    assert "/accounts/verify/resend/" == scrub_credentials("/accounts/verify/resend/")
    assert "/accounts/password/reset/MQ/set-password/" == scrub_credentials("/accounts/password/reset/MQ/set-password/")


def test_runservers_access_log_is_scrubbed():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /en/tickets/SD-1/?token=secret HTTP/1.1", "302", "0"),
        None,
    )
    assert ScrubCredentials().filter(record)
    assert "secret" not in record.getMessage()


def test_gunicorns_access_log_is_scrubbed():
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from supportdesk.gunicorn_logging import ScrubbedLogger

    logger = ScrubbedLogger(Config())
    request = SimpleNamespace(
        method="GET",
        uri="/en/tickets/SD-1/?token=secret",
        path="/en/tickets/SD-1/",
        query="token=secret",
        version=(1, 1),
        headers=[],
    )
    response = SimpleNamespace(status="302 Found", response_length=0, sent=0, headers=[])
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/en/tickets/SD-1/?token=secret",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "/en/tickets/SD-1/?token=secret",
        "QUERY_STRING": "token=secret",
    }

    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    assert not any("secret" in str(value) for value in atoms.values())


def test_the_container_logs_through_the_scrubbed_logger():
    from pathlib import Path

    config = (Path(__file__).resolve().parent.parent / "docker" / "gunicorn.conf.py").read_text()
    assert 'logger_class = "supportdesk.gunicorn_logging.ScrubbedLogger"' in config
