"""Snippets: the part of an article's text that matches a query, escaped, with the matches in <mark>.
The passage that answers a question is ``passage``'s."""

import html
import re

from django.utils.safestring import SafeString, mark_safe

from knowledgebase.text import TOKEN_RE, is_cjk, stem

SNIPPET_CHARS = 220
_CJK_OR_PUNCT = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# Spaces Chinese does not have (between two characters or around full-width punctuation: text that
# went through a Markdown link or emphasis), and spaces before punctuation in any language.
_CJK_GAP_RE = re.compile(rf"(?<=[{_CJK_OR_PUNCT}])[ \t]+(?=[{_CJK_OR_PUNCT}])")
_BEFORE_PUNCT_RE = re.compile(r"[ \t]+(?=[,.;:!?，。；：！？、）」』】])")


def tidy_spacing(text: str) -> str:
    """``text`` without the spaces neither language puts there ("请看 提现？ 。" -> "请看提现？。")."""
    return _BEFORE_PUNCT_RE.sub("", _CJK_GAP_RE.sub("", text))


_SENTENCE_END_RE = re.compile(r"[.!?;](?=\s)|[。！？；]")
_CLAUSE_END_RE = re.compile(r"[,:](?=\s)|[，、：]|\s")


def _cut_start(line: str, first: int) -> int:
    """Where a shortened snippet starts: after the sentence end before the first match if that is
    near, else after a clause end or space, never inside a word."""
    earliest = max(0, first - SNIPPET_CHARS // 2)
    for pattern in (_SENTENCE_END_RE, _CLAUSE_END_RE):
        ends = [m.end() for m in pattern.finditer(line, earliest, first + 1)]
        if ends:
            return ends[-1]
    return earliest if earliest == 0 or not line[earliest - 1 : earliest + 1].isalnum() else first


def _cut_end(line: str, start: int) -> int:
    """Where it ends: at the last sentence end within ``SNIPPET_CHARS``, else the last clause end or space."""
    limit = start + SNIPPET_CHARS
    if limit >= len(line):
        return len(line)
    for pattern in (_SENTENCE_END_RE, _CLAUSE_END_RE):
        ends = [m.end() for m in pattern.finditer(line, start + SNIPPET_CHARS // 2, limit)]
        if ends:
            return ends[-1]
    return limit


def _shorten(line: str, terms: frozenset[str]) -> str:
    """At most about ``SNIPPET_CHARS`` of ``line`` around its first match, cut at sentence, clause or
    word boundaries, with "…" where text was left out and no space next to it."""
    if len(line) <= SNIPPET_CHARS:
        return line
    first = next((m.start() for m in TOKEN_RE.finditer(line) if _matches(m.group(0), terms)), 0)
    start = _cut_start(line, first)
    end = _cut_end(line, start)
    piece = line[start:end].strip().rstrip(",，、:：")
    return ("…" if start else "") + piece + ("…" if end < len(line) else "")


def _matches(word: str, terms: frozenset[str]) -> bool:
    if is_cjk(word):
        return any(term in word for term in terms if is_cjk(term))
    return stem(word.lower()) in terms


def _highlight(text: str, terms: frozenset[str]) -> str:
    cjk_terms = sorted((term for term in terms if is_cjk(term)), key=len, reverse=True)
    if any(len(term) > 1 for term in cjk_terms):  # single characters (账, 没) would mark half the text
        cjk_terms = [term for term in cjk_terms if len(term) > 1]
    # Only the text between words is escaped: a word (``TOKEN_RE``: latin letters and digits, or a
    # run of Chinese) has nothing to escape.
    out: list[str] = []
    position = 0
    for match in TOKEN_RE.finditer(text):
        out.append(html.escape(text[position : match.start()]))
        word = match.group(0)
        if not is_cjk(word):
            out.append(f"<mark>{word}</mark>" if stem(word.lower()) in terms else word)
        else:
            out.append(_highlight_cjk(word, cjk_terms))
        position = match.end()
    out.append(html.escape(text[position:]))
    return "".join(out).replace("</mark><mark>", "")


def _highlight_cjk(run: str, cjk_terms: list[str]) -> str:
    marked = [False] * len(run)
    for term in cjk_terms:
        start = run.find(term)
        while start != -1:
            for i in range(start, start + len(term)):
                marked[i] = True
            start = run.find(term, start + len(term))
    out, i = [], 0
    while i < len(run):
        j = i
        while j < len(run) and marked[j] == marked[i]:
            j += 1
        piece = run[i:j]  # Chinese characters only: nothing to escape
        out.append(f"<mark>{piece}</mark>" if marked[i] else piece)
        i = j
    return "".join(out)


def snippet_html(text: str, terms: frozenset[str], *, fallback: str = "") -> SafeString:
    """The block of ``text`` matching the most query terms, escaped, with the matches in <mark>."""
    best, best_hits = "", 0
    for line in text.splitlines():
        # Substrings, not tokens: segmenting every line of ten articles with jieba cost more than
        # the search itself, and stems ("withdraw", "pend") are prefixes of the words they match.
        lowered = line.lower()
        hits = sum(1 for term in terms if term in lowered)
        if hits > best_hits:
            best, best_hits = line, hits
    if not best:
        best = fallback or (text.splitlines() or [""])[0]
    return mark_safe(_highlight(_shorten(tidy_spacing(best), terms), terms))  # noqa: S308 -- every piece is escaped above
