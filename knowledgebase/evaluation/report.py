"""Measure today's search and the plain BM25 baseline on the question set, and print the misses.

    .venv/bin/python -m knowledgebase.evaluation.report              # questions.json
    .venv/bin/python -m knowledgebase.evaluation.report --queries    # queries.json instead
    .venv/bin/python -m knowledgebase.evaluation.report --no-misses  # figures only

Loads the shipped articles (``knowledgebase.services.content_load``, as ``kb_load_content`` and the
tests' ``kb_content`` fixture do) into a fresh test database created by Django's test utilities (an
in-memory SQLite one by default; PostgreSQL when DATABASE_URL points there), measures, and destroys it.
Reports; asserts nothing (``tests/knowledgebase/test_search_quality.py`` asserts the goals).

For long questions it adds a diagnostic row: the same search given only the question's last
``QUERY_CHARS`` characters, where customers usually put the question.
"""

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable

QUERY_CHARS = 200
LONG_CHARS = 300


def _rate(results, test) -> str:
    results = list(results)
    if not results:
        return "    -"
    return f"{sum(map(test, results)) / len(results):6.1%}"


def _table(title: str, groups: dict[str, list], columns: dict[str, Callable]) -> None:
    print(f"\n{title}")
    header = f"  {'':36} {'n':>4} " + " ".join(f"{name:>13}" for name in columns)
    print(header)
    print("  " + "-" * (len(header) - 2))
    for group, indices in groups.items():
        cells = []
        for rank in columns.values():
            results = [rank[i] for i in indices]
            cells.append(f"{_rate(results, lambda r: r.top1)}/{_rate(results, lambda r: r.top3)}")
        print(f"  {group:36} {len(indices):>4} " + " ".join(f"{cell:>13}" for cell in cells))


def _short(text: str, width: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_counts(items: list[dict]) -> None:
    from django.db import connection

    print(f"Question set: {len(items)} items on {connection.vendor}")
    for label, key in (("language", lambda item: item["lang"]), ("style", lambda item: item.get("style", "-"))):
        counts = Counter(key(item) for item in items)
        print(f"  per {label}: " + ", ".join(f"{name} {count}" for name, count in sorted(counts.items())))
    print("  per article (en / zh-hans):")
    for slug in sorted({item["slug"] for item in items}):
        en = sum(item["slug"] == slug and item["lang"] == "en" for item in items)
        zh = sum(item["slug"] == slug and item["lang"] == "zh-hans" for item in items)
        print(f"    {slug:30} {en:3} / {zh:3}")


def _print_tables(items: list[dict], columns: dict[str, list]) -> None:
    from knowledgebase.evaluation import is_held_out

    by_language: dict[str, list[int]] = {}
    by_style: dict[str, list[int]] = {}
    by_slug: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_language.setdefault(item["lang"], []).append(i)
        by_language.setdefault(f"{item['lang']} {'held-out' if is_held_out(item) else 'tuning'}", []).append(i)
        by_style.setdefault(f"{item['lang']}/{item.get('style', '-')}", []).append(i)
        by_slug.setdefault(f"{item['lang'][:2]} {item['slug']}", []).append(i)
    by_language["all"] = list(range(len(items)))
    by_language = dict(sorted(by_language.items()))
    _table("Top-1 / top-3 per language (an answer counts when it is the slug or an 'also' slug)", by_language, columns)
    _table("Per language and style", dict(sorted(by_style.items())), columns)
    _table("Per language and article", dict(sorted(by_slug.items())), columns)


def _print_long(items: list[dict], searched: list, baseline: list, search) -> None:
    from knowledgebase.evaluation import run

    long_indices = [i for i, item in enumerate(items) if len(item["q"]) >= LONG_CHARS]
    if not long_indices:
        return
    tails = run(search, [{**items[i], "q": items[i]["q"][-QUERY_CHARS:]} for i in long_indices])
    tail = dict(zip(long_indices, tails, strict=True))
    print(
        f"\nLong questions (>= {LONG_CHARS} characters), with a diagnostic row: the same search given only "
        f"the question's last {QUERY_CHARS} characters."
    )
    long_by_language: dict[str, list[int]] = {}
    for i in long_indices:
        long_by_language.setdefault(items[i]["lang"], []).append(i)
    for language, indices in sorted(long_by_language.items()):
        lengths = sorted(len(items[i]["q"]) for i in indices)
        print(f"  {language:8} stories of {lengths[0]}-{lengths[-1]} characters (median {lengths[len(lengths) // 2]})")
        rows = {
            "search": [searched[i] for i in indices],
            f"search on the last {QUERY_CHARS} chars": [tail[i] for i in indices],
            "bm25 on the whole text": [baseline[i] for i in indices],
        }
        for name, results in rows.items():
            print(
                f"  {language:8} {name:38} top-1 {_rate(results, lambda r: r.top1)}  "
                f"top-3 {_rate(results, lambda r: r.top3)}  ({len(results)})"
            )


def _print_misses(items: list[dict], searched: list, baseline: list, *, held_out: bool) -> None:
    from knowledgebase.evaluation import is_held_out

    part = "held-out" if held_out else "tuning"
    print(f"\nMisses in the {part} part (top-1 wrong for the search or the baseline): want -> search | bm25")
    for i, item in enumerate(items):
        if (searched[i].top1 and baseline[i].top1) or is_held_out(item) != held_out:
            continue
        want = "+".join([item["slug"], *item.get("also", ())])
        mark_s = "ok" if searched[i].top1 else ("t3" if searched[i].top3 else "XX")
        mark_b = "ok" if baseline[i].top1 else ("t3" if baseline[i].top3 else "XX")
        print(f"  [{item['lang']}/{item.get('style', '-')}] want {want}")
        print(f"      search {mark_s}: {', '.join(searched[i].ranked) or '(nothing)'}")
        print(f"      bm25   {mark_b}: {', '.join(baseline[i].ranked) or '(nothing)'}")
        print(f"      q: {_short(item['q'])}")


def report(items: list[dict], *, show_misses: bool = True, held_out_misses: bool = False) -> None:
    from knowledgebase.evaluation import bm25_ranker, run, search_ranker

    search, bm25 = search_ranker(), bm25_ranker()
    searched = run(search, items)
    baseline = run(bm25, items)
    _print_counts(items)
    _print_tables(items, {"search t1/t3": searched, "bm25 t1/t3": baseline})
    _print_long(items, searched, baseline, search)
    if show_misses:
        _print_misses(items, searched, baseline, held_out=held_out_misses)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", action="store_true", help="measure queries.json instead of questions.json")
    parser.add_argument("--no-misses", action="store_true", help="print the figures only")
    parser.add_argument(
        "--held-out-misses",
        action="store_true",
        help="print the held-out part's misses instead of the tuning part's (look only once tuning is done)",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from knowledgebase.evaluation import load_queries, load_questions
    from knowledgebase.services import content_load

    items = load_queries() if args.queries else load_questions()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        loaded = content_load()
        print(f"Loaded the shipped content: {loaded.articles} articles, {loaded.translations} translations")
        report(items, show_misses=not args.no_misses, held_out_misses=args.held_out_misses)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return 0


if __name__ == "__main__":
    sys.exit(main())
