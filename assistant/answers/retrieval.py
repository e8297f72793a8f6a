"""The help centre's best articles for a visitor's question, with the passage that answers.

Questions may run to 2,000 characters with hashes and addresses in them, as the help centre's
search reads them; identifiers and ticket references are blanked first (a 64-hex hash is no search
term). Ranking, and how a long question is read, stay the help centre's
(``knowledgebase.search.article_search``).

Confidence is the share of the question's terms the top article contains, which reads the same on
both database backends (their raw scores do not compare): we say we are unsure rather than present
an article that shares one word with the question.
"""

import re
from dataclasses import dataclass

from assistant.understanding import references
from assistant.understanding.text import fold, has_cjk, mask
from knowledgebase.search import IndexedTexts, Passage, article_search, best_passage, indexed_texts
from knowledgebase.search.understand import MAX_QUERY_CHARS, understand
from knowledgebase.views import article_url
from safety import identifiers

ARTICLES = 3
# The top article must hold this share of the question's terms, or one in its title, keywords or
# summary and half as much overall; below that the answer says it is unsure.
CONFIDENT_COVERAGE = 0.5
CONFIDENT_WITH_TITLE = 0.25
COVERAGE_TERMS = 10


@dataclass(frozen=True)
class ArticleAnswer:
    slug: str
    title: str
    url: str
    score: float
    passage: Passage | None = None

    def as_dict(self) -> dict:
        return {"slug": self.slug, "title": self.title, "url": self.url, "score": round(self.score, 4)}


@dataclass(frozen=True)
class Retrieval:
    query: str
    language: str
    articles: tuple[ArticleAnswer, ...]
    confident: bool
    coverage: float


def search_language(text: str, *, default: str) -> str:
    """Chinese articles for a question with Chinese in it, else the conversation's language."""
    return "zh-hans" if has_cjk(text) else ("en" if default == "zh-hans" else default)


# The word that labels a quoted identifier ("txid 0x…", "交易哈希：…", "address T…"). Followed by the
# value, it says "here it is", not "how do I find one": left in, it was the question's rarest word
# and sent "my deposit has not arrived, txid 0x…" to the find-your-TXID articles.
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:tx|txn|transaction)\s*(?:id|hash)|\btx-?id|\btx-?hash|\b(?:hash|address|addr|signature|wallet)"
    r"|交易\s*(?:哈希|id|ID|号|编号)|哈希值?|地址|签名)"
    r"\s*(?:is|was|:|=|是|为)?\s*$",
    re.IGNORECASE,
)


def search_query(text: str) -> str:
    """The question as the help centre's search reads it, identifiers and ticket references blanked
    (a 64-hex hash is no search term), with the word labelling an identifier. Not stemmed or cut
    here: the search reads a long question itself (the asking sentence over the story, its lexicon
    of paraphrases and typos), and those phrases match only the words as typed."""
    text = fold(text)
    found = list(identifiers.scan(text).spans)
    spans = found + [(label.start(), start) for start, _end in found if (label := _label_before(text, start))]
    spans += references.scan(mask(text, spans))[1]
    return " ".join(mask(text, spans).split())[:MAX_QUERY_CHARS]


def _label_before(text: str, start: int) -> re.Match[str] | None:
    return _LABEL_BEFORE.search(text, max(0, start - 40), start)


def retrieve(text: str, *, language: str, limit: int = ARTICLES) -> Retrieval:
    query = search_query(text)
    hits = article_search(query, language=language, limit=limit, snippets=False) if query else []
    if not hits:
        return Retrieval(query=query, language=language, articles=(), confident=False, coverage=0.0)
    # The passage is shown for the best article only: the others are links.
    best = indexed_texts(hits[0].translation_id)
    articles = tuple(
        ArticleAnswer(
            slug=hit.slug,
            title=hit.title,
            url=article_url(hit.slug, language=language),
            score=hit.score,
            passage=best_passage(best.body_markdown, query) if best and position == 0 else None,
        )
        for position, hit in enumerate(hits)
    )
    coverage, in_title = _coverage(query, best, language=language)
    confident = coverage >= CONFIDENT_COVERAGE or (in_title and coverage >= CONFIDENT_WITH_TITLE)
    return Retrieval(query=query, language=language, articles=articles, confident=confident, coverage=coverage)


def _coverage(query: str, texts: IndexedTexts | None, *, language: str) -> tuple[float, bool]:
    # The question's heaviest terms as the search weighs them (the asking sentence over the story),
    # so a long story around a short question is not called unsure for the story's words.
    terms = [t for t in understand(query, language=language).top(COVERAGE_TERMS) if not t.isdigit()]
    if not terms or texts is None:
        return 0.0, False
    found = [t for t in terms if texts.document.has(t)]
    return len(found) / len(terms), any(texts.document.in_head(t) for t in terms)
