"""Article search: the one module the pages, the API and the assistant use.

Both backends index the same terms (``knowledgebase.text.tokenize``: jieba for Chinese, Snowball
for English) in four weighted fields, title > keywords > summary > body:

* PostgreSQL: a ``tsvector`` column (weights A/B/C/D, GIN index) written as a literal from the
  pre-tokenised text, so it is the ``simple`` configuration over our own segmentation and stemming.
  Each query term is ranked with ``ts_rank`` and weighted by its BM25 IDF over the published
  articles of that language (``ts_rank`` alone has no notion of a rare word), plus ``pg_trgm``
  word similarity between the raw query and title + keywords for typos.
* SQLite: an FTS5 table ranked with ``bm25()`` and per-column weights.

On both, latin query words unknown to the titles and keywords are also matched to their nearest
title/keyword terms (``difflib``: "withdrawl" -> "withdraw"), and the final score is nudged by the
article's helpful votes (at most ±10%). Snippets are escaped text with the matched words in <mark>.
"""

import difflib
import html
import logging
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.safestring import SafeString, mark_safe

from knowledgebase.models import Article, ArticleTranslation
from knowledgebase.text import TOKEN_RE, is_cjk, query_terms, stem, tokenize

# Field weights: title, keywords, summary, body.
FTS5_WEIGHTS = (10.0, 6.0, 3.0, 1.0)
TSRANK_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"  # PostgreSQL order: D, C, B, A
TRIGRAM_WEIGHT = 0.5
HELPFUL_SWING = 0.1  # a perfectly helpful article scores at most 10% more, an unhelpful one 10% less
CANDIDATES = 50
MAX_TERMS = 32  # bounds the SQL built for one query
SNIPPET_CHARS = 220
_VERSION_KEY = "kb:search-version"
_vocabularies: dict[tuple[str, str], tuple[str, frozenset[str]]] = {}
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    article_id: int
    slug: str
    title: str
    snippet_html: SafeString
    score: float


# -- indexing ------------------------------------------------------------------------------------


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
                "UPDATE knowledgebase_articletranslation SET search_vector = %s::tsvector WHERE id = %s",
                [vector, translation.pk],
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
    """Invalidate the typo vocabularies in every process (they are rebuilt on the next search).

    Runs after commit, so no process can rebuild from the old rows under the new version.
    """
    try:
        cache.set(_VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # a cache outage must not fail an editor's save; vocabularies then expire with the process
        logger.warning("knowledge-base: could not bump the search version in the cache", exc_info=True)


# -- typo tolerance ------------------------------------------------------------------------------


def _vocabulary(language: str) -> frozenset[str]:
    try:
        version = cache.get(_VERSION_KEY)
        if version is None:
            version = uuid.uuid4().hex
            cache.set(_VERSION_KEY, version, None)
    except Exception:  # no shared cache: rebuild every time rather than risk a stale vocabulary
        logger.warning("knowledge-base: search version unavailable from the cache", exc_info=True)
        version = uuid.uuid4().hex
    key = (connection.alias, language)
    cached = _vocabularies.get(key)
    if cached and cached[0] == version:
        return cached[1]
    words: set[str] = set()
    rows = ArticleTranslation.objects.filter(language=language, article__status=Article.Status.PUBLISHED)
    for title, keywords in rows.values_list("search_title", "search_keywords"):
        words.update(term for term in (title + " " + keywords).split() if not is_cjk(term))
    vocabulary = frozenset(words)
    _vocabularies[key] = (version, vocabulary)
    return vocabulary


def expand_typos(terms: list[str], language: str) -> list[str]:
    """The query terms plus, for latin words that no title or keyword contains, their nearest ones."""
    vocabulary = _vocabulary(language)
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


def _candidates_postgres(terms, raw_query, *, language, visibilities):
    filters = "t.language = %s AND a.status = %s AND a.visibility = ANY(%s)"
    filter_params = [language, Article.Status.PUBLISHED, list(visibilities)]
    term_queries = [f"'{_quote(term)}'" for term in terms]
    ranks = ", ".join(
        f"ts_rank('{TSRANK_WEIGHTS}', t.search_vector, %s::tsquery) AS r{i}, "
        f"(t.search_vector @@ %s::tsquery)::int AS m{i}"
        for i in range(len(terms))
    )
    rank_params = [value for query in term_queries for value in (query, query)]
    idf = " + ".join(
        f"r{i} * ln(1 + (n.total - sum(m{i}) OVER () + 0.5) / (sum(m{i}) OVER () + 0.5))" for i in range(len(terms))
    )
    typo_text = "lower(t.title || ' ' || t.keywords)"
    sql = f"""
        WITH matched AS (
            SELECT t.id, a.helpful_count, a.not_helpful_count, {ranks}, word_similarity(%s, {typo_text}) AS sim
            FROM knowledgebase_articletranslation t JOIN knowledgebase_article a ON a.id = t.article_id
            WHERE {filters} AND (t.search_vector @@ %s::tsquery OR %s <%% {typo_text})
        ), n AS (
            SELECT count(*) AS total
            FROM knowledgebase_articletranslation t JOIN knowledgebase_article a ON a.id = t.article_id
            WHERE {filters}
        )
        SELECT matched.id, {idf} + {TRIGRAM_WEIGHT} * sim AS score, helpful_count, not_helpful_count
        FROM matched, n ORDER BY score DESC LIMIT %s
    """  # noqa: S608 -- only placeholders and constants are interpolated
    lowered = raw_query.lower()
    params = [
        *rank_params,
        lowered,
        *filter_params,
        " | ".join(term_queries),
        lowered,
        *filter_params,
        CANDIDATES,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
    terms = expand_typos(terms, language)
    visibilities = _visibility(include_internal)
    if connection.vendor == "postgresql":
        rows = _candidates_postgres(terms, query, language=language, visibilities=visibilities)
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


# -- snippets ------------------------------------------------------------------------------------


def _shorten(line: str, terms: frozenset[str]) -> str:
    if len(line) <= SNIPPET_CHARS:
        return line
    first = min((m.start() for m in TOKEN_RE.finditer(line) if _matches(m.group(0), terms)), default=0)
    start = max(0, first - SNIPPET_CHARS // 4)
    piece = line[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(line) else "")


def _matches(word: str, terms: frozenset[str]) -> bool:
    if is_cjk(word):
        return any(term in word for term in terms if is_cjk(term))
    return stem(word.lower()) in terms


def _highlight(text: str, terms: frozenset[str]) -> str:
    cjk_terms = sorted((term for term in terms if is_cjk(term)), key=len, reverse=True)
    if any(len(term) > 1 for term in cjk_terms):  # single characters (账, 没) would mark half the text
        cjk_terms = [term for term in cjk_terms if len(term) > 1]
    out: list[str] = []
    position = 0
    for match in TOKEN_RE.finditer(text):
        out.append(html.escape(text[position : match.start()]))
        word = match.group(0)
        if not is_cjk(word):
            escaped = html.escape(word)
            out.append(f"<mark>{escaped}</mark>" if stem(word.lower()) in terms else escaped)
        else:
            out.append(_highlight_cjk(word, cjk_terms))
        position = match.end()
    out.append(html.escape(text[position:]))
    return "".join(out).replace("</mark><mark>", "")


def _highlight_cjk(run: str, cjk_terms: list[str]) -> str:
    marked = [False] * len(run)
    for term in cjk_terms:
        start = run.find(term)
        while start != -1:
            for i in range(start, start + len(term)):
                marked[i] = True
            start = run.find(term, start + len(term))
    out, i = [], 0
    while i < len(run):
        j = i
        while j < len(run) and marked[j] == marked[i]:
            j += 1
        piece = html.escape(run[i:j])
        out.append(f"<mark>{piece}</mark>" if marked[i] else piece)
        i = j
    return "".join(out)


def snippet_html(text: str, terms: frozenset[str], *, fallback: str = "") -> SafeString:
    """The block of ``text`` matching the most query terms, escaped, with the matches in <mark>."""
    best, best_hits = "", 0
    for line in text.splitlines():
        hits = len(terms.intersection(tokenize(line)))
        if hits > best_hits:
            best, best_hits = line, hits
    if not best:
        best = fallback or (text.splitlines() or [""])[0]
    return mark_safe(_highlight(_shorten(best, terms), terms))  # noqa: S308 -- every piece is escaped above
