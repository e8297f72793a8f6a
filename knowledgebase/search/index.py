"""The search index: each translation's tokenised fields, written where the connected backend
reads them (PostgreSQL: a ``SearchDocument`` row with weighted ``tsvector``s and the trigram text;
SQLite: a row of the FTS5 table), and the index version that tells every process when a change
has made its cached heads (``heads``) and statistics (``stats``) stale."""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import connection, transaction

from knowledgebase.models import ArticleTranslation
from knowledgebase.text import tokenize

_VERSION_KEY = "kb:search-version"
OUTAGE_VERSION_SECONDS = 30
_outage = {"version": "", "until": 0.0}
logger = logging.getLogger(__name__)


def index_fields(translation: ArticleTranslation) -> dict[str, str]:
    """The tokenised text of each field, space-separated (stored on the translation)."""
    return {
        "search_title": " ".join(tokenize(translation.title)),
        "search_keywords": " ".join(tokenize(translation.keywords.replace(",", " "))),
        "search_summary": " ".join(tokenize(translation.summary)),
        "search_body": " ".join(tokenize(translation.body_text)),
    }


def _tsvector_literal(fields: list[tuple[str, str]]) -> str:
    """A tsvector literal with positions and weights: the terms are already segmented and stemmed."""
    positions: dict[str, list[str]] = {}
    position = 0
    for text, weight in fields:
        for term in text.split():
            position = min(position + 1, 16383)
            positions.setdefault(term, []).append(f"{position}{weight}")
    return " ".join(f"'{_quote(term)}':{','.join(spots[:256])}" for term, spots in positions.items())


def _quote(term: str) -> str:
    return term.replace("\\", "\\\\").replace("'", "''")


def index_translation(translation: ArticleTranslation) -> None:
    """Write the translation's search fields into the backend's index (call inside the save's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            vector = _tsvector_literal(
                [
                    (translation.search_title, "A"),
                    (translation.search_keywords, "B"),
                    (translation.search_summary, "C"),
                    (translation.search_body, "D"),
                ]
            )
            cursor.execute(
                """
                INSERT INTO knowledgebase_searchdocument (translation_id, article_id, language, head, doc, typo)
                VALUES (%s, %s, %s, ts_filter(%s::tsvector, '{a,b,c}'), %s::tsvector, lower(%s))
                ON CONFLICT (translation_id) DO UPDATE SET article_id = EXCLUDED.article_id,
                    language = EXCLUDED.language, head = EXCLUDED.head, doc = EXCLUDED.doc, typo = EXCLUDED.typo
                """,
                [
                    translation.pk,
                    translation.article_id,
                    translation.language,
                    vector,
                    vector,
                    f"{translation.title} {translation.keywords}",
                ],
            )
        elif connection.vendor == "sqlite":
            cursor.execute("DELETE FROM knowledgebase_fts WHERE rowid = %s", [translation.pk])
            cursor.execute(
                "INSERT INTO knowledgebase_fts (rowid, title, keywords, summary, body) VALUES (%s, %s, %s, %s, %s)",
                [
                    translation.pk,
                    translation.search_title,
                    translation.search_keywords,
                    translation.search_summary,
                    translation.search_body,
                ],
            )
    transaction.on_commit(index_changed)


def index_changed() -> None:
    """Invalidate every process's statistics and heads (``stats``, ``heads``: rebuilt on the next search).

    Runs after commit, so no process can rebuild from the old rows under the new version.
    """
    try:
        cache.set(_VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # a cache outage must not fail an editor's save; vocabularies then expire with the process
        logger.warning("knowledge-base: could not bump the search version in the cache", exc_info=True)


def _index_version() -> str:
    """The index's version, shared by every process through the cache; a new one after each change."""
    try:
        version = cache.get(_VERSION_KEY)
        if version is None:
            fresh = uuid.uuid4().hex
            added = cache.add(_VERSION_KEY, fresh, None)  # None: the cache hid an error (IGNORE_EXCEPTIONS)
            if added:
                return fresh
            if added is False:  # another process set one first
                version = cache.get(_VERSION_KEY)
    except Exception:
        version = None
    return version or _outage_version()


def _outage_version() -> str:
    """A version of this process's own while the cache cannot be reached, kept for
    ``OUTAGE_VERSION_SECONDS``: a new one per search would rebuild the heads and statistics every
    time (a second or more at 10,000 articles), and Redis going down would take the help centre and
    the assistant with it. Stale statistics only move the ranking: what may be shown is filtered in
    the database on every search."""
    now = time.monotonic()
    if now >= _outage["until"]:
        logger.warning("knowledge-base: search version unavailable from the cache; using this process's own")
        _outage.update(version=uuid.uuid4().hex, until=now + OUTAGE_VERSION_SECONDS)
    return _outage["version"]
