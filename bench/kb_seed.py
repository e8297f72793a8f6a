"""Ten thousand help-centre articles for the search benchmark, loaded in bulk, and the search timing.

Used by ``bench/bench_kb.py`` (10,000 articles on PostgreSQL and SQLite) and its test (a few dozen);
the articles come from ``bench/kb_text.py``.

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
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bench.kb_text import CONTENT_DIR, LANGUAGES, ROOT, SEED, SLUG_PREFIX, GeneratedArticle, generate, pools
from bench.load import percentile

__all__ = ["CONTENT_DIR", "LANGUAGES", "SLUG_PREFIX", "generate", "pools"]

QUERIES_FILE = ROOT / "knowledgebase" / "evaluation" / "queries.json"
RESULT_MARKER = "KB_BENCH "
BATCH = 500


# -- loading (Django set up) ---------------------------------------------------------------------


def _translations(chunk: list[GeneratedArticle]) -> list[tuple]:
    """(slug, unsaved translation) with its derived columns, as the service computes them."""
    from knowledgebase import search
    from knowledgebase.markdown import html_to_text, render_markdown
    from knowledgebase.models import ArticleTranslation

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
            translation.body_text = html_to_text(translation.body_html)
            for name, value in search.index_fields(translation).items():
                setattr(translation, name, value)
            rows.append((item.slug, translation))
    return rows


def _write(chunk: list[GeneratedArticle], rows: list[tuple], categories: dict) -> list:
    """The articles, their translations and first revisions, in bulk; the saved translations."""
    from knowledgebase.models import Article, ArticleRevision, ArticleTranslation

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
                translation=t,
                title=t.title,
                summary=t.summary,
                keywords=t.keywords,
                body_markdown=t.body_markdown,
            )
            for t in translations
        ]
    )
    return translations


def _analyze() -> None:
    from django.db import connection

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


def load(
    generated: list[GeneratedArticle], *, batch: int = BATCH, log: Callable[[str], None] = lambda line: None
) -> dict:
    """The shipped articles through ``content_load``, then ``generated`` in bulk, in one transaction."""
    from django.db import connection, transaction

    from knowledgebase import search
    from knowledgebase.models import Article, ArticleTranslation, Category
    from knowledgebase.services import content_load

    timings: dict[str, float] = {}
    spent = {"prepare_s": 0.0, "write_s": 0.0, "index_s": 0.0}
    started = time.monotonic()
    with transaction.atomic():
        content_load()
        # Another benchmark of the same run may have seeded this database (assistant and kb share
        # the one gunicorn serves): its generated articles go, so the slugs start over.
        Article.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        timings["shipped_s"] = round(time.monotonic() - started, 2)
        categories = {category.slug: category for category in Category.objects.all()}
        for start in range(0, len(generated), batch):
            chunk = generated[start : start + batch]
            t0 = time.monotonic()
            rows = _translations(chunk)
            t1 = time.monotonic()
            translations = _write(chunk, rows, categories)
            t2 = time.monotonic()
            for translation in translations:
                search.index_translation(translation)
            spent["prepare_s"] += t1 - t0
            spent["write_s"] += t2 - t1
            spent["index_s"] += time.monotonic() - t2
            log(f"    {start + len(chunk):,} / {len(generated):,} articles")
    timings.update({name: round(seconds, 1) for name, seconds in spent.items()})
    t0 = time.monotonic()
    _analyze()
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
