"""One translation's texts as an answer reads them: the Markdown body a passage is cut from and the
indexed fields a confidence is measured against.

Read through the cursor, by the translation's id from the search's hit: on the assistant's path the
ORM's building of this one-row query cost more CPU than PostgreSQL's answering it.
"""

from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class IndexedTexts:
    body_markdown: str
    head_terms: frozenset[str]  # the indexed title, keywords and summary
    body_terms: frozenset[str]  # the indexed body


def indexed_texts(translation_id: int) -> IndexedTexts | None:
    """The texts of translation ``translation_id``, None if it is gone."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body_markdown, search_title, search_keywords, search_summary, search_body "
            "FROM knowledgebase_articletranslation WHERE id = %s",
            [translation_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    body_markdown, title, keywords, summary, body = row
    return IndexedTexts(body_markdown, frozenset(f"{title} {keywords} {summary}".split()), frozenset(body.split()))
