"""The final ranking of the candidates the database found: BM25F over the four fields, in Python.

The database finds candidates fast (GIN / FTS5) but scores every query word alike; a question is not
alike in its words (``understand``: the sentence that asks outweighs the story, a paraphrase's implied
words count a little less than the words typed). BM25F takes each term's weight, so one formula ranks
both backends' candidates with the same numbers (``stats``), which is also what keeps the measured
quality the same on SQLite and PostgreSQL.

Per term: IDF × tf / (K1 + tf), tf being the field-weighted, length-normalised count over title,
keywords, summary and body; the saturation keeps one word, however often it appears in an article or
however rare it is, from outvoting the rest of the question. Helpful votes then nudge the score by at
most ``HELPFUL_SWING``.
"""

from knowledgebase.search import stats
from knowledgebase.search.understand import Question

# title, keywords, summary, body: the title and the editors' keywords say what an article is about.
FIELD_WEIGHTS = (4.0, 3.0, 1.5, 0.7)
FIELD_B = (0.3, 0.3, 0.5, 0.75)
K1 = 3.5
HELPFUL_SWING = 0.1  # a perfectly helpful article scores at most 10% more, an unhelpful one 10% less
# An article whose keyword phrase ("withdrawal pending", "忘记 密码") the question says in full gets
# this much per phrase, times the weakest of its words' weights, for at most MAX_PHRASES phrases:
# single words are ambiguous ("pending" deposit or withdrawal), the editors' phrases much less so.
PHRASE_WEIGHT = 1.0
MAX_PHRASES = 3
MAX_RANKED_TERMS = 64  # a 2,000-character story has hundreds; its heaviest ones decide


def _helpful_factor(helpful: int, not_helpful: int) -> float:
    # Smoothed share of helpful votes (two phantom votes, one each way): a few votes move little.
    share = (helpful + 1) / (helpful + not_helpful + 2)
    return 1 + HELPFUL_SWING * (2 * share - 1)


def _phrase_bonus(question: Question, document: stats.Document) -> float:
    said = sorted(
        (min(question.weights.get(term, 0.0) for term in phrase) for phrase in document.phrases),
        reverse=True,
    )
    return PHRASE_WEIGHT * sum(said[:MAX_PHRASES])


def rank(
    question: Question,
    candidates: dict[int, tuple[int, int, str]],
    *,
    language: str,
    visibilities: list[str],
    version: str,
) -> list[tuple[float, int]]:
    """``(score, translation id)`` for the candidates that match a term, best first.

    ``candidates`` maps a translation id to its article's helpful and unhelpful votes (read with the
    candidates: votes change without a new index version) and the translation's ``updated_at``.
    """
    terms = question.top(MAX_RANKED_TERMS)
    documents = stats.documents({pk: stamp for pk, (_, _, stamp) in candidates.items()}, version)
    weights = stats.idf(terms, language, visibilities, version)
    averages = stats.average_lengths(language, visibilities, version)
    asked = {term: question.weights[term] * weights[term] for term in terms}
    scored = []
    for pk, document in documents.items():
        # Only the terms a field has: a document has a few of a long question's 64 (set
        # intersection in C, not 64 look-ups in each of four fields).
        tfs: dict[str, float] = {}
        for field_weight, b, counts, length, average in zip(
            FIELD_WEIGHTS, FIELD_B, document.counts, document.lengths, averages, strict=True
        ):
            factor = field_weight / (1 - b + b * length / average)
            for term in asked.keys() & counts.keys():
                tfs[term] = tfs.get(term, 0.0) + counts[term] * factor
        score = sum(asked[term] * tf / (K1 + tf) for term, tf in tfs.items())
        score += _phrase_bonus(question, document)
        if score > 0:
            helpful, not_helpful, _ = candidates[pk]
            scored.append((score * _helpful_factor(helpful, not_helpful), pk))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return scored
