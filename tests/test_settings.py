"""Production settings: refuse to start without a secret; `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import tickets.tasks  # noqa: F401  (registers the tasks before the parametrisation below reads them)
from supportdesk.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-like-secret-" + "x7Qp9" * 10,
    "DJANGO_ALLOWED_HOSTS": "support.example.com",
    "DATABASE_URL": "postgres://supportdesk:pw@db.internal:5432/supportdesk",
    "REDIS_URL": "redis://redis.internal:6379/0",
}


def _manage(*args, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_deploy_reports_nothing_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_unreachable_database_host_fails_in_seconds():
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['connect_timeout'])"
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split()[-1] == "5", result.stderr
    overridden = {**PRODUCTION_ENV, "DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"] + "?connect_timeout=2"}
    assert _manage("shell", "-c", code, env=overridden).stdout.split()[-1] == "2"


def test_development_defaults_need_no_environment():
    result = _manage("check", env={})
    assert result.returncode == 0, result.stderr


TASK_NAMES = sorted(n for n in celery_app.tasks if n.startswith("tickets."))


def test_the_task_list_is_not_empty():
    assert {"tickets.deliver_notifications", "tickets.notifications_dispatch", "tickets.sla_sweep"} <= set(TASK_NAMES)


@pytest.mark.parametrize("name", TASK_NAMES)
def test_tasks_have_consistent_time_limits(name):
    task = celery_app.tasks[name]
    hard = task.time_limit or celery_app.conf.task_time_limit
    soft = task.soft_time_limit or celery_app.conf.task_soft_time_limit
    assert hard and soft and soft <= hard
