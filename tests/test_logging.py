import logging

from supportdesk.logfilters import QuietRoutineTasks


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
