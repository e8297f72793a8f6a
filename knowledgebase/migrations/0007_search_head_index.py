"""A GIN index on the search documents' ``head`` (title, keywords, summary): the candidate query
matches heads first and reads bodies only when the heads give too few (PostgreSQL only; SQLite
searches its FTS5 table)."""

from django.db import migrations


def _on_postgres(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("knowledgebase", "0006_translated_verbose_names"),
    ]

    operations = [
        migrations.RunPython(
            _on_postgres("CREATE INDEX IF NOT EXISTS kb_searchdoc_head ON knowledgebase_searchdocument USING gin (head)"),
            _on_postgres("DROP INDEX IF EXISTS kb_searchdoc_head"),
        ),
    ]
