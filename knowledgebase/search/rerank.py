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


def _phrase_bonus(weights: dict[str, float], document: stats.Document) -> float:
    # A phrase the question does not say in full adds nothing; most fail on their first word.
    said = [
        min(weights[term] for term in phrase)
        for phrase in document.phrases
        if phrase[0] in weights and all(term in weights for term in phrase)
    ]
    if len(said) > MAX_PHRASES:
        said = sorted(said, reverse=True)[:MAX_PHRASES]
    return PHRASE_WEIGHT * sum(said) if said else 0.0


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
    # A field's weight, normalised by its length against the average: weight / (1 - b + b * length / average).
    (w0, w1, w2, w3), (k0, k1, k2, k3) = FIELD_WEIGHTS, (1 - b for b in FIELD_B)
    s0, s1, s2, s3 = (b / average for b, average in zip(FIELD_B, averages, strict=True))
    scored = []
    for pk, document in documents.items():
        l0, l1, l2, l3 = document.lengths
        f0, f1, f2, f3 = w0 / (k0 + s0 * l0), w1 / (k1 + s1 * l1), w2 / (k2 + s2 * l2), w3 / (k3 + s3 * l3)
        score = 0.0
        # Only the terms the document has: a few of a long question's 64 (one set intersection in C).
        for term in asked.keys() & document.terms.keys():
            c0, c1, c2, c3 = document.terms[term]
            tf = c0 * f0 + c1 * f1 + c2 * f2 + c3 * f3
            score += asked[term] * tf / (K1 + tf)
        score += _phrase_bonus(question.weights, document)
        if score > 0:
            helpful, not_helpful, _ = candidates[pk]
            scored.append((score * _helpful_factor(helpful, not_helpful), pk))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return scored
