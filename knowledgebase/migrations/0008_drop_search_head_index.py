"""The heads' candidates come from postings each process holds (``knowledgebase.search.heads``), not
from a query on ``head``: its GIN index (0007) only slowed the writes. The column stays: the document
frequencies count the heads with ``@@`` over rows the body's index found."""

from django.db import migrations


def _on_postgres(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("knowledgebase", "0007_search_head_index"),
    ]

    operations = [
        migrations.RunPython(
            _on_postgres("DROP INDEX IF EXISTS kb_searchdoc_head"),
            _on_postgres("CREATE INDEX IF NOT EXISTS kb_searchdoc_head ON knowledgebase_searchdocument USING gin (head)"),
        ),
    ]
