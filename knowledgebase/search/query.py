"""Article search: the one module the pages, the API and the assistant use.

Both backends index the same terms (``knowledgebase.text.tokenize``: jieba for Chinese, Snowball
for English) in four weighted fields, title > keywords > summary > body:

* PostgreSQL: a narrow ``SearchDocument`` row per translation with a ``tsvector`` (weights
  A/B/C/D, GIN index) written as a literal from the pre-tokenised text, so it is the ``simple``
  configuration over our own segmentation and stemming. A shortlist (matches ranked by their
  title/keywords/summary part, plus trigram typo matches) is then scored: each query term's
  ``ts_rank`` weighted by its BM25 IDF over the published articles of that language (``ts_rank``
  alone has no notion of a rare word; document frequencies are cached per index version), plus
  ``pg_trgm`` word similarity between the raw query and title + keywords for typos.
* SQLite: an FTS5 table ranked with ``bm25()`` and per-column weights.

On both, latin query words unknown to the titles and keywords are also matched to their nearest
title/keyword terms (``difflib``: "withdrawl" -> "withdraw"), and the final score is nudged by the
article's helpful votes (at most ±10%). Snippets are escaped text with the matched words in <mark>.
"""

import difflib
import math
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import SafeString

from knowledgebase.models import Article, ArticleTranslation
from knowledgebase.search.index import _index_version, _quote, _vocabulary
from knowledgebase.search.snippets import snippet_html
from knowledgebase.text import is_cjk, query_terms

# Field weights: title, keywords, summary, body.
FTS5_WEIGHTS = (10.0, 6.0, 3.0, 1.0)
TSRANK_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"  # PostgreSQL order: D, C, B, A
TRIGRAM_WEIGHT = 0.5
HELPFUL_SWING = 0.1  # a perfectly helpful article scores at most 10% more, an unhelpful one 10% less
CANDIDATES = 50
# PostgreSQL ranks fully only a shortlist: the best matches by title, keywords and summary, and
# the closest typo matches. Bigger is closer to ranking everything, and slower.
SHORTLIST = 100
TYPO_SHORTLIST = 20
MAX_CACHED_TERMS = 50_000
MAX_TERMS = 32  # bounds the SQL built for one query
_corpora: dict[tuple, dict] = {}


@dataclass(frozen=True)
class Hit:
    article_id: int
    slug: str
    title: str
    snippet_html: SafeString
    score: float


def expand_typos(terms: list[str], vocabulary: frozenset[str]) -> list[str]:
    """The query terms plus, for latin words that no title or keyword contains, their nearest ones."""
    expanded = list(terms)
    for term in terms:
        if is_cjk(term) or len(term) < 4 or term in vocabulary or term.isdigit():
            continue
        # difflib's ratio is at most 2*min(a, b)/(a + b): below 0.8 unless 2/3 <= len(word)/len(term) <= 3/2.
        nearby = [word for word in vocabulary if 2 * len(term) <= 3 * len(word) <= 4.5 * len(term)]
        for close in difflib.get_close_matches(term, nearby, n=2, cutoff=0.8):
            if close not in expanded:
                expanded.append(close)
    return expanded[:MAX_TERMS]


# -- ranking -------------------------------------------------------------------------------------


def _visibility(include_internal: bool) -> list[str]:
    if include_internal:
        return [Article.Visibility.PUBLIC, Article.Visibility.INTERNAL]
    return [Article.Visibility.PUBLIC]


def _candidates_sqlite(terms, raw_query, *, language, visibilities):
    match = " OR ".join(f'"{term}"' for term in terms)
    placeholders = ", ".join(["%s"] * len(visibilities))
    sql = f"""
        SELECT t.id, -bm25(knowledgebase_fts, %s, %s, %s, %s) AS score, a.helpful_count, a.not_helpful_count
        FROM knowledgebase_fts
        JOIN knowledgebase_articletranslation t ON t.id = knowledgebase_fts.rowid
        JOIN knowledgebase_article a ON a.id = t.article_id
        WHERE knowledgebase_fts MATCH %s AND t.language = %s AND a.status = %s
          AND a.visibility IN ({placeholders})
        ORDER BY score DESC LIMIT %s
    """  # noqa: S608 -- only placeholders are interpolated
    params = [*FTS5_WEIGHTS, match, language, Article.Status.PUBLISHED, *visibilities, CANDIDATES]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _corpus(language: str, visibilities: list[str], version: str) -> dict:
    """How many published translations of ``language`` there are, and (filled as queries ask) in
    how many of them each term occurs: the BM25 IDF of a term without counting on every search.
    Per process, dropped when the index changes (the same version as the typo vocabularies)."""
    key = (connection.alias, language, tuple(visibilities))
    cached = _corpora.get(key)
    if cached is None or cached["version"] != version or len(cached["df"]) > MAX_CACHED_TERMS:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM knowledgebase_searchdocument d {_PG_FILTERS}",  # noqa: S608 -- a constant
                [language, Article.Status.PUBLISHED, list(visibilities)],
            )
            total = cursor.fetchone()[0]
        cached = _corpora[key] = {"version": version, "total": total, "df": {}}
    return cached


def _idf(terms: list[str], language: str, visibilities: list[str], version: str) -> list[float]:
    corpus = _corpus(language, visibilities, version)
    missing = [term for term in terms if term not in corpus["df"]]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT q.term, (SELECT count(*) FROM knowledgebase_searchdocument d {_PG_FILTERS}
                                AND d.doc @@ q.query::tsquery)
                FROM unnest(%s::text[], %s::text[]) AS q(term, query)
                """,  # noqa: S608 -- a constant
                [language, Article.Status.PUBLISHED, list(visibilities), missing, [_lexeme(t) for t in missing]],
            )
            corpus["df"].update(cursor.fetchall())
    total = corpus["total"]
    return [math.log(1 + (total - corpus["df"][term] + 0.5) / (corpus["df"][term] + 0.5)) for term in terms]


def _lexeme(term: str) -> str:
    return f"'{_quote(term)}'"


# The rows a language's search may return: published, and public unless agents ask.
_PG_FILTERS = """
    JOIN knowledgebase_article a ON a.id = d.article_id
    WHERE d.language = %s AND a.status = %s AND a.visibility = ANY(%s)
"""


def _candidates_postgres(terms, raw_query, *, language, visibilities, typos: bool, version: str):
    """Two passes. First a shortlist: documents matching any term (GIN), ordered by a cheap rank
    of their title, keywords and summary only, plus the closest typo matches (trigram GIN). Then
    the real score on the shortlist alone: each term's ``ts_rank`` over the whole document times
    its IDF, plus the trigram similarity."""
    idf = _idf(terms, language, visibilities, version)
    filter_params = [language, Article.Status.PUBLISHED, list(visibilities)]
    lexemes = [_lexeme(term) for term in terms]
    any_term = " | ".join(lexemes)
    score = " + ".join(f"%s * ts_rank('{TSRANK_WEIGHTS}', d.doc, %s::tsquery)" for _ in terms)
    lowered = raw_query.lower()
    # Trigram matching costs a similarity per candidate: only worth it when a word of the query is
    # unknown to every title and keyword (a typo the term expansion did not resolve).
    typo_branch = f"""
        UNION SELECT id FROM (
            SELECT d.translation_id AS id FROM knowledgebase_searchdocument d {_PG_FILTERS}
              AND %s <%% d.typo
            ORDER BY word_similarity(%s, d.typo) DESC, d.translation_id
            LIMIT %s
        ) typo
    """  # noqa: S608 -- a constant
    sql = f"""
        WITH fts AS (
            SELECT d.translation_id AS id FROM knowledgebase_searchdocument d {_PG_FILTERS}
              AND d.doc @@ %s::tsquery
            ORDER BY ts_rank('{TSRANK_WEIGHTS}', d.head, %s::tsquery) DESC, d.translation_id
            LIMIT %s
        )
        SELECT d.translation_id, {score} + {TRIGRAM_WEIGHT} * word_similarity(%s, d.typo) AS score,
               a.helpful_count, a.not_helpful_count
        FROM (SELECT id FROM fts {typo_branch if typos else ""}) shortlist
        JOIN knowledgebase_searchdocument d ON d.translation_id = shortlist.id
        JOIN knowledgebase_article a ON a.id = d.article_id
        ORDER BY score DESC, d.translation_id LIMIT %s
    """  # noqa: S608 -- only placeholders and constants are interpolated
    params = [
        *filter_params,
        any_term,
        any_term,
        SHORTLIST,
        *[value for weight, lexeme in zip(idf, lexemes, strict=True) for value in (weight, lexeme)],
        lowered,
        *([*filter_params, lowered, lowered, TYPO_SHORTLIST] if typos else []),
        CANDIDATES,
    ]
    with connection.cursor() as cursor:
        # A common word matches most documents, and the planner then prefers reading the table
        # to the GIN index, which means detoasting every document's vector to test it: 3-4x
        # slower. SET LOCAL in the same query string lasts for this statement's implicit
        # transaction; inside a caller's transaction it is reset at once so it goes no further.
        cursor.execute("SET LOCAL enable_seqscan = off; " + sql, params)
        rows = cursor.fetchall()
        if connection.in_atomic_block:
            cursor.execute("RESET enable_seqscan")
        return rows


def _helpful_factor(helpful: int, not_helpful: int) -> float:
    # Smoothed share of helpful votes (two phantom votes, one each way): a few votes move little.
    share = (helpful + 1) / (helpful + not_helpful + 2)
    return 1 + HELPFUL_SWING * (2 * share - 1)


def article_search(query: str, *, language: str, limit: int = 10, include_internal: bool = False) -> list[Hit]:
    """Published articles of ``language`` that answer ``query``, best first.

    Internal articles are included only with ``include_internal`` (agents). An empty or
    stop-word-only query returns nothing.
    """
    query = (query or "")[:200]
    terms = query_terms(query)
    if not terms:
        return []
    version = _index_version()  # one cache round trip per search
    vocabulary = _vocabulary(language, version)
    typos = any(not is_cjk(term) and not term.isdigit() and term not in vocabulary for term in terms)
    terms = expand_typos(terms, vocabulary)
    visibilities = _visibility(include_internal)
    if connection.vendor == "postgresql":
        rows = _candidates_postgres(
            terms, query, language=language, visibilities=visibilities, typos=typos, version=version
        )
    else:
        rows = _candidates_sqlite(terms, query, language=language, visibilities=visibilities)
    if not rows:
        return []
    scored = sorted(
        (
            (float(score) * _helpful_factor(helpful, not_helpful), translation_id)
            for translation_id, score, helpful, not_helpful in rows
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )[:limit]
    translations = (
        ArticleTranslation.objects.select_related("article")
        .only("title", "summary", "body_text", "article_id", "article__slug")
        .in_bulk([translation_id for _, translation_id in scored])
    )
    term_set = frozenset(terms)
    return [
        Hit(
            article_id=translation.article_id,
            slug=translation.article.slug,
            title=translation.title,
            snippet_html=snippet_html(translation.body_text, term_set, fallback=translation.summary),
            score=score,
        )
        for score, translation in ((score, translations[translation_id]) for score, translation_id in scored)
    ]
