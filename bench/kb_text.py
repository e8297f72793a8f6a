"""Generated help-centre articles for the search benchmark (``bench/kb_seed.py`` loads them).

``generate(n)`` makes ``n`` published public articles, each in English and Chinese, from the 20
shipped ones (``knowledgebase/content``): each is a variant of one shipped article, its text
recombined from that article's sentences, list steps, tables and headings (``OWN_SHARE``) and
those of every other shipped article of the language; the titles vary by asset, network and
phrasing. So the index holds thousands of documents over the real vocabulary, and the real
articles compete with look-alikes. It is deterministic (a seeded ``random.Random``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "knowledgebase" / "content"
LANGUAGES = ("en", "zh-hans")
SLUG_PREFIX = "gen-"
# The share of a generated article's sentences, steps and headings taken from the article it is a
# variant of; the rest come from any shipped article (real articles share vocabulary, not every word).
OWN_SHARE = 0.7
SEED = 20261124

# Assets and networks a generated title is about: real exchanges list hundreds, the index should too.
ASSETS = (
    "BTC", "ETH", "USDT", "USDC", "BNB", "SOL", "XRP", "ADA", "DOGE", "TRX", "DOT", "MATIC", "LTC", "AVAX",
    "LINK", "ATOM", "XLM", "ETC", "FIL", "APT", "ARB", "OP", "NEAR", "ICP", "HBAR", "VET", "ALGO", "EOS",
    "XTZ", "SAND", "MANA", "AXS", "AAVE", "UNI", "SUSHI", "CRV", "SHIB", "PEPE", "TON", "SUI",
)  # fmt: skip
NETWORKS = ("ERC20", "TRC20", "BEP20", "Solana", "Polygon", "Arbitrum", "Optimism", "Avalanche C-Chain", "TON")
EN_TITLE_FORMS = (
    "{title} ({asset}, {network})",
    "{asset} on {network}: {title}",
    "{title} — {asset} guide",
    "{asset}: {title}",
    "{title} for {asset} on {network}",
)
ZH_TITLE_FORMS = (
    "{title}（{asset}，{network}）",
    "{asset} {network}：{title}",
    "{title} — {asset} 指南",
    "{asset}：{title}",
    "{network} 网络 {asset}：{title}",
)
_EN_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*\[(])")
_ZH_SENTENCE = re.compile(r"(?<=[。！？])")
_LIST_ITEM = re.compile(r"^(?:\d+\.|[-*])\s+")


# -- the pools of real text ----------------------------------------------------------------------


@dataclass
class Pool:
    """The pieces of every shipped article of one language."""

    titles: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    tables: list[list[str]] = field(default_factory=list)  # header + separator + rows
    categories: list[str] = field(default_factory=list)
    articles: list[Pool] = field(default_factory=list)


def _split_sentences(paragraph: str, language: str) -> list[str]:
    """Sentences of a paragraph; a Markdown link whose text ends a sentence ("[…解冻？](/…)") stays whole."""
    splitter = _ZH_SENTENCE if language == "zh-hans" else _EN_SENTENCE
    sentences, pending = [], ""
    for part in splitter.split(paragraph):
        pending += part
        if pending.count("[") == pending.count("]") and pending.count("(") == pending.count(")"):
            if pending.strip():
                sentences.append(pending.strip())
            pending = ""
    if pending.strip():
        sentences.append(pending.strip())
    return sentences


def _file_pool(file, language: str) -> Pool:
    pool = Pool(
        titles=[file.meta.get("title", file.slug)],
        summaries=[file.meta.get("summary", "")],
        keywords=file.items("keywords"),
        categories=[file.meta.get("category", "general")],
    )
    table: list[str] = []
    for block in file.body.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line.strip()]
        if lines and lines[0].startswith("#"):
            pool.headings.append(lines[0].lstrip("#").strip())
            lines = lines[1:]
        for line in lines:
            if line.startswith("|"):
                table.append(line)
                continue
            if table:
                pool.tables.append(table)
                table = []
            if _LIST_ITEM.match(line):
                pool.steps.append(_LIST_ITEM.sub("", line))
            else:
                pool.sentences += _split_sentences(line, language)
        if table:
            pool.tables.append(table)
            table = []
    return pool


def pools(content_dir: Path = CONTENT_DIR) -> dict[str, Pool]:
    """Per language: every shipped article's pieces together, and each article's own (``articles``,
    in file order, which is the same in both languages)."""
    from knowledgebase.services import parse_content_file

    result = {}
    for language in LANGUAGES:
        pool = Pool()
        for path in sorted((content_dir / language).glob("*.md")):
            own = _file_pool(parse_content_file(path, language=language), language)
            for name in ("titles", "summaries", "keywords", "headings", "sentences", "steps", "tables", "categories"):
                getattr(pool, name).extend(getattr(own, name))
            pool.articles.append(own)
        result[language] = pool
    return result


# -- generation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedText:
    title: str
    summary: str
    keywords: str
    body_markdown: str


@dataclass(frozen=True)
class GeneratedArticle:
    slug: str
    category: str
    texts: dict[str, GeneratedText]


def _pick(rng: random.Random, own: list, every: list, k: int) -> list:
    """``k`` pieces (fewer when one repeats), mostly from the source article: articles keep a topic."""
    picked = [rng.choice(own if own and rng.random() < OWN_SHARE else every) for _ in range(k)]
    return [piece for i, piece in enumerate(picked) if piece not in picked[:i]]


def _body(rng: random.Random, pool: Pool, source: int, language: str, asset: str) -> str:
    own = pool.articles[source]
    joiner = "" if language == "zh-hans" else " "
    blocks = [joiner.join(_pick(rng, own.sentences, pool.sentences, rng.randint(2, 4)))]
    for _ in range(rng.randint(2, 4)):
        blocks.append("## " + rng.choice(_pick(rng, own.headings, pool.headings, 1)))
        blocks.append(joiner.join(_pick(rng, own.sentences, pool.sentences, rng.randint(2, 5))))
        kind = rng.random()
        if kind < 0.5:
            steps = _pick(rng, own.steps, pool.steps, rng.randint(3, 5))
            blocks.append("\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1)))
        elif kind < 0.7 and pool.tables:
            blocks.append("\n".join(rng.choice(_pick(rng, own.tables, pool.tables, 1))))
    # The asset the title names appears in the text too, as it would in a real article about it.
    blocks.append(
        f"{asset} 的处理方式与上文相同。" if language == "zh-hans" else f"The same applies to {asset} transfers."
    )
    return "\n\n".join(blocks) + "\n"


def generate(n: int, *, seed: int = SEED, content_dir: Path = CONTENT_DIR) -> list[GeneratedArticle]:
    """``n`` articles, each in both languages, recombined from the shipped ones (deterministic)."""
    rng = random.Random(seed)
    by_language = pools(content_dir)
    en, zh = by_language["en"], by_language["zh-hans"]
    articles = []
    for i in range(n):
        source = rng.randrange(len(en.titles))  # both translations are about the same shipped topic
        asset, network = rng.choice(ASSETS), rng.choice(NETWORKS)
        texts = {}
        for language, pool, forms in (("en", en, EN_TITLE_FORMS), ("zh-hans", zh, ZH_TITLE_FORMS)):
            title = rng.choice(forms).format(title=pool.titles[source].rstrip("?？"), asset=asset, network=network)
            keywords = [asset, network, *rng.sample(pool.keywords, rng.randint(3, 7))]
            texts[language] = GeneratedText(
                title=title[:200],
                summary=pool.summaries[source] if rng.random() < 0.5 else rng.choice(pool.summaries),
                keywords=", ".join(keywords),
                body_markdown=_body(rng, pool, source, language, asset),
            )
        articles.append(GeneratedArticle(slug=f"{SLUG_PREFIX}{i + 1:05d}", category=en.categories[source], texts=texts))
    return articles
