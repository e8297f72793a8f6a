"""The heads (title, keywords, summary) of every published translation of a language, in memory: the
typo vocabulary and the postings that find a big help centre's first candidates.

Asking the database for the heads sharing two of a question's telling terms, ranked by ``ts_rank``,
read and ranked a thousand or more rows at 10,000 articles (11-18 ms of a 30 ms search). Here the
same tiers are array operations over the heads, numbered 0..n-1 in the process: a term's postings
are the numbers of the heads that have it and its ``ts_rank`` in each (8 bytes a posting: 5.6 MB
for 20,040 translations, read in 0.6 s a language); two terms' heads are the logical AND of two
masks of n booleans. The heads are read once per process and index version, by the query that
also gives the typo vocabulary.

The postings only choose candidates. Which of them may be shown (still published, public unless
agents ask) is checked in the database when their votes are read (``query._candidates``), so a
process that has not yet seen a new index version can rank with stale heads but never show a
withdrawn article.
"""

from dataclasses import dataclass

import numpy as np
from django.db import connection

from knowledgebase.models import Article, ArticleTranslation

# ts_rank's weights, as the PostgreSQL shortlist used them: title (A), keywords (B), summary (C).
FIELD_WEIGHTS = (1.0, 0.5, 0.3)
_ZETA_2 = 1.64493406685  # sum of 1/i², ts_rank's bound for a term's repeated occurrences
_MAX_POSITIONS = 256  # a tsvector keeps a term's first 256 positions
_NOWHERE = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
_heads: dict[tuple[str, str], "Heads"] = {}


@dataclass(frozen=True, eq=False)
class Heads:
    version: str
    vocabulary: frozenset[str]
    translation_ids: np.ndarray  # head number -> translation id, ascending
    postings: dict[str, tuple[np.ndarray, np.ndarray]]  # term -> (head numbers, the term's rank in each)
    public: np.ndarray  # head number -> may be shown to customers (not internal)

    def matching(
        self,
        groups: tuple[tuple[str, ...], ...],
        ranked_by: tuple[str, ...],
        *,
        exclude: set[int],
        include_internal: bool,
        limit: int,
    ) -> list[int]:
        """Up to ``limit`` heads having every term of one of ``groups``, best first by the sum of
        ``ranked_by``'s ranks in them (the translation id breaks ties), as ``ts_rank`` ordered them."""
        found = np.zeros(len(self.translation_ids), dtype=bool)
        for group in groups:
            having = np.ones_like(found)
            for term in group:
                having &= self._mask(term)
            found |= having
        if not include_internal:
            found &= self.public
        found[self._numbers(exclude)] = False
        scores = np.zeros(len(found), dtype=np.float64)
        for term in ranked_by:
            heads, ranks = self.postings.get(term, _NOWHERE)
            scores[heads] += ranks
        numbers = np.flatnonzero(found)
        best = numbers[np.lexsort((numbers, -scores[numbers]))[:limit]]
        return self.translation_ids[best].tolist()

    def _numbers(self, translation_ids: set[int]) -> np.ndarray:
        """The head numbers of those of ``translation_ids`` the heads have."""
        wanted = np.fromiter(translation_ids, dtype=np.int64, count=len(translation_ids))
        numbers = np.searchsorted(self.translation_ids, wanted)
        inside = numbers < len(self.translation_ids)
        numbers, wanted = numbers[inside], wanted[inside]
        return numbers[self.translation_ids[numbers] == wanted]

    def _mask(self, term: str) -> np.ndarray:
        mask = np.zeros(len(self.translation_ids), dtype=bool)
        mask[self.postings.get(term, _NOWHERE)[0]] = True
        return mask


def for_language(language: str, version: str) -> Heads:
    """The language's heads at ``version``, read from the database the first time it is asked."""
    key = (connection.alias, language)
    cached = _heads.get(key)
    if cached is None or cached.version != version:
        cached = _heads[key] = _read(language, version)
    return cached


def term_rank(weights: list[float]) -> float:
    """A term's rank in one head from the weights of its occurrences in order, as ``ts_rank``'s
    ``calc_rank_or`` computes it (before dividing by the query's size, which orders nothing)."""
    weights = weights[:_MAX_POSITIONS]
    top = max(weights)
    at = weights.index(top)
    spread = sum(weight / (position + 1) ** 2 for position, weight in enumerate(weights))
    return (top + spread - top / (at + 1) ** 2) / _ZETA_2


def _read(language: str, version: str) -> Heads:
    numbers: dict[str, list[int]] = {}
    ranks: dict[str, list[float]] = {}
    translation_ids, public = [], []
    rows = ArticleTranslation.objects.filter(language=language, article__status=Article.Status.PUBLISHED)
    for number, (pk, visibility, *fields) in enumerate(
        rows.values_list("pk", "article__visibility", "search_title", "search_keywords", "search_summary").order_by(
            "pk"
        )
    ):
        translation_ids.append(pk)
        public.append(visibility == Article.Visibility.PUBLIC)
        # Most terms occur once in a head: a weight, a list only for the repeated ones.
        occurrences: dict[str, float | list[float]] = {}
        for weight, text in zip(FIELD_WEIGHTS, fields, strict=True):
            for term in text.split():
                seen = occurrences.get(term)
                if seen is None:
                    occurrences[term] = weight
                elif isinstance(seen, list):
                    seen.append(weight)
                else:
                    occurrences[term] = [seen, weight]
        for term, seen in occurrences.items():
            if term not in numbers:
                numbers[term], ranks[term] = [], []
            numbers[term].append(number)
            ranks[term].append(term_rank(seen) if isinstance(seen, list) else seen / _ZETA_2)
    postings = {
        term: (np.array(numbers[term], dtype=np.int32), np.array(ranks[term], dtype=np.float32)) for term in numbers
    }
    return Heads(
        version,
        frozenset(postings),
        np.array(translation_ids, dtype=np.int64),
        postings,
        np.array(public, dtype=bool),
    )
