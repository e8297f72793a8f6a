"""The test passes really run where they claim to."""

import pytest
from django.db import connection

from tests.conftest import USE_POSTGRES


@pytest.mark.django_db
def test_database_backend_matches_the_pass():
    assert connection.vendor == ("postgresql" if USE_POSTGRES else "sqlite")
    if USE_POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            assert int(cursor.fetchone()[0].split(".")[0]) >= 15


def test_the_postgresql_pass_of_make_test_keeps_every_test_that_opens_a_database():
    """`make test` leaves the tests that never open a database to its SQLite pass: a test is kept
    for PostgreSQL by its marker, a database fixture anywhere in its closure, or its kind."""
    from types import SimpleNamespace

    from tests.conftest import _uses_database

    def item(marker=None, fixtures=(), keywords=()):
        return SimpleNamespace(
            get_closest_marker=lambda name: object() if name == marker else None,
            fixturenames=list(fixtures),
            keywords=set(keywords),
        )

    assert _uses_database(item(marker="django_db"))
    assert _uses_database(item(fixtures=["kb_content", "db"]))
    assert _uses_database(item(fixtures=["live_server"]))
    assert _uses_database(item(keywords=["integration"]))
    assert _uses_database(item(keywords=["browser"]))
    assert not _uses_database(item(fixtures=["settings", "tmp_path"]))
