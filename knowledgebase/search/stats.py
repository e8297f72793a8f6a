"""Corpus statistics the ranking needs, per language and index version, cached in the process.

How many published translations there are, in how many of them each term occurs (filled as queries
ask: the BM25 IDF of a term without counting on every search), the average length of each field
(BM25's length normalisation) and each candidate's term counts per field. Everything is dropped
when the index version changes (``index.index_changed`` after every save), and read through SQL
that both backends answer alike, so SQLite and PostgreSQL rank with the same numbers.
"""

import contextlib
import functools
import math
import sys
from collections import Counter, OrderedDict
from dataclasses import dataclass

from django.db import connection

from knowledgebase.models import Article, ArticleTranslation
from knowledgebase.text import tokenize

FIELDS = ("title", "keywords", "summary", "body")
MAX_CACHED_TERMS = 50_000
MAX_CACHED_DOCUMENTS = 10_000  # about 5 KB each (interned terms; tracemalloc over 5,000): 50 MB at most per process
IDF_MIX = (0.3, 0.7)  # whole articles, heads
_corpora: dict[tuple, dict] = {}
_documents: OrderedDict = OrderedDict()  # (alias, translation id) -> (updated_at, Document), least recent first
_documents_version: dict = {"version": None}


@dataclass(frozen=True)
class Document:
    """One translation's terms, each with its count in every field (title, keywords, summary, body),
    its field lengths and its keyword phrases.

    One map for the four fields: the re-ranker intersects it with the question once per candidate,
    where four maps took four intersections and four look-ups per term."""

    translation_id: int
    terms: dict[str, tuple[int, int, int, int]]
    lengths: tuple[int, ...]
    phrases: tuple[tuple[str, ...], ...]  # the editors' keyword phrases of two or more terms

    def has(self, term: str) -> bool:
        return term in self.terms

    def in_head(self, term: str) -> bool:
        """In the title, keywords or summary."""
        title, keywords, summary, _body = self.terms.get(term, _ABSENT)
        return bool(title or keywords or summary)


_ABSENT = (0, 0, 0, 0)
# Most terms occur once or twice in the body alone: their count tuples are shared, not one per
# document (616 distinct ones over 5,000 generated articles).
_shapes: dict[tuple[int, ...], tuple[int, ...]] = {}


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


def published_count(language: str, visibilities: list[str], version: str) -> int:
    return _corpus(language, visibilities, version)["total"]


def average_lengths(language: str, visibilities: list[str], version: str) -> tuple[float, ...]:
    return _corpus(language, visibilities, version)["averages"]


def idf(terms: list[str], language: str, visibilities: list[str], version: str) -> dict[str, float]:
    """Each term's IDF over the published translations of ``language``: the mean of BM25's IDF over
    whole articles and over their titles, keywords and summaries only. A topic word ("withdrawal")
    appears in the body of most articles of a small help centre, which leaves it no weight on whole
    articles alone; in the heads it is as rare as the topic, while a word no head has ("normal")
    is not made important by its rarity in the heads alone."""
    total = _corpus(language, visibilities, version)["total"]
    return {
        term: sum(
            math.log(1 + (total - df + 0.5) / (df + 0.5)) * share for df, share in zip(counts, IDF_MIX, strict=True)
        )
        for term, counts in frequencies(terms, language, visibilities, version).items()
    }


def frequencies(terms: list[str], language: str, visibilities: list[str], version: str) -> dict[str, tuple[int, int]]:
    """In how many published translations each term occurs: (anywhere, in the title, keywords or summary)."""
    corpus = _corpus(language, visibilities, version)
    missing = [term for term in terms if term not in corpus["df"]]
    if missing:
        corpus["df"].update(_document_frequencies(missing, language, visibilities))
    return {term: corpus["df"][term] for term in terms}


def _document_frequencies(terms: list[str], language: str, visibilities: list[str]) -> dict[str, tuple[int, int]]:
    """(in how many articles, in how many heads) each term occurs."""
    filters = [language, Article.Status.PUBLISHED, *visibilities]
    placeholders = ", ".join(["%s"] * len(visibilities))
    found: dict[str, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"""
                SELECT q.term, count(d.translation_id),
                       count(d.translation_id) FILTER (WHERE d.head @@ q.query::tsquery)
                FROM unnest(%s::text[], %s::text[]) AS q(term, query)
                LEFT JOIN knowledgebase_searchdocument d ON d.doc @@ q.query::tsquery AND d.language = %s
                  AND EXISTS (SELECT 1 FROM knowledgebase_article a WHERE a.id = d.article_id AND a.status = %s
                              AND a.visibility IN ({placeholders}))
                GROUP BY q.term
                """,  # noqa: S608 -- only placeholders are interpolated
                [terms, [lexeme(term) for term in terms], *filters],
            )
            found.update((term, (whole, head)) for term, whole, head in cursor.fetchall())
        else:
            # One statement for all the terms: two FTS5 counts (whole row, head columns) per term.
            count = f"""
                (SELECT count(*) FROM knowledgebase_fts
                 JOIN knowledgebase_articletranslation t ON t.id = knowledgebase_fts.rowid
                 JOIN knowledgebase_article a ON a.id = t.article_id
                 WHERE t.language = %s AND a.status = %s AND a.visibility IN ({placeholders})
                   AND knowledgebase_fts MATCH %s)
            """  # noqa: S608 -- only placeholders are interpolated
            sql = " UNION ALL ".join(f"SELECT %s, {count}, {count}" for _ in terms)
            params = [
                value
                for term in terms
                for value in (term, *filters, f'"{term}"', *filters, f'{{title keywords summary}} : "{term}"')
            ]
            cursor.execute(sql, params)
            found.update((term, (whole, head)) for term, whole, head in cursor.fetchall())
    return found


def lexeme(term: str) -> str:
    """``term`` as a tsquery lexeme (the index's terms are already segmented and stemmed)."""
    escaped = term.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"


def documents(candidates: dict[int, str], version: str) -> dict[int, Document]:
    """The candidates' term counts per field (``candidates``: translation id -> its ``updated_at``).

    Cached per process until the index version changes; a translation saved since it was cached (its
    ``updated_at`` differs) is read again, which also covers a save inside the caller's own
    transaction, before the version changes on commit. A gthread worker's request threads share the
    cache: each step is one operation on it, and a document another thread evicts meanwhile is
    still returned from what this call read.
    """
    if _documents_version["version"] != version:
        _documents.clear()
        _documents_version["version"] = version
    alias = connection.alias
    found: dict[int, Document] = {}
    for pk, stamp in candidates.items():
        cached = _documents.get((alias, pk))
        if cached is not None and cached[0] == stamp:
            found[pk] = cached[1]
            with contextlib.suppress(KeyError):  # evicted by another thread since the get
                _documents.move_to_end((alias, pk))
    missing = [pk for pk in candidates if pk not in found]
    if missing:
        for document in _read_documents(missing):
            found[document.translation_id] = document
            # Stamped with what the candidate query read: were the row saved in between, the next search reads it again.
            _documents[(alias, document.translation_id)] = (candidates[document.translation_id], document)
    while len(_documents) > MAX_CACHED_DOCUMENTS:
        with contextlib.suppress(KeyError):  # another thread emptied it first
            _documents.popitem(last=False)  # the least recently ranked
    return {pk: found[pk] for pk in candidates if pk in found}


def document(translation_id: int) -> Document | None:
    """One translation's Document: the one the ranking just cached (its stamp checked there), else
    read now; None if the translation is gone."""
    cached = _documents.get((connection.alias, translation_id))
    if cached is not None:
        return cached[1]
    read = _read_documents([translation_id])
    return read[0] if read else None


def _read_documents(pks: list[int]) -> list[Document]:
    rows = ArticleTranslation.objects.filter(pk__in=pks).values_list(
        "pk", *(f"search_{field}" for field in FIELDS), "keywords"
    )
    read = []
    for pk, *fields, keywords in rows:
        # Interned: the same few thousand words recur in every document, stored once.
        counts = [Counter(map(sys.intern, text.split())) for text in fields]
        phrases = {_phrase_terms(phrase) for phrase in keywords.split(",")}
        read.append(
            Document(
                pk,
                _per_term(counts),
                tuple(sum(count.values()) for count in counts),
                tuple(phrase for phrase in phrases if len(phrase) > 1),
            )
        )
    return read


def _per_term(counts: list[Counter]) -> dict[str, tuple[int, int, int, int]]:
    terms: dict[str, tuple[int, int, int, int]] = {}
    for term in set().union(*counts):
        shape = tuple(count[term] for count in counts)
        terms[term] = _shapes.setdefault(shape, shape)  # type: ignore[assignment]
    return terms


@functools.lru_cache(maxsize=MAX_CACHED_TERMS)
def _phrase_terms(phrase: str) -> tuple[str, ...]:
    """A keyword phrase's distinct terms in order: editors reuse phrases across articles, and
    segmenting Chinese is the slowest part of reading a document."""
    return tuple(dict.fromkeys(tokenize(phrase)))
