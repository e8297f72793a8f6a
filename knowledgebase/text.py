"""Tokenisation shared by the index, the queries, the snippets and the evaluation baseline.

One function, ``tokenize``, turns English, Chinese or mixed text into index terms: latin words are
lower-cased and Snowball-stemmed (the same "english" Snowball algorithm PostgreSQL's ``english``
configuration uses), Chinese runs are segmented with jieba in search mode (overlapping words, so
"提现延迟" indexes 提现, 延迟 and 提现延迟). Both database backends index the same terms, which is
what keeps their ranking (and the measured quality) the same.
"""

import functools
import logging
import re
import threading
from pathlib import Path

import jieba
import snowballstemmer

jieba.setLogLevel(logging.WARNING)
# Support and exchange vocabulary jieba's general dictionary lacks or splits (到账 came out as 没到 + 账).
jieba.load_userdict(str(Path(__file__).resolve().parent / "jieba_words.txt"))

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of CJK characters, or a latin/digit word (2fa, usdt, trc20, don't -> don t).
TOKEN_RE = re.compile(rf"[{_CJK}]+|[a-z0-9]+", re.IGNORECASE)
CJK_RE = re.compile(rf"[{_CJK}]")

ENGLISH_STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does doesn don for from had has have how i if in
    into is it its me my no not of on or our s so t than that the their them then there these they this
    to us was we were what when where which who why will with would you your yours am i'm ve ll d""".split()  # noqa: SIM905
)
# Function words and question particles customers type around the real words.
CHINESE_STOPWORDS = frozenset(
    """的 了 吗 呢 吧 啊 呀 我 你 您 他 她 它 我们 你们 是 在 和 与 及 或 就 都 也 还 又 很 把 被 给 让 对 从 到
    这 那 这个 那个 怎么 怎么办 怎样 如何 为什么 什么 哪里 哪 能 能不能 可以 可不可以 要 想 会 有 没有 一下 请问
    请 一个 个 么 嘛 啦 呗 之 以 而 其 该 得 地 着 过""".split()  # noqa: SIM905
)
STOPWORDS = ENGLISH_STOPWORDS | CHINESE_STOPWORDS

# A Snowball stemmer keeps the word it is stemming in the object: two threads sharing one (a gthread
# worker's requests) stem into each other's words, raising IndexError or, worse, caching a wrong stem
# for good. One per thread.
_local = threading.local()


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def _segment(run: str) -> list[str]:
    return [word for word in jieba.cut_for_search(run) if word.strip()]


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Index terms of ``text`` in order (duplicates kept: frequency matters to ranking)."""
    terms: list[str] = []
    for match in TOKEN_RE.finditer(text or ""):
        run = match.group(0)
        words = _segment(run) if CJK_RE.match(run) else [run.lower()]
        for word in words:
            if not keep_stopwords and word in STOPWORDS:
                continue
            terms.append(word if CJK_RE.match(word) else stem(word))
    return terms


def query_terms(text: str, *, limit: int = 24) -> list[str]:
    """The distinct terms of a query, in order, at most ``limit`` (a bound on the SQL we build)."""
    seen: dict[str, None] = {}
    for term in tokenize(text):
        seen.setdefault(term, None)
    return list(seen)[:limit]


def is_cjk(term: str) -> bool:
    return bool(CJK_RE.match(term))
