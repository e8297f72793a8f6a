"""One translation's texts as an answer reads them: the Markdown body a passage is cut from and the
indexed terms a confidence is measured against.

The terms are the ``stats.Document`` the ranking has just read and cached for the same translation,
not the indexed fields read and split again; the body is read through the cursor, by the hit's
translation id: on the assistant's path the ORM's building of this one-row query cost more CPU than
PostgreSQL's answering it.
"""

from dataclasses import dataclass

from django.db import connection

from knowledgebase.search import stats


@dataclass(frozen=True)
class IndexedTexts:
    body_markdown: str
    document: stats.Document  # its terms: ``has(term)`` anywhere, ``in_head(term)`` in the title, keywords or summary


def indexed_texts(translation_id: int) -> IndexedTexts | None:
    """The texts of translation ``translation_id``, None if it is gone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT body_markdown FROM knowledgebase_articletranslation WHERE id = %s", [translation_id])
        row = cursor.fetchone()
    document = stats.document(translation_id) if row is not None else None
    return IndexedTexts(row[0], document) if document is not None else None
