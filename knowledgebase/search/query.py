"""Ranking: ``article_search``, the one function the pages, the API and the assistant call.

Both backends index the same terms (``knowledgebase.text.tokenize``: jieba for Chinese, Snowball for
English) in four fields, title, keywords, summary and body. A search has three steps:

1. ``understand`` reads the question into weighted terms (the sentence that asks over the story,
   hashes and addresses dropped, the lexicon's typo fixes and paraphrases), and unknown words are
   matched to their nearest indexed ones: latin ones with ``difflib`` ("withdrawl" -> "withdraw"),
   Chinese ones of three characters or more at one character's distance (提现廷迟 -> 提现延迟).
2. The database finds candidates with its heaviest terms. PostgreSQL: a narrow ``SearchDocument``
   row per translation with a ``tsvector`` (weights A/B/C/D, GIN index) written from the
   pre-tokenised text; the shortlist comes in tiers (``_candidates_postgres``): the closest
   ``pg_trgm`` matches of a word no title or keyword knows, then the titles/keywords/summaries
   (``head``) with two of the question's most telling terms, then with one, best by ``ts_rank``,
   then bodies. Ranking every match of a common word read thousands of rows at 10,000 articles.
   SQLite: the same tiers on an FTS5 table, ranked with ``bm25()`` and per-column weights.
3. ``rerank`` scores the candidates with BM25F over the four fields using each term's weight,
   with the same statistics on both backends, nudged by helpful votes.
"""

import difflib
import itertools
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import SafeString
from rapidfuzz.distance import Levenshtein

from knowledgebase.models import Article, ArticleTranslation
from knowledgebase.search import rerank, stats
from knowledgebase.search.index import _index_version, _vocabulary
from knowledgebase.search.snippets import snippet_html
from knowledgebase.search.stats import lexeme
from knowledgebase.search.understand import MAX_QUERY_CHARS, Question, understand
from knowledgebase.text import is_cjk

# FTS5's per-column weights for the SQLite shortlist: title, keywords, summary, body.
FTS5_WEIGHTS = (10.0, 6.0, 3.0, 1.0)
TSRANK_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"  # PostgreSQL order: D, C, B, A
HELPFUL_SWING = rerank.HELPFUL_SWING
# The candidates the database hands to the re-ranker, found in tiers (``_tiers``). Bigger is closer
# to ranking everything, and slower.
SHORTLIST = 100
SHORTLIST_TERMS = 8  # the telling terms that find the candidates of a help centre bigger than the shortlist
PAIR_TERMS = 5  # the pairs of telling terms that find the first candidates: 10 of them
TYPO_SHORTLIST = 20
MAX_TERMS = 32  # bounds the SQL built for one query: the heaviest terms find the candidates
TYPO_WEIGHT = 0.8  # a corrected word counts a little less than the word the article has
MAX_TYPO_TERMS = 48
SNIPPET_TERMS = 12
MAX_CACHED_TYPOS = 20_000
# Per process, keyed by the index version (the vocabulary's, which includes the language).
_near_cache: dict[tuple[str, str], list[str]] = {}
_helpful_factor = rerank._helpful_factor


@dataclass(frozen=True)
class Hit:
    article_id: int
    slug: str
    title: str
    snippet_html: SafeString
    score: float


def expand_typos(terms: list[str], vocabulary: frozenset[str]) -> list[str]:
    """The query terms plus, for words no title, keyword or summary contains, their nearest ones."""
    expanded = list(terms)
    for term in terms:
        for close in _near(term, vocabulary):
            if close not in expanded:
                expanded.append(close)
    return expanded


def _near_cached(term: str, vocabulary: frozenset[str], version: str) -> list[str]:
    key = (version, term)
    if key not in _near_cache:
        if len(_near_cache) > MAX_CACHED_TYPOS:
            _near_cache.clear()
        _near_cache[key] = _near(term, vocabulary)
    return _near_cache[key]


def _near(term: str, vocabulary: frozenset[str]) -> list[str]:
    if term in vocabulary or term.isdigit():
        return []
    if is_cjk(term):
        # Chinese typos are homophones or look-alikes of one character; two-character words have too
        # many neighbours at that distance to guess (the lexicon lists the common ones).
        if len(term) < 3:
            return []
        return [word for word in vocabulary if len(word) == len(term) and Levenshtein.distance(term, word) == 1][:2]
    if len(term) < 4:
        return []
    # difflib's ratio is at most 2*min(a, b)/(a + b): below 0.8 unless 2/3 <= len(word)/len(term) <= 3/2.
    nearby = [word for word in vocabulary if not is_cjk(word) and 2 * len(term) <= 3 * len(word) <= 4.5 * len(term)]
    return difflib.get_close_matches(term, nearby, n=2, cutoff=0.8)


def _with_typos(question: Question, vocabulary: frozenset[str], version: str) -> Question:
    """Corrections for the heaviest ``MAX_TYPO_TERMS`` words only: in a long story the words that
    decide are few, and a nearest-word search for each of hundreds would cost more than the search."""
    weights = dict(question.weights)
    for term, weight in list(question.weights.items())[:MAX_TYPO_TERMS]:
        for close in _near_cached(term, vocabulary, version):
            weights[close] = max(weights.get(close, 0.0), weight * TYPO_WEIGHT)
    return Question(dict(sorted(weights.items(), key=lambda pair: -pair[1])))


def _visibility(include_internal: bool) -> list[str]:
    if include_internal:
        return [Article.Visibility.PUBLIC, Article.Visibility.INTERNAL]
    return [Article.Visibility.PUBLIC]


@dataclass(frozen=True)
class _Tier:
    """One candidate query: documents having all the terms of one of ``groups`` (in their head, the
    title, keywords and summary, when ``heads``), ranked on PostgreSQL by ``ranked_by``'s terms."""

    heads: bool
    groups: tuple[tuple[str, ...], ...]
    ranked_by: tuple[str, ...]


def _tiers(terms: list[str], telling: list[str]) -> list[_Tier]:
    """The candidate queries in order, each run only if those before found fewer than ``SHORTLIST``:
    heads with two of the first ``PAIR_TERMS`` telling terms, then heads with one, the most telling
    first, then whole documents with any term. A small help centre (no telling terms) takes only
    the last: every article sharing a word is a candidate.

    Ranking every match of a common word reads thousands of rows at 10,000 articles; two telling
    terms together match far fewer, and those are the articles the re-ranker puts first anyway.
    """
    tiers = []
    pairs = tuple(itertools.combinations(telling[:PAIR_TERMS], 2))
    if pairs:
        tiers.append(_Tier(heads=True, groups=pairs, ranked_by=tuple(telling)))
    # The most telling first: a common word comes last and often not at all.
    tiers += [_Tier(heads=True, groups=((term,),), ranked_by=(term,)) for term in telling]
    tiers.append(_Tier(heads=False, groups=tuple((term,) for term in terms), ranked_by=()))
    return tiers


_FTS5_HEADS = "{title keywords summary} : "
_SQLITE_TIER = """
    SELECT t.id, a.helpful_count, a.not_helpful_count, t.updated_at FROM knowledgebase_fts
    JOIN knowledgebase_articletranslation t ON t.id = knowledgebase_fts.rowid
    JOIN knowledgebase_article a ON a.id = t.article_id
    WHERE knowledgebase_fts MATCH %s AND t.language = %s AND a.status = %s
      AND a.visibility IN ({visibilities}) AND t.id NOT IN ({found})
    ORDER BY bm25(knowledgebase_fts, %s, %s, %s, %s), t.id LIMIT %s
"""


def _candidates_sqlite(
    terms: list[str], telling: list[str], *, language: str, visibilities: list[str]
) -> dict[int, tuple[int, int, str]]:
    """The tiers (``_tiers``) on the FTS5 table, each ranked by ``bm25()`` with per-column weights."""
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        for tier in _tiers(terms, telling):
            if len(rows) >= SHORTLIST:
                break
            match = " OR ".join("(" + " AND ".join(f'"{term}"' for term in group) + ")" for group in tier.groups)
            found = [row[0] for row in rows]  # SQLite takes an empty "NOT IN ()"
            sql = _SQLITE_TIER.format(
                visibilities=", ".join(["%s"] * len(visibilities)), found=", ".join(["%s"] * len(found))
            )
            params = [
                f"{_FTS5_HEADS}({match})" if tier.heads else match,
                language,
                Article.Status.PUBLISHED,
                *visibilities,
                *found,
                *FTS5_WEIGHTS,
                SHORTLIST - len(rows),
            ]
            cursor.execute(sql, params)
            rows += cursor.fetchall()
    return {pk: (helpful, not_helpful, str(stamp)) for pk, helpful, not_helpful, stamp in rows}


# The rows a language's search may return: published, and public unless agents ask.
_PG_FILTERS = """
    JOIN knowledgebase_article a ON a.id = d.article_id
    WHERE d.language = %s AND a.status = %s AND a.visibility = ANY(%s)
"""


# The candidate tiers' queries (their parameters: the filters', then in order of the placeholders).
_TYPOS = f"""
    SELECT d.translation_id AS id FROM knowledgebase_searchdocument d {_PG_FILTERS}
      AND %s <%% d.typo
    ORDER BY word_similarity(%s, d.typo) DESC, d.translation_id
    LIMIT %s
"""  # noqa: S608 -- a constant
_RANKED_HEADS = f"""
    SELECT d.translation_id AS id FROM knowledgebase_searchdocument d {_PG_FILTERS}
      AND d.head @@ %s::tsquery AND NOT d.translation_id = ANY(%s)
    ORDER BY ts_rank('{TSRANK_WEIGHTS}', d.head, %s::tsquery) DESC, d.translation_id
    LIMIT %s
"""  # noqa: S608 -- only placeholders and constants are interpolated
_BODIES = f"""
    SELECT d.translation_id AS id FROM knowledgebase_searchdocument d {_PG_FILTERS}
      AND d.doc @@ %s::tsquery AND NOT d.translation_id = ANY(%s)
    ORDER BY d.translation_id LIMIT %s
"""  # noqa: S608 -- only placeholders and constants are interpolated


def _candidates_postgres(
    terms: list[str], telling: list[str], *, language: str, visibilities: list[str], unknown: str
) -> dict[int, tuple[int, int, str]]:
    """First the closest ``pg_trgm`` matches of the words no head knows, then the tiers (``_tiers``):
    heads by ``ts_rank`` (GIN on ``head``), whole documents unordered (ranking them would read their
    out-of-line vectors; the re-ranker orders them)."""
    filters = [language, Article.Status.PUBLISHED, list(visibilities)]
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        # A common word matches most documents, and the planner then prefers reading the table
        # to the GIN index, which means detoasting every document's vector to test it: 3-4x
        # slower. SET LOCAL in the same query string lasts for this statement's implicit
        # transaction; inside a caller's transaction it is reset at once so it goes no further.
        if unknown:
            cursor.execute(
                "SET LOCAL enable_seqscan = off; " + _with_votes(_TYPOS),
                [*filters, unknown, unknown, TYPO_SHORTLIST],
            )
            rows += cursor.fetchall()
        for tier in _tiers(terms, telling):
            if len(rows) >= SHORTLIST:
                break
            query = " | ".join("(" + " & ".join(lexeme(term) for term in group) + ")" for group in tier.groups)
            found = [row[0] for row in rows]
            if tier.heads:
                ranked_by = " | ".join(lexeme(term) for term in tier.ranked_by)
                sql, params = _RANKED_HEADS, [*filters, query, found, ranked_by, SHORTLIST - len(rows)]
            else:
                sql, params = _BODIES, [*filters, query, found, SHORTLIST - len(rows)]
            cursor.execute("SET LOCAL enable_seqscan = off; " + _with_votes(sql), params)
            rows += cursor.fetchall()
        if connection.in_atomic_block:
            cursor.execute("RESET enable_seqscan")
    return {pk: (helpful, not_helpful, str(stamp)) for pk, helpful, not_helpful, stamp in rows}


def _with_votes(shortlist: str) -> str:
    """The shortlist's translation ids with their article's votes and the translation's ``updated_at``."""
    return f"""
        SELECT shortlist.id, a.helpful_count, a.not_helpful_count, t.updated_at FROM ({shortlist}) shortlist
        JOIN knowledgebase_articletranslation t ON t.id = shortlist.id
        JOIN knowledgebase_article a ON a.id = t.article_id
    """  # noqa: S608 -- a query of constants and placeholders


def _telling_terms(
    question: Question, terms: list[str], language: str, visibilities: list[str], version: str
) -> list[str]:
    """The ``SHORTLIST_TERMS`` terms that say most (weight in the question times rarity) of those
    some article has: a word most articles have ("account", "帐户") would make every article a
    candidate and rank none, and a word none has ("两个") finds none."""
    idf = stats.idf(terms, language, visibilities, version)
    found_in = stats.frequencies(terms, language, visibilities, version)
    known = [term for term in terms if found_in[term][0]]
    return sorted(known, key=lambda term: (-question.weights[term] * idf[term], term))[:SHORTLIST_TERMS]


def article_search(query: str, *, language: str, limit: int = 10, include_internal: bool = False) -> list[Hit]:
    """Published articles of ``language`` that answer ``query``, best first.

    Reads up to ``MAX_QUERY_CHARS`` characters. Internal articles are included only with
    ``include_internal`` (agents). An empty or stop-word-only query returns nothing.
    """
    question = understand((query or "")[:MAX_QUERY_CHARS], language=language)
    if not question.terms:
        return []
    version = _index_version()  # one cache round trip per search
    vocabulary = _vocabulary(language, version)
    # Words no head knows and no head has a near spelling of: their trigrams find what the nearest
    # words cannot (run together, cut short). Corrected words need no second, slower look.
    unknown = " ".join(
        term
        for term in question.terms
        if not is_cjk(term)
        and not term.isdigit()
        and term not in vocabulary
        and not _near_cached(term, vocabulary, version)
    )
    question = _with_typos(question, vocabulary, version)
    visibilities = _visibility(include_internal)
    terms = question.top(MAX_TERMS)
    # A help centre smaller than the shortlist makes every article sharing a word a candidate: one
    # query, no tiers.
    small = stats.published_count(language, visibilities, version) <= SHORTLIST
    telling = [] if small else _telling_terms(question, terms, language, visibilities, version)
    if connection.vendor == "postgresql":
        candidates = _candidates_postgres(terms, telling, language=language, visibilities=visibilities, unknown=unknown)
    else:
        candidates = _candidates_sqlite(terms, telling, language=language, visibilities=visibilities)
    scored = rerank.rank(question, candidates, language=language, visibilities=visibilities, version=version)[:limit]
    if not scored:
        return []
    translations = (
        ArticleTranslation.objects.select_related("article")
        .only("title", "summary", "body_text", "article_id", "article__slug")
        .in_bulk([translation_id for _, translation_id in scored])
    )
    # The snippet shows and marks what is asked: the heaviest terms, not every word of a story.
    term_set = frozenset(question.top(SNIPPET_TERMS))
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
