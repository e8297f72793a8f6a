"""Corpus statistics the ranking needs, per language and index version, cached in the process.

How many published translations there are, in how many of them each term occurs (filled as queries
ask: the BM25 IDF of a term without counting on every search), the average length of each field
(BM25's length normalisation) and each candidate's term counts per field. Everything is dropped
when the index version changes (``index.index_changed`` after every save), and read through SQL
that both backends answer alike, so SQLite and PostgreSQL rank with the same numbers.
"""

import math
from collections import Counter
from dataclasses import dataclass

from django.db import connection

from knowledgebase.models import Article, ArticleTranslation

FIELDS = ("title", "keywords", "summary", "body")
MAX_CACHED_TERMS = 50_000
MAX_CACHED_DOCUMENTS = 5_000
_corpora: dict[tuple, dict] = {}
_documents: dict[str, object] = {"version": None}


@dataclass(frozen=True)
class Document:
    """One translation's term counts per field, its field lengths and its votes."""

    translation_id: int
    counts: tuple[Counter, ...]
    lengths: tuple[int, ...]
    helpful: int
    not_helpful: int


def _corpus(language: str, visibilities: list[str], version: str) -> dict:
    key = (connection.alias, language, tuple(visibilities))
    cached = _corpora.get(key)
    if cached is None or cached["version"] != version or len(cached["df"]) > MAX_CACHED_TERMS:
        # Words are space-separated in the search fields: a field's length is its spaces plus one.
        lengths = ", ".join(
            f"avg(CASE WHEN t.search_{field} = '' THEN 0 ELSE "
            f"length(t.search_{field}) - length(replace(t.search_{field}, ' ', '')) + 1 END)"
            for field in FIELDS
        )
        placeholders = ", ".join(["%s"] * len(visibilities))
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT count(*), {lengths} FROM knowledgebase_articletranslation t
                JOIN knowledgebase_article a ON a.id = t.article_id
                WHERE t.language = %s AND a.status = %s AND a.visibility IN ({placeholders})
                """,  # noqa: S608 -- only constants and placeholders are interpolated
                [language, Article.Status.PUBLISHED, *visibilities],
            )
            total, *averages = cursor.fetchone()
        averages = tuple(max(1.0, float(value or 0)) for value in averages)
        cached = _corpora[key] = {"version": version, "total": total, "df": {}, "averages": averages}
    return cached


def average_lengths(language: str, visibilities: list[str], version: str) -> tuple[float, ...]:
    return _corpus(language, visibilities, version)["averages"]


def idf(terms: list[str], language: str, visibilities: list[str], version: str) -> dict[str, float]:
    """BM25's IDF of each term over the published translations of ``language``."""
    corpus = _corpus(language, visibilities, version)
    missing = [term for term in terms if term not in corpus["df"]]
    if missing:
        corpus["df"].update(_document_frequencies(missing, language, visibilities))
    total = corpus["total"]
    return {term: math.log(1 + (total - corpus["df"][term] + 0.5) / (corpus["df"][term] + 0.5)) for term in terms}


def _document_frequencies(terms: list[str], language: str, visibilities: list[str]) -> dict[str, int]:
    filters = [language, Article.Status.PUBLISHED, *visibilities]
    placeholders = ", ".join(["%s"] * len(visibilities))
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"""
                SELECT q.term, (SELECT count(*) FROM knowledgebase_searchdocument d
                                JOIN knowledgebase_article a ON a.id = d.article_id
                                WHERE d.language = %s AND a.status = %s AND a.visibility IN ({placeholders})
                                  AND d.doc @@ q.query::tsquery)
                FROM unnest(%s::text[], %s::text[]) AS q(term, query)
                """,  # noqa: S608 -- only placeholders are interpolated
                [*filters, terms, [lexeme(term) for term in terms]],
            )
            found.update(cursor.fetchall())
        else:
            for term in terms:
                cursor.execute(
                    f"""
                    SELECT count(*) FROM knowledgebase_fts
                    JOIN knowledgebase_articletranslation t ON t.id = knowledgebase_fts.rowid
                    JOIN knowledgebase_article a ON a.id = t.article_id
                    WHERE t.language = %s AND a.status = %s AND a.visibility IN ({placeholders})
                      AND knowledgebase_fts MATCH %s
                    """,  # noqa: S608 -- only placeholders are interpolated
                    [*filters, f'"{term}"'],
                )
                found[term] = cursor.fetchone()[0]
    return found


def lexeme(term: str) -> str:
    """``term`` as a tsquery lexeme (the index's terms are already segmented and stemmed)."""
    escaped = term.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"


def documents(translation_ids: list[int], version: str) -> dict[int, Document]:
    """The candidates' term counts per field (cached per process until the index changes)."""
    if _documents["version"] != version or len(_documents) > MAX_CACHED_DOCUMENTS:
        _documents.clear()
        _documents["version"] = version
    missing = [pk for pk in translation_ids if (connection.alias, pk) not in _documents]
    if missing:
        rows = ArticleTranslation.objects.filter(pk__in=missing).values_list(
            "pk", *(f"search_{field}" for field in FIELDS), "article__helpful_count", "article__not_helpful_count"
        )
        for pk, *fields, helpful, not_helpful in rows:
            counts = tuple(Counter(text.split()) for text in fields)
            _documents[(connection.alias, pk)] = Document(
                pk, counts, tuple(sum(count.values()) for count in counts), helpful, not_helpful
            )
    return {pk: _documents[(connection.alias, pk)] for pk in translation_ids if (connection.alias, pk) in _documents}
