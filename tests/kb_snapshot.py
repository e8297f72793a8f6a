"""The shipped articles' rows, captured after the first ``content_load`` of a session and written
back in one insert per table for every later test that asks for them (``kb_content``).

``content_load`` saves 40 translations through the editors' service: 500 statements in 40
savepoints, 0.8 s a test on PostgreSQL, and 170 tests ask for the same rows. Its own tests
(``tests/knowledgebase``) still run it for real, and so does each session's first ``kb_content``.

The captured rows are what the service wrote: the categories, articles, translations, revisions,
related links, and the search index of the backend (PostgreSQL's ``SearchDocument`` rows or
SQLite's FTS5 table). Nothing is reused between tests but these values: every restore inserts them
inside the test's own transaction, so it rolls back with the test.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection


def _models() -> list:
    # In the order their foreign keys need.
    from knowledgebase.models import Article, ArticleRevision, ArticleTranslation, Category, SearchDocument

    models = [Category, Article, Article.related.through, ArticleTranslation, ArticleRevision]
    return [*models, SearchDocument] if connection.vendor == "postgresql" else models


_FTS_COLUMNS = "rowid, title, keywords, summary, body"


def knowledge_base_is_empty() -> bool:
    return not any(model.objects.exists() for model in _models())


def _insert(cursor, model, rows: list[dict]) -> None:
    """The rows as they were, timestamps included (``bulk_create`` would stamp ``auto_now`` fields)."""
    if not rows:
        return
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    cursor.executemany(
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})",
        [[field.get_db_prep_save(row[field.attname], connection) for field in fields] for row in rows],
    )


@dataclass
class Snapshot:
    rows: list[tuple[type, list[dict]]]
    fts: list[tuple]
    result: object  # content_load's LoadResult

    @classmethod
    def capture(cls, result) -> Snapshot:
        rows = []
        for model in _models():
            fields = [field.attname for field in model._meta.concrete_fields]
            rows.append(
                (model, [dict(zip(fields, values)) for values in model.objects.order_by("pk").values_list(*fields)])
            )
        fts = []
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {_FTS_COLUMNS} FROM knowledgebase_fts ORDER BY rowid")
                fts = cursor.fetchall()
        return cls(rows=rows, fts=fts, result=copy.copy(result))

    def restore(self):
        with connection.cursor() as cursor:
            for model, rows in self.rows:
                _insert(cursor, model, rows)
            if self.fts:
                cursor.executemany(
                    f"INSERT INTO knowledgebase_fts ({_FTS_COLUMNS}) VALUES (%s, %s, %s, %s, %s)", self.fts
                )
            # The ids were given, not drawn: move each sequence past them (a test that resets
            # sequences may have run since the capture).
            for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, _ in self.rows]):
                cursor.execute(statement)
        return copy.copy(self.result)
