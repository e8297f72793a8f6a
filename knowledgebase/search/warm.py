"""A process's search caches built before it serves: each language's heads and statistics, and the
lexicon of paraphrases and typos.

A process builds them on its first search otherwise (``heads.for_language``, ``stats``): at 10,000
articles about 1.1 s for English and 1.3 s for Chinese, paid by whoever asks first, and again by
somebody after every worker recycle (gunicorn's ``max_requests``). A gunicorn worker calls this
before it serves (``KnowledgebaseConfig.warm_up``, from ``supportdesk.gunicorn_hooks``).
"""

from knowledgebase.search import heads, stats
from knowledgebase.search.index import _index_version
from knowledgebase.search.lexicon import lexicon
from knowledgebase.search.query import _visibility
from supportdesk.languages import Language


def warm_caches() -> None:
    lexicon()
    version = _index_version()
    for language in Language.values:
        heads.for_language(language, version)
        # What visitors and the assistant search; agents' searches (internal articles too) are rarer.
        stats.published_count(language, _visibility(include_internal=False), version)
