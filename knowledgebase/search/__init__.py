"""Article search: the one package the pages, the API and the assistant use.

``index`` writes each translation's terms where the connected backend reads them, ``query`` ranks
(``article_search``), ``snippets`` cuts the matching part of an article for display, ``passage``
finds the block of an article that answers a question (the assistant shows it; ``texts`` reads what
it cuts from), ``warm`` builds a process's caches before it serves. Callers import the public names
from here.
"""

from knowledgebase.search.index import index_changed, index_fields, index_translation
from knowledgebase.search.passage import Passage, best_passage
from knowledgebase.search.query import HELPFUL_SWING, Hit, article_search, expand_typos
from knowledgebase.search.snippets import SNIPPET_CHARS, snippet_html
from knowledgebase.search.texts import IndexedTexts, indexed_texts
from knowledgebase.search.warm import warm_caches

__all__ = [
    "HELPFUL_SWING",
    "SNIPPET_CHARS",
    "Hit",
    "IndexedTexts",
    "Passage",
    "article_search",
    "best_passage",
    "expand_typos",
    "index_changed",
    "index_fields",
    "index_translation",
    "indexed_texts",
    "snippet_html",
    "warm_caches",
]
