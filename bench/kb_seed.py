"""Ten thousand help-centre articles for the search benchmark, and the search timing itself.

Used by ``bench/bench_kb.py`` (10,000 articles on PostgreSQL and SQLite) and its test (a few dozen).

``generate(n)`` makes ``n`` published public articles, each in English and Chinese, from the 20
shipped ones (``knowledgebase/content``): each is a variant of one shipped article, its text
recombined from that article's sentences, list steps, tables and headings (``OWN_SHARE``) and
those of every other shipped article of the language; the titles vary by asset, network and
phrasing. So the index holds thousands of documents over the real vocabulary, and the real
articles compete with look-alikes. It is deterministic (a seeded ``random.Random``).

``load(generated)`` writes them to the configured database (Django set up) as the service
``knowledgebase.services.article_translation_save`` would, in bulk: the derived columns
(``body_html``, ``body_text``, ``search_*``) come from the same functions the service calls,
the index rows from ``knowledgebase.search.index_translation`` itself, and each translation
gets its first revision. ``check_equivalence()`` proves it: a sample of generated translations is
saved again through the service on a scratch article (rolled back) and its columns and index
entry compared with the bulk-loaded ones.

``time_search(queries)`` calls ``knowledgebase.search.article_search`` (the one function the pages
and the API use) over the queries and returns per-call latencies.

As a child process (``python -m bench.kb_seed seed|time ...`` with ``DJANGO_SETTINGS_MODULE``
and ``DATABASE_URL`` set) it prints one ``KB_BENCH {json}`` line.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import percentile

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "knowledgebase" / "content"
QUERIES_FILE = ROOT / "knowledgebase" / "evaluation" / "queries.json"
LANGUAGES = ("en", "zh-hans")
RESULT_MARKER = "KB_BENCH "
SLUG_PREFIX = "gen-"
BATCH = 500
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


# -- loading (Django set up) ---------------------------------------------------------------------


def load(
    generated: list[GeneratedArticle], *, batch: int = BATCH, log: Callable[[str], None] = lambda line: None
) -> dict:
    """The shipped articles through ``content_load``, then ``generated`` in bulk, in one transaction."""
    from django.db import connection, transaction

    from knowledgebase import search
    from knowledgebase.markdown import markdown_to_text, render_markdown
    from knowledgebase.models import Article, ArticleRevision, ArticleTranslation, Category
    from knowledgebase.services import content_load

    timings: dict[str, float] = {}
    started = time.monotonic()
    with transaction.atomic():
        content_load()
        timings["shipped_s"] = round(time.monotonic() - started, 2)
        categories = {category.slug: category for category in Category.objects.all()}
        prepare_s = write_s = index_s = 0.0
        for start in range(0, len(generated), batch):
            chunk = generated[start : start + batch]
            t0 = time.monotonic()
            rows = []
            for item in chunk:
                for language, text in item.texts.items():
                    translation = ArticleTranslation(
                        language=language,
                        title=text.title.strip(),
                        summary=text.summary.strip(),
                        keywords=text.keywords.strip(),
                        body_markdown=text.body_markdown,
                    )
                    translation.body_html = render_markdown(text.body_markdown)
                    translation.body_text = markdown_to_text(text.body_markdown)
                    for name, value in search.index_fields(translation).items():
                        setattr(translation, name, value)
                    rows.append((item.slug, translation))
            t1 = time.monotonic()
            articles = Article.objects.bulk_create(
                [
                    Article(
                        slug=item.slug,
                        category=categories[item.category],
                        status=Article.Status.PUBLISHED,
                        visibility=Article.Visibility.PUBLIC,
                        ticket_types=[],
                    )
                    for item in chunk
                ]
            )
            by_slug = {article.slug: article for article in articles}
            for slug, translation in rows:
                translation.article = by_slug[slug]
            translations = ArticleTranslation.objects.bulk_create([translation for _, translation in rows])
            ArticleRevision.objects.bulk_create(
                [
                    ArticleRevision(
                        translation=translation,
                        title=translation.title,
                        summary=translation.summary,
                        keywords=translation.keywords,
                        body_markdown=translation.body_markdown,
                    )
                    for translation in translations
                ]
            )
            t2 = time.monotonic()
            for translation in translations:
                search.index_translation(translation)
            t3 = time.monotonic()
            prepare_s, write_s, index_s = prepare_s + t1 - t0, write_s + t2 - t1, index_s + t3 - t2
            log(f"    {start + len(chunk):,} / {len(generated):,} articles")
    timings.update(prepare_s=round(prepare_s, 1), write_s=round(write_s, 1), index_s=round(index_s, 1))
    t0 = time.monotonic()
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # a test's transaction: VACUUM cannot run, the planner does not matter
            pass
        elif connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE knowledgebase_articletranslation")
            cursor.execute("VACUUM ANALYZE knowledgebase_article")
            cursor.execute("VACUUM ANALYZE knowledgebase_searchdocument")
        else:
            cursor.execute("INSERT INTO knowledgebase_fts(knowledgebase_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    timings["analyze_s"] = round(time.monotonic() - t0, 2)
    timings["total_s"] = round(time.monotonic() - started, 1)
    return {
        "articles": Article.objects.count(),
        "generated": len(generated),
        "translations": ArticleTranslation.objects.count(),
        "vendor": connection.vendor,
        "timings": timings,
    }


DERIVED = (
    *("title", "summary", "keywords", "body_markdown", "body_html", "body_text"),
    *("search_title", "search_keywords", "search_summary", "search_body"),
)


def _index_entry(translation_id: int):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT doc::text, head::text, typo FROM knowledgebase_searchdocument WHERE translation_id = %s",
                [translation_id],
            )
        else:
            cursor.execute(
                "SELECT title, keywords, summary, body FROM knowledgebase_fts WHERE rowid = %s", [translation_id]
            )
        return cursor.fetchone()


class _Rollback(Exception):
    pass


def check_equivalence(sample: int = 10, *, seed: int = SEED) -> dict:
    """Save ``sample`` bulk-loaded translations again through the service on a scratch article
    (rolled back) and compare every derived column and the index entry. Returns the failures."""
    from django.db import transaction

    from knowledgebase.models import Article, ArticleTranslation
    from knowledgebase.services import article_translation_save

    ids = list(
        ArticleTranslation.objects.filter(article__slug__startswith=SLUG_PREFIX)
        .order_by("id")
        .values_list("id", flat=True)
    )
    chosen = random.Random(seed).sample(ids, min(sample, len(ids)))
    failures: list[str] = []
    checked = 0
    try:
        with transaction.atomic():
            for translation_id in chosen:
                bulk = ArticleTranslation.objects.select_related("article").get(pk=translation_id)
                scratch = Article.objects.create(
                    slug=f"zz-check-{translation_id}", category_id=bulk.article.category_id, status="published"
                )
                saved = article_translation_save(
                    article=scratch,
                    language=bulk.language,
                    title=bulk.title,
                    body_markdown=bulk.body_markdown,
                    summary=bulk.summary,
                    keywords=bulk.keywords,
                )
                for name in DERIVED:
                    if getattr(saved, name) != getattr(bulk, name):
                        failures.append(f"{bulk.article.slug} [{bulk.language}]: {name} differs from the service's")
                if _index_entry(saved.pk) != _index_entry(bulk.pk):
                    failures.append(f"{bulk.article.slug} [{bulk.language}]: index entry differs from the service's")
                if bulk.revisions.count() != 1:
                    failures.append(f"{bulk.article.slug} [{bulk.language}]: {bulk.revisions.count()} revisions")
                checked += 1
            raise _Rollback
    except _Rollback:
        pass
    return {"checked": checked, "failures": failures}


def check_search(generated_sample: int = 10, *, seed: int = SEED) -> dict:
    """Sanity of the search over the loaded data, and how the labelled queries fare against the
    look-alikes (reported, not a goal). A generated article searched by its own title should come
    back, but among thousands of variants of 20 titles a twin may crowd it out of the top 10: only
    none found at all (a broken index) is a failure."""
    from knowledgebase import search
    from knowledgebase.models import ArticleTranslation

    rows = list(
        ArticleTranslation.objects.filter(article__slug__startswith=SLUG_PREFIX).values_list(
            "article__slug", "language", "title"
        )
    )
    sample = random.Random(seed).sample(rows, min(generated_sample, len(rows)))
    found = sum(
        slug in [hit.slug for hit in search.article_search(title, language=language, limit=10)]
        for slug, language, title in sample
    )
    failures = []
    if sample and not found:
        failures.append(f"no generated article was found by its own title ({len(sample)} tried)")
    quality: dict[str, dict] = {}
    for query in load_queries():
        slugs = [hit.slug for hit in search.article_search(query["q"], language=query["lang"], limit=3)]
        q = quality.setdefault(query["lang"], {"queries": 0, "top1": 0, "top3": 0})
        q["queries"] += 1
        q["top1"] += bool(slugs) and slugs[0] == query["slug"]
        q["top3"] += query["slug"] in slugs
    return {
        "failures": failures,
        "found_by_own_title": found,
        "title_sample": len(sample),
        "labelled_queries": quality,
    }


# -- timing --------------------------------------------------------------------------------------


def load_queries(path: Path = QUERIES_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def time_search(queries: list[dict], *, calls: int, warmup: int) -> dict:
    """Latency of ``article_search`` per call (ms), cycling through ``queries``; by language too."""
    from knowledgebase import search

    for i in range(warmup):
        query = queries[i % len(queries)]
        search.article_search(query["q"], language=query["lang"])
    by_language: dict[str, list[float]] = {}
    hits = 0
    started = time.monotonic()
    for i in range(calls):
        query = queries[i % len(queries)]
        t0 = time.perf_counter()
        found = search.article_search(query["q"], language=query["lang"])
        by_language.setdefault(query["lang"], []).append((time.perf_counter() - t0) * 1000)
        hits += bool(found)
    wall = time.monotonic() - started
    everything = [ms for values in by_language.values() for ms in values]
    return {
        "calls": calls,
        "warmup": warmup,
        "wall_s": round(wall, 2),
        "with_results": hits,
        "all": latency_stats(everything),
        "by_language": {language: latency_stats(values) for language, values in sorted(by_language.items())},
    }


def latency_stats(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "calls": len(values),
        "p50_ms": round(percentile(ordered, 50), 2),
        "p95_ms": round(percentile(ordered, 95), 2),
        "p99_ms": round(percentile(ordered, 99), 2),
        "mean_ms": round(statistics.fmean(values), 2) if values else 0.0,
        "max_ms": round(max(values), 2) if values else 0.0,
    }


# -- the child process ---------------------------------------------------------------------------


def run_child(env: dict[str, str], *args: str, timeout: float = 900, log: Callable[[str], None] = print) -> dict:
    """``python -m bench.kb_seed <args>`` with the app's settings; its progress lines go to ``log``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.kb_seed", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out = None
    # A silent child never reaches the loop below: the timer ends it.
    killer = threading.Timer(timeout, process.kill)
    killer.start()
    try:
        for line in process.stdout:
            if line.startswith(RESULT_MARKER):
                out = json.loads(line[len(RESULT_MARKER) :])
            else:
                log(line.rstrip())
        process.wait(60)
    finally:
        killer.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    stderr = process.stderr.read()
    process.stderr.close()
    process.stdout.close()
    if process.returncode != 0 or out is None:
        raise RuntimeError(f"bench.kb_seed {' '.join(args)} exited with {process.returncode}:\n{stderr[-3000:]}")
    return out


def main(argv: list[str]) -> int:
    import django

    django.setup()
    command = argv[0]
    if command == "seed":
        n = int(argv[1])
        started = time.monotonic()
        generated = generate(n)
        generate_s = round(time.monotonic() - started, 1)
        print(f"    generated {n:,} articles in {generate_s} s; loading ...", flush=True)
        out = load(generated, log=lambda line: print(line, flush=True))
        out["timings"]["generate_s"] = generate_s
        out["equivalence"] = check_equivalence()
        out["search_check"] = check_search()
    elif command == "time":
        out = time_search(load_queries(), calls=int(argv[1]), warmup=int(argv[2]))
    else:
        print(f"unknown command {command!r}: seed N | time CALLS WARMUP", file=sys.stderr)
        return 2
    print(RESULT_MARKER + json.dumps(out, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
