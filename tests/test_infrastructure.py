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


@pytest.mark.django_db
def test_the_shipped_articles_written_back_are_the_rows_content_load_writes():
    """``kb_content`` writes most tests' articles back from one load's rows (``tests/kb_snapshot``):
    the same rows in every table, the search finds the same, and new rows still get fresh ids."""
    from django.db import transaction

    from knowledgebase.models import Category
    from knowledgebase.search import article_search, index_changed
    from knowledgebase.services import content_load
    from tests.kb_snapshot import Snapshot, knowledge_base_is_empty

    assert knowledge_base_is_empty()
    with transaction.atomic():
        loaded = Snapshot.capture(content_load())
        found = [hit.slug for hit in article_search("withdrawal stuck pending", language="en")]
        transaction.set_rollback(True)
    assert knowledge_base_is_empty()

    assert loaded.restore() == loaded.result
    again = Snapshot.capture(loaded.result)
    assert again.rows == loaded.rows
    assert again.fts == loaded.fts
    assert all(rows for _, rows in loaded.rows) and (loaded.fts or connection.vendor == "postgresql")
    index_changed()  # the search reads the restored rows, not what it kept from the load
    assert [hit.slug for hit in article_search("withdrawal stuck pending", language="en")] == found != []
    Category.objects.create(slug="after-the-restore", name_en="After", name_zh_hans="之后")
