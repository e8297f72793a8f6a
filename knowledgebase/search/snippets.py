"""Snippets: the part of an article's text that matches a query, escaped, with the matches in <mark>."""

import html

from django.utils.safestring import SafeString, mark_safe

from knowledgebase.text import TOKEN_RE, is_cjk, stem

SNIPPET_CHARS = 220


def _shorten(line: str, terms: frozenset[str]) -> str:
    if len(line) <= SNIPPET_CHARS:
        return line
    first = min((m.start() for m in TOKEN_RE.finditer(line) if _matches(m.group(0), terms)), default=0)
    start = max(0, first - SNIPPET_CHARS // 4)
    piece = line[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(line) else "")


def _matches(word: str, terms: frozenset[str]) -> bool:
    if is_cjk(word):
        return any(term in word for term in terms if is_cjk(term))
    return stem(word.lower()) in terms


def _highlight(text: str, terms: frozenset[str]) -> str:
    cjk_terms = sorted((term for term in terms if is_cjk(term)), key=len, reverse=True)
    if any(len(term) > 1 for term in cjk_terms):  # single characters (账, 没) would mark half the text
        cjk_terms = [term for term in cjk_terms if len(term) > 1]
    out: list[str] = []
    position = 0
    for match in TOKEN_RE.finditer(text):
        out.append(html.escape(text[position : match.start()]))
        word = match.group(0)
        if not is_cjk(word):
            escaped = html.escape(word)
            out.append(f"<mark>{escaped}</mark>" if stem(word.lower()) in terms else escaped)
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
        piece = html.escape(run[i:j])
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
    return mark_safe(_highlight(_shorten(best, terms), terms))  # noqa: S308 -- every piece is escaped above
