"""The help centre's best articles for a visitor's question, with the passage that answers.

Questions may run to 2,000 characters with hashes and addresses in them; the help centre's search
takes 200. So the question is first reduced to its words: identifiers and ticket references are
blanked (a 64-hex hash is no search term), and the distinct terms, in order, are kept up to the
search's limit. Ranking stays the help centre's (``knowledgebase.search.article_search``).

Confidence is the share of the question's terms the top article contains, which reads the same on
both database backends (their raw scores do not compare): we say we are unsure rather than present
an article that shares one word with the question.
"""

from dataclasses import dataclass

from assistant.answers.passage import Passage, best_passage
from assistant.understanding import references
from assistant.understanding.text import fold, has_cjk, mask
from knowledgebase.models import ArticleTranslation
from knowledgebase.search import article_search
from knowledgebase.text import query_terms
from knowledgebase.views import article_url
from safety import identifiers

SEARCH_CHARS = 200  # what article_search reads of a query
ARTICLES = 3
# The top article must hold this share of the question's terms, or one in its title, keywords or
# summary and half as much overall; below that the answer says it is unsure.
CONFIDENT_COVERAGE = 0.5
CONFIDENT_WITH_TITLE = 0.25


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


def search_query(text: str) -> str:
    """The question's search terms, identifiers removed, within the search's 200 characters."""
    text = fold(text)
    spans = list(identifiers.scan(text).spans)
    spans += references.scan(mask(text, spans))[1]
    words: list[str] = []
    size = 0
    for term in query_terms(mask(text, spans), limit=64):
        if size + len(term) + 1 > SEARCH_CHARS:
            break
        words.append(term)
        size += len(term) + 1
    return " ".join(words)


def retrieve(text: str, *, language: str, limit: int = ARTICLES) -> Retrieval:
    query = search_query(text)
    hits = article_search(query, language=language, limit=limit) if query else []
    if not hits:
        return Retrieval(query=query, language=language, articles=(), confident=False, coverage=0.0)
    translations = {
        t.article_id: t
        for t in ArticleTranslation.objects.filter(article_id__in=[h.article_id for h in hits], language=language).only(
            "article_id", "body_markdown", "search_title", "search_keywords", "search_summary", "search_body"
        )
    }
    articles = []
    for hit in hits:
        translation = translations.get(hit.article_id)
        articles.append(
            ArticleAnswer(
                slug=hit.slug,
                title=hit.title,
                url=article_url(hit.slug, language=language),
                score=hit.score,
                passage=best_passage(translation.body_markdown, query) if translation else None,
            )
        )
    coverage, in_title = _coverage(query, translations.get(hits[0].article_id))
    confident = coverage >= CONFIDENT_COVERAGE or (in_title and coverage >= CONFIDENT_WITH_TITLE)
    return Retrieval(query=query, language=language, articles=tuple(articles), confident=confident, coverage=coverage)


def _coverage(query: str, translation: ArticleTranslation | None) -> tuple[float, bool]:
    terms = [t for t in query_terms(query, limit=64) if not t.isdigit()]
    if not terms or translation is None:
        return 0.0, False
    head = set(f"{translation.search_title} {translation.search_keywords} {translation.search_summary}".split())
    body = set(translation.search_body.split()) | head
    found = [t for t in terms if t in body]
    return len(found) / len(terms), any(t in head for t in terms)
