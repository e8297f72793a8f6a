"""Ranking: ``article_search``, the one function the pages, the API and the assistant call.

Both backends index the same terms (``knowledgebase.text.tokenize``: jieba for Chinese, Snowball for
English) in four fields, title, keywords, summary and body. A search has three steps:

1. ``understand`` reads the question into weighted terms (the sentence that asks over the story,
   hashes and addresses dropped, the lexicon's typo fixes and paraphrases), and unknown words are
   matched to their nearest indexed ones: latin ones with ``difflib`` ("withdrawl" -> "withdraw"),
   Chinese ones of three characters or more at one character's distance (提现廷迟 -> 提现延迟).
2. Candidates come in tiers (``_tiers``, ``_candidates``) until the shortlist is full: on
   PostgreSQL the closest ``pg_trgm`` matches of a typed word no article has; then the heads
   (title, keywords, summary) with two of the question's most telling terms, then with one, ranked
   as ``ts_rank`` ranks them, from postings the process holds (``heads``); then whole documents
   from the backend's full-text index (PostgreSQL: a ``SearchDocument`` row per translation with a
   weighted ``tsvector`` and a GIN index; SQLite: an FTS5 table ranked with ``bm25()``). Ranking
   every match of a common word read thousands of rows at 10,000 articles.
3. ``rerank`` scores the candidates with BM25F over the four fields using each term's weight,
   with the same statistics on both backends, nudged by helpful votes.
"""

import difflib
import itertools
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import SafeString
from rapidfuzz.distance import Levenshtein

from knowledgebase.models import Article
from knowledgebase.search import heads, rerank, stats
from knowledgebase.search.index import _index_version
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
# A latin word shorter than this is not guessed at (its nearest spellings or trigrams): "u" (USDT
# in a Chinese question) or "2h" would match whatever shares a letter or two.
MIN_GUESSED_CHARS = 4
# Per process, keyed by the index version (the vocabulary's, which includes the language).
_near_cache: dict[tuple[str, str], list[str]] = {}
_helpful_factor = rerank._helpful_factor


@dataclass(frozen=True)
class Hit:
    article_id: int
    translation_id: int
    slug: str
    title: str
    snippet_html: SafeString
    score: float


_NO_SNIPPET = SafeString("")


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
    near = _near_cache.get(key)
    if near is None:
        if len(_near_cache) > MAX_CACHED_TYPOS:
            _near_cache.clear()
        # Returned from here, not read back: another request thread may clear the cache in between.
        near = _near_cache[key] = _near(term, vocabulary)
    return near


def _near(term: str, vocabulary: frozenset[str]) -> list[str]:
    if term in vocabulary or term.isdigit():
        return []
    if is_cjk(term):
        # Chinese typos are homophones or look-alikes of one character; two-character words have too
        # many neighbours at that distance to guess (the lexicon lists the common ones).
        if len(term) < 3:
            return []
        return [word for word in vocabulary if len(word) == len(term) and Levenshtein.distance(term, word) == 1][:2]
    if len(term) < MIN_GUESSED_CHARS:
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
    """One candidate query: documents having all the terms of one of ``groups``. Heads (title,
    keywords and summary) when ``heads``, ranked by ``ranked_by``'s terms; whole documents otherwise."""

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
    # Chinese is indexed in jieba's search mode, so a head with 交易哈希 also has 哈希: such a pair
    # is one word and would bring every head having it.
    pairs = tuple(
        (first, second)
        for first, second in itertools.combinations(telling[:PAIR_TERMS], 2)
        if not (is_cjk(first) and is_cjk(second) and (first in second or second in first))
    )
    if pairs:
        tiers.append(_Tier(heads=True, groups=pairs, ranked_by=tuple(telling)))
    # The most telling first: a common word comes last and often not at all.
    tiers += [_Tier(heads=True, groups=((term,),), ranked_by=(term,)) for term in telling]
    tiers.append(_Tier(heads=False, groups=tuple((term,) for term in terms), ranked_by=()))
    return tiers


# A candidate's votes (its article's helpful and unhelpful counts: they change without a new index
# version) and its ``updated_at`` (the re-ranker's cache stamp), read with it. The stamp is read as
# text: it is only compared with itself, and turning a hundred timestamps into datetimes, then
# strings, cost half a millisecond of CPU a search.
Candidates = dict[int, tuple[int, int, str]]
_VOTES = """
    SELECT t.id, a.helpful_count, a.not_helpful_count, CAST(t.updated_at AS TEXT)
    FROM knowledgebase_articletranslation t JOIN knowledgebase_article a ON a.id = t.article_id
"""
# The rows a language's search may return: published, and public unless agents ask.
_FILTERS = "t.language = %s AND a.status = %s AND a.visibility IN ({visibilities})"
_HEADS_SHOWN = f"{_VOTES} WHERE t.id IN ({{found}}) AND {_FILTERS}"
_SQLITE_BODIES = f"""
    {_VOTES} JOIN knowledgebase_fts ON knowledgebase_fts.rowid = t.id
    WHERE knowledgebase_fts MATCH %s AND {_FILTERS} AND t.id NOT IN ({{found}})
    ORDER BY bm25(knowledgebase_fts, %s, %s, %s, %s), t.id LIMIT %s
"""
_PG_TIER = f"""
    {_VOTES} JOIN knowledgebase_searchdocument d ON d.translation_id = t.id
    WHERE {{match}} AND {_FILTERS} AND NOT t.id = ANY(%s)
    ORDER BY {{order}} LIMIT %s
"""
# The closest trigram matches of the words no head knows nor has a near spelling of.
_PG_TYPOS = _PG_TIER.format(
    match="%s <%% d.typo", order="word_similarity(%s, d.typo) DESC, t.id", visibilities="{visibilities}"
)
# Whole documents with any term, unordered: ranking them would read their out-of-line vectors; the
# re-ranker orders them.
_PG_BODIES = _PG_TIER.format(match="d.doc @@ %s::tsquery", order="t.id", visibilities="{visibilities}")
# A common word matches most documents, and the planner then prefers reading the table to the GIN
# index, which means detoasting every document's vector to test it: 3-4x slower. SET LOCAL in the
# same query string lasts for this statement's implicit transaction; inside a caller's transaction
# it is reset after the candidates so it goes no further.
_NO_SEQSCAN = "SET LOCAL enable_seqscan = off; "


def _candidates(
    terms: list[str],
    telling: list[str],
    *,
    language: str,
    version: str,
    include_internal: bool,
    unknown: str,
) -> Candidates:
    """The tiers (``_tiers``) in order until the shortlist is full: on PostgreSQL the closest
    trigram matches of the words no head knows first, the heads' tiers from the postings in memory
    (``heads``), the documents' from the backend's full-text index."""
    visibilities = _visibility(include_internal)
    postgres = connection.vendor == "postgresql"
    filters = [language, Article.Status.PUBLISHED, *visibilities]
    found: Candidates = {}
    from_heads: list[int] = []
    seqscan_off = False
    with connection.cursor() as cursor:

        def read(template: str, *params, listed: int = 0) -> None:
            sql = template.format(visibilities=_placeholders(len(visibilities)), found=_placeholders(listed))
            cursor.execute(sql, params)
            found.update((pk, (helpful, not_helpful, stamp)) for pk, helpful, not_helpful, stamp in cursor.fetchall())

        if postgres and unknown:
            seqscan_off = True
            read(_NO_SEQSCAN + _PG_TYPOS, unknown, *filters, [], unknown, TYPO_SHORTLIST)
        for tier in _tiers(terms, telling):
            room = SHORTLIST - len(found) - len(from_heads)
            if room <= 0:
                break
            if tier.heads:
                from_heads += heads.for_language(language, version).matching(
                    tier.groups,
                    tier.ranked_by,
                    exclude={*found, *from_heads},
                    include_internal=include_internal,
                    limit=room,
                )
            elif postgres:
                seqscan_off = True
                query = " | ".join("(" + " & ".join(lexeme(term) for term in group) + ")" for group in tier.groups)
                read(_NO_SEQSCAN + _PG_BODIES, query, *filters, [*found, *from_heads], room)
            else:
                match = " OR ".join("(" + " AND ".join(f'"{term}"' for term in group) + ")" for group in tier.groups)
                excluded = [*found, *from_heads]  # SQLite takes an empty "NOT IN ()"
                read(_SQLITE_BODIES, match, *filters, *excluded, *FTS5_WEIGHTS, room, listed=len(excluded))
        if from_heads:
            # The heads in memory may be a version behind: only what may be shown now is kept.
            read(_HEADS_SHOWN, *from_heads, *filters, listed=len(from_heads))
        if seqscan_off and connection.in_atomic_block:
            cursor.execute("RESET enable_seqscan")
    return found


def _placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def _telling_terms(
    question: Question,
    terms: list[str],
    found_in: dict[str, tuple[int, int]],
    language: str,
    visibilities: list[str],
    version: str,
) -> list[str]:
    """The ``SHORTLIST_TERMS`` terms that say most (weight in the question times rarity) of those
    some article has: a word most articles have ("account", "帐户") would make every article a
    candidate and rank none, and a word none has ("两个") finds none."""
    idf = stats.idf(terms, language, visibilities, version)
    known = [term for term in terms if found_in[term][0]]
    return sorted(known, key=lambda term: (-question.weights[term] * idf[term], term))[:SHORTLIST_TERMS]


def article_search(
    query: str, *, language: str, limit: int = 10, include_internal: bool = False, snippets: bool = True
) -> list[Hit]:
    """Published articles of ``language`` that answer ``query``, best first.

    Reads up to ``MAX_QUERY_CHARS`` characters. Internal articles are included only with
    ``include_internal`` (agents). An empty or stop-word-only query returns nothing. Without
    ``snippets`` the hits' ``snippet_html`` is empty and no body is read: for callers that show
    their own passage (the assistant) or none.
    """
    question = understand((query or "")[:MAX_QUERY_CHARS], language=language)
    if not question.terms:
        return []
    version = _index_version()  # one cache round trip per search
    vocabulary = heads.for_language(language, version).vocabulary
    typed = question.weights.keys()
    question = _with_typos(question, vocabulary, version)
    visibilities = _visibility(include_internal)
    terms = question.top(MAX_TERMS)
    found_in = stats.frequencies(terms, language, visibilities, version)  # the re-ranker's IDF reads them too
    # Typed words no article has and no head has a near spelling of: their trigrams find what the
    # nearest words cannot (run together, cut short). A word some body has ("coin", "never") is no
    # typo, and its trigrams matched thousands of titles (10-60 ms at 10,000 articles).
    unknown = " ".join(
        term
        for term in terms
        if term in typed
        and not found_in[term][0]
        and not is_cjk(term)
        and not term.isdigit()
        and len(term) >= MIN_GUESSED_CHARS
        and term not in vocabulary
        and not _near_cached(term, vocabulary, version)
    )
    # A help centre smaller than the shortlist makes every article sharing a word a candidate: one
    # query, no tiers.
    small = stats.published_count(language, visibilities, version) <= SHORTLIST
    telling = [] if small else _telling_terms(question, terms, found_in, language, visibilities, version)
    candidates = _candidates(
        terms, telling, language=language, version=version, include_internal=include_internal, unknown=unknown
    )
    scored = rerank.rank(question, candidates, language=language, visibilities=visibilities, version=version)[:limit]
    return _hits(scored, question, snippets=snippets) if scored else []


# The hits' rows, read as tuples through the cursor: on the assistant's path the ORM's building of
# this query cost several times its execution (0.9 ms of CPU against 0.14 ms, measured in-process).
_HITS = """
    SELECT t.id, t.article_id, a.slug, t.title{texts} FROM knowledgebase_articletranslation t
    JOIN knowledgebase_article a ON a.id = t.article_id WHERE t.id IN ({found})
"""


def _hits(scored: list[tuple[float, int]], question: Question, *, snippets: bool) -> list[Hit]:
    """The hits for ``(score, translation id)`` pairs, in their order."""
    with connection.cursor() as cursor:
        cursor.execute(
            _HITS.format(texts=", t.summary, t.body_text" if snippets else "", found=_placeholders(len(scored))),
            [pk for _, pk in scored],
        )
        rows = {row[0]: row for row in cursor.fetchall()}
    # The snippet shows and marks what is asked: the heaviest terms, not every word of a story.
    term_set = frozenset(question.top(SNIPPET_TERMS))
    hits = []
    for score, translation_id in scored:
        if translation_id not in rows:  # deleted since it was ranked
            continue
        _id, article_id, slug, title, *texts = rows[translation_id]
        shown = snippet_html(texts[1], term_set, fallback=texts[0]) if snippets else _NO_SNIPPET
        hits.append(Hit(article_id, translation_id, slug=slug, title=title, snippet_html=shown, score=score))
    return hits
