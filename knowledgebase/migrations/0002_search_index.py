"""The search index, per database vendor (see knowledgebase/search.py).

PostgreSQL: pg_trgm, a weighted tsvector column with a GIN index, and a trigram GIN index on
title + keywords for typo tolerance. SQLite: an FTS5 table keyed by the translation's id.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE knowledgebase_articletranslation ADD COLUMN search_vector tsvector",
    "CREATE INDEX kb_translation_search_vector ON knowledgebase_articletranslation USING gin (search_vector)",
    "CREATE INDEX kb_translation_typo_trgm ON knowledgebase_articletranslation "
    "USING gin ((lower(title || ' ' || keywords)) gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS kb_translation_typo_trgm",
    "DROP INDEX IF EXISTS kb_translation_search_vector",
    "ALTER TABLE knowledgebase_articletranslation DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE knowledgebase_fts USING fts5(title, keywords, summary, body, tokenize='unicode61')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS knowledgebase_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledgebase", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
