"""The one passage of an article that answers the question: not its first paragraph, the block
(paragraph, list or table) whose words best match the question's.

Blocks are scored by the question terms they contain, each weighted by how rare it is among the
article's blocks (a term in every block, like the article's own subject, tells them apart least),
with a block's heading counting half. Plain text out: Markdown emphasis and link syntax removed.

Speed: only the question is tokenised (jieba and the stemmer, as the search index does); a block
"contains" a term when its lower-cased text has the Chinese term as a substring or a Latin word
starting with the stemmed term ("credit" in "credited"). Segmenting every block of an article with
jieba cost 20 ms a request; this costs well under one, and an article's blocks are parsed once per
process (LRU).
"""

import functools
import math
import re
from dataclasses import dataclass

from knowledgebase.text import is_cjk, tokenize

MAX_CHARS = 600
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}")


@dataclass(frozen=True)
class Passage:
    heading: str
    text: str
    score: float


def _plain(line: str) -> str:
    line = _LINK.sub(r"\1", line)
    line = _EMPHASIS.sub("", line)
    if line.lstrip().startswith("|"):
        line = " · ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return line.rstrip()


@functools.lru_cache(maxsize=512)
def blocks(markdown: str) -> tuple[tuple[str, str], ...]:
    """(heading, block text) for every paragraph, list or table, headings themselves left out."""
    out: list[tuple[str, str]] = []
    heading, lines = "", []

    def flush():
        text = "\n".join(line for line in lines if line.strip())
        if text.strip():
            # "…include:" introduces the list after it: one passage, not a lead-in without its answer.
            if out and out[-1][0] == heading and out[-1][1].rstrip().endswith((":", "：")):
                out[-1] = (heading, out[-1][1] + "\n" + text)
            else:
                out.append((heading, text))
        lines.clear()

    for raw in markdown.splitlines():
        m = _HEADING.match(raw.strip())
        if m:
            flush()
            heading = _plain(m.group(1))
            continue
        if not raw.strip():
            flush()
            continue
        if _TABLE_RULE.match(raw.strip()):
            continue
        lines.append(_plain(raw))
    flush()
    return tuple(out)


def best_passage(markdown: str, question: str) -> Passage | None:
    """The block of ``markdown`` that best answers ``question``; the first block when none shares a
    word with it (the article's short answer); None for an empty article."""
    found = blocks(markdown)
    if not found:
        return None
    # One Chinese character ("等", "数") is in half the blocks of any article: too weak to choose by.
    matchers = {term: _matcher(term) for term in set(tokenize(question)) if not (is_cjk(term) and len(term) == 1)}
    lowered = [(heading.lower(), text.lower()) for heading, text in found]
    hits = [
        ({t for t, m in matchers.items() if m(text)}, {t for t, m in matchers.items() if m(heading)})
        for heading, text in lowered
    ]
    df: dict[str, int] = {}
    for in_text, in_heading in hits:
        for term in in_text | in_heading:
            df[term] = df.get(term, 0) + 1
    n = len(found)
    best_index, best_score = 0, 0.0
    for index, (in_text, in_heading) in enumerate(hits):
        score = sum(math.log(1 + n / df[t]) for t in in_text)
        score += sum(math.log(1 + n / df[t]) / 2 for t in in_heading - in_text)
        if score > best_score:
            best_index, best_score = index, score
    heading, text = found[best_index]
    return Passage(heading=heading, text=_shorten(text), score=round(best_score, 3))


def _matcher(term: str):
    if is_cjk(term):
        return lambda text: term in text
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(term)}")
    return lambda text: pattern.search(text) is not None


def _shorten(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    kept: list[str] = []
    for line in text.splitlines():
        if sum(len(k) + 1 for k in kept) + len(line) > MAX_CHARS:
            break
        kept.append(line)
    return "\n".join(kept) if kept else text[: MAX_CHARS - 1] + "…"
