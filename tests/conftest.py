"""Shared fixtures.

Two passes run the suite (see the Makefile): the fast one on SQLite with eager Celery, and one
with ``SUPPORTDESK_TEST_DB=postgres`` against a PostgreSQL cluster these fixtures start, which
also runs the integration tests (real Redis, real Celery worker processes). With ``CI=true`` a
missing server is an error, never a skip.
"""

import os

import pytest
from django.conf import settings as django_settings

from supportdesk.celery import app as celery_app
from tests import servers

USE_POSTGRES = os.environ.get("SUPPORTDESK_TEST_DB") == "postgres"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The benchmark's own tests run with `make bench-check` (SUPPORTDESK_BENCH_TESTS=1), beside the
# tiny benchmarks, not in `make test`'s passes.
collect_ignore = [] if os.environ.get("SUPPORTDESK_BENCH_TESTS") else ["bench"]


def _missing(what: str):
    if IN_CI:
        pytest.fail(f"{what} is required in CI", pytrace=False)
    pytest.skip(f"{what} not installed")


# `make test` runs both passes: tests that never open a database (pure rules, property tests) then
# run only in the SQLite one; the PostgreSQL pass keeps those that use the database, the integration
# and the browser tests. `make test-postgres` alone runs everything.
DATABASE_TESTS_ONLY = USE_POSTGRES and os.environ.get("SUPPORTDESK_DATABASE_TESTS_ONLY") == "1"
_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def _uses_database(item) -> bool:
    return (
        item.get_closest_marker("django_db") is not None
        or bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
        or "integration" in item.keywords
        or "browser" in item.keywords
    )


def pytest_collection_modifyitems(config, items):
    if DATABASE_TESTS_ONLY:
        kept, left = [], []
        for item in items:
            (kept if _uses_database(item) else left).append(item)
        config.hook.pytest_deselected(items=left)
        items[:] = kept
    if USE_POSTGRES:
        return
    skip = pytest.mark.skip(reason="integration tests run in the PostgreSQL pass (SUPPORTDESK_TEST_DB=postgres)")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres_server():
    if servers.postgres_bin_dir() is None:
        _missing("PostgreSQL")
    server = servers.PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request):
    """Point Django at the PostgreSQL cluster for the PostgreSQL pass (pytest-django's hook)."""
    if not USE_POSTGRES:
        return
    from django.db import connections

    server = request.getfixturevalue("postgres_server")
    default = django_settings.DATABASES["default"]
    default.clear()
    default.update(server.database_settings())
    connections.configure_settings(django_settings.DATABASES)  # fills TEST and other defaults in place
    try:
        del connections["default"]  # drop a wrapper created for SQLite, if any
    except AttributeError:
        pass


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Hashing a password with PBKDF2 costs ~0.3 s of CPU; tests create hundreds of users. MD5 in
    # tests only: production settings never name it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Staff two-factor sign-in has its own tests (tests/accounts/test_two_factor.py).
    settings.STAFF_2FA_REQUIRED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {key: "10000/min" for key in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]},
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True, scope="session")
def _eager_celery():
    """Unit tests run tasks in-process; integration fixtures switch to a real broker."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True)
def _english_by_default():
    """LocaleMiddleware activates a request's language in the thread and leaves it there; the test
    client runs requests in the test's thread, so reset it or messages leak into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _reset_cache():
    from django.core.cache import cache

    from tickets import snapshots

    cache.clear()
    snapshots.invalidate_all()  # each test has its own rows (and ids): never reuse another test's snapshot
    yield
    snapshots.invalidate_all()


@pytest.fixture
def unreachable_cache(settings):
    """django-redis as production runs it (errors hidden: a call answers None or the default) with
    nothing listening where Redis should be."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{servers.free_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }


@pytest.fixture(scope="session")
def redis_server():
    if servers.redis_server_bin() is None:
        _missing("redis-server")
    server = servers.RedisServer().start()
    yield server
    server.stop()


def _reset_celery_connections(app) -> None:
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture
def real_broker(redis_server):
    """Publish tasks to the real Redis instead of running them eagerly."""
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = redis_server.url
    celery_app.conf.broker_transport_options = {"visibility_timeout": 3600}
    _reset_celery_connections(celery_app)
    yield redis_server
    celery_app.conf.task_always_eager = True
    _reset_celery_connections(celery_app)


@pytest.fixture
def worker_env(postgres_server, redis_server, tmp_path, settings):
    """Environment for Celery processes: the test database, the test Redis, e-mail to files."""
    from django.db import connection

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    return {
        "DATABASE_URL": postgres_server.url(connection.settings_dict["NAME"]),
        "REDIS_URL": redis_server.url,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "NOTIFICATION_DISPATCH_SECONDS": "1",
        "DATABASE_CONN_MAX_AGE": "0",
    }


@pytest.fixture
def celery_worker_process(worker_env, real_broker):
    worker = servers.CeleryProcess(env=worker_env).start()
    worker.wait_ready()
    yield worker
    worker.stop()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data, loaded once into the test database: every test's transaction rolls back
    to it, so no test pays for loading teams, types, policies and groups again."""
    from tickets.reference_data import load

    with django_db_blocker.unblock():
        load()


@pytest.fixture
def reference_data(db):
    """Loaded once per session (``django_db_setup``); a transactional test's flush empties the
    database, so the test after one loads it again."""
    from tickets.models import Team
    from tickets.reference_data import load

    if not Team.objects.exists():
        load()


_kb_snapshot = None


@pytest.fixture
def kb_content(db):
    """The shipped articles, loaded as the demo data loads them (``content_load``) by the session's
    first test that asks, and written back from that load's rows for the others (``kb_snapshot``)."""
    global _kb_snapshot
    from knowledgebase.services import content_load
    from tests.kb_snapshot import Snapshot, knowledge_base_is_empty

    empty = knowledge_base_is_empty()
    if empty and _kb_snapshot is not None:
        return _kb_snapshot.restore()
    result = content_load()
    if empty:  # the rows are then the load's alone
        _kb_snapshot = Snapshot.capture(result)
    return result


@pytest.fixture
def customer(reference_data):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_customer(reference_data):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def agent(reference_data):
    """An agent in every team, so tests see every ticket; tests of team scoping make their own."""
    from tests.factories import AgentFactory
    from tickets.models import Team

    return AgentFactory(teams=list(Team.objects.all()))


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


def token_client(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def customer_api(customer):
    return token_client(customer)


@pytest.fixture
def agent_api(agent):
    return token_client(agent)


def deliver_outbox() -> int:
    """Run the outbox relay once, as beat would; with eager Celery the deliveries run inline."""
    from tickets.tasks import notifications_dispatch_task

    return notifications_dispatch_task()
