"""The one passage of an article that answers the question: not its first paragraph, the block
(paragraph, list or table) whose words best match the question's.

Blocks are scored by the question terms they contain, each weighted by how rare it is among the
article's blocks (a term in every block, like the article's own subject, tells them apart least),
with a block's heading counting half. Plain text out: Markdown emphasis and link syntax removed.
"""

import math
import re
from dataclasses import dataclass

from knowledgebase.text import tokenize

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


def blocks(markdown: str) -> list[tuple[str, str]]:
    """(heading, block text) for every paragraph, list or table, headings themselves left out."""
    out: list[tuple[str, str]] = []
    heading, lines = "", []

    def flush():
        text = "\n".join(line for line in lines if line.strip())
        if text.strip():
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
    return out


def best_passage(markdown: str, question: str) -> Passage | None:
    """The block of ``markdown`` that best answers ``question``; the first block when none shares a
    word with it (the article's short answer); None for an empty article."""
    found = blocks(markdown)
    if not found:
        return None
    wanted = set(tokenize(question))
    block_terms = [(set(tokenize(text)), set(tokenize(heading))) for heading, text in found]
    df: dict[str, int] = {}
    for terms, heading_terms in block_terms:
        for term in (terms | heading_terms) & wanted:
            df[term] = df.get(term, 0) + 1
    n = len(found)
    best_index, best_score = 0, 0.0
    for index, (terms, heading_terms) in enumerate(block_terms):
        score = 0.0
        for term in wanted:
            weight = math.log(1 + n / df[term]) if term in df else 0.0
            if term in terms:
                score += weight
            elif term in heading_terms:
                score += weight / 2
        if score > best_score:
            best_index, best_score = index, score
    heading, text = found[best_index]
    return Passage(heading=heading, text=_shorten(text), score=round(best_score, 3))


def _shorten(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    kept: list[str] = []
    for line in text.splitlines():
        if sum(len(k) + 1 for k in kept) + len(line) > MAX_CHARS:
            break
        kept.append(line)
    return "\n".join(kept) if kept else text[: MAX_CHARS - 1] + "…"
