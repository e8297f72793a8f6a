"""A prefix index for the queue's search by the beginning of an e-mail address ("lin.w").

``istartswith`` reads ``UPPER(contact_email::text) LIKE UPPER('lin.w%')``; the existing expression
index on ``UPPER(contact_email)`` serves equality, but a LIKE prefix range scan needs the
``text_pattern_ops`` operator class unless the database's collation is C. PostgreSQL only (SQLite
has neither), as the title's trigram index in 0006.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS ticket_contact_email_prefix "
    "ON tickets_ticket ((UPPER(contact_email::text)) text_pattern_ops)"
]
BACKWARD = ["DROP INDEX IF EXISTS ticket_contact_email_prefix"]


def _on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("tickets", "0014_canned_response_title_zh_hans")]

    operations = [migrations.RunPython(_on_postgres(FORWARD), _on_postgres(BACKWARD))]
