"""The help-centre search benchmark's own code at a tiny size: the article generator, the bulk
load (proven equal to the service), the search timing and its statistics. The figures come from
`make bench BENCH=kb`."""

import pytest

from bench import bench_kb, kb_seed, load, run
from knowledgebase import search
from knowledgebase.models import Article, ArticleRevision, ArticleTranslation
from knowledgebase.services import article_translation_save

N = 50


@pytest.fixture(scope="module")
def generated():
    return kb_seed.generate(N)


def test_generator_recombines_the_shipped_text_in_both_languages(generated):
    pools = kb_seed.pools()
    assert len(generated) == N
    assert generated == kb_seed.generate(N), "the same seed makes the same articles"
    assert generated != kb_seed.generate(N, seed=1)
    assert len({item.slug for item in generated}) == N
    assert all(item.slug.startswith(kb_seed.SLUG_PREFIX) for item in generated)
    assert {item.category for item in generated} <= set(pools["en"].categories)
    for item in generated:
        assert set(item.texts) == {"en", "zh-hans"}
        en, zh = item.texts["en"], item.texts["zh-hans"]
        assert en.title != zh.title and en.body_markdown != zh.body_markdown
        assert "## " in en.body_markdown and "## " in zh.body_markdown
        # The text is the shipped articles' sentences of the same language, recombined.
        assert any(zh.body_markdown.startswith(sentence) for sentence in pools["zh-hans"].sentences)
        assert any(en.body_markdown.startswith(sentence) for sentence in pools["en"].sentences)
        assert not any(sentence in en.body_markdown for sentence in pools["zh-hans"].sentences)
        # A link is never cut in half.
        for body in (en.body_markdown, zh.body_markdown):
            assert body.count("[") == body.count("]")
    # Each is a variant of one shipped article and mostly keeps to its topic.
    own = other = 0
    for item in generated:
        source = next(i for i, title in enumerate(pools["en"].titles) if title.rstrip("?") in item.texts["en"].title)
        assert item.category == pools["en"].categories[source]
        mine = set(pools["en"].articles[source].sentences)
        used = {sentence for sentence in pools["en"].sentences if sentence in item.texts["en"].body_markdown}
        own, other = own + len(used & mine), other + len(used - mine)
    assert own > other > 0
    titles = [item.texts["en"].title for item in generated]
    assert len(set(titles)) == N, "titles vary by asset, network and phrasing"


@pytest.mark.django_db
def test_bulk_load_writes_what_the_service_writes_and_search_finds_it(generated):
    lines = []
    out = kb_seed.load(generated, batch=20, log=lines.append)
    shipped = Article.objects.exclude(slug__startswith=kb_seed.SLUG_PREFIX).count()
    assert shipped == 20
    assert out["generated"] == N and out["articles"] == N + shipped
    assert out["translations"] == 2 * (N + shipped) == ArticleTranslation.objects.count()
    assert ArticleRevision.objects.count() == out["translations"]
    assert any(f"{N} / {N}" in line for line in lines)
    assert set(out["timings"]) >= {"shipped_s", "prepare_s", "write_s", "index_s", "total_s"}

    equivalence = kb_seed.check_equivalence(sample=6)
    assert equivalence == {"checked": 6, "failures": []}
    assert not Article.objects.filter(slug__startswith="zz-check-").exists(), "the scratch articles are rolled back"

    # The check does fail when the bulk data is not what the service writes.
    victim = ArticleTranslation.objects.filter(article__slug__startswith=kb_seed.SLUG_PREFIX).order_by("id").first()
    ArticleTranslation.objects.filter(pk=victim.pk).update(search_body="tampered")
    broken = kb_seed.check_equivalence(sample=2 * N)
    assert any("search_body differs" in failure for failure in broken["failures"])

    checked = kb_seed.check_search(generated_sample=4)
    assert checked["failures"] == []
    assert checked["title_sample"] == 4 and checked["found_by_own_title"] >= 1
    quality = checked["labelled_queries"]
    assert set(quality) == {"en", "zh-hans"}
    assert sum(q["queries"] for q in quality.values()) == len(kb_seed.load_queries())
    # A real article still wins its own question among the look-alikes.
    assert search.article_search("withdrawl stuck", language="en")[0].slug == "withdrawal-delayed"


@pytest.mark.django_db
def test_generated_article_saved_through_the_service_is_found_like_the_bulk_one(generated):
    kb_seed.load(generated[:10], batch=10)
    item = generated[3]
    bulk = Article.objects.get(slug=item.slug)
    text = item.texts["zh-hans"]
    twin = Article.objects.create(slug="twin", category=bulk.category, status=Article.Status.PUBLISHED)
    article_translation_save(
        article=twin,
        language="zh-hans",
        title=text.title,
        body_markdown=text.body_markdown,
        summary=text.summary,
        keywords=text.keywords,
    )
    hits = {hit.slug: hit.score for hit in search.article_search(text.title, language="zh-hans", limit=20)}
    assert hits[item.slug] == pytest.approx(hits["twin"])


@pytest.mark.django_db
def test_search_timing_reports_percentiles_per_language(generated):
    kb_seed.load(generated[:10], batch=10)
    queries = kb_seed.load_queries()
    timing = kb_seed.time_search(queries, calls=12, warmup=2)
    assert timing["calls"] == 12 and timing["all"]["calls"] == 12
    assert set(timing["by_language"]) <= {"en", "zh-hans"}
    stats = timing["all"]
    assert 0 < stats["p50_ms"] <= stats["p95_ms"] <= stats["p99_ms"] <= stats["max_ms"]


def test_percentiles_and_stats():
    values = [float(v) for v in range(1, 101)]
    assert load.percentile(values, 50) == 50.0
    assert load.percentile(values, 95) == 95.0
    assert load.percentile(values, 99) == 99.0
    assert load.percentile(values, 100) == 100.0
    assert load.percentile([], 95) == 0.0
    assert load.percentile([7.0], 1) == 7.0
    assert kb_seed.latency_stats(list(reversed(values)))["p95_ms"] == 95.0  # unsorted input is sorted first
    stats = kb_seed.latency_stats([4.0, 1.0, 3.0, 2.0])
    assert stats == {"calls": 4, "p50_ms": 2.0, "p95_ms": 4.0, "p99_ms": 4.0, "mean_ms": 2.5, "max_ms": 4.0}


def test_goal_verdict_uses_the_worst_language():
    def timing(en, zh):
        return {"by_language": {"en": {"p95_ms": en}, "zh-hans": {"p95_ms": zh}}}

    assert bench_kb.goal_verdict(timing(12.0, 29.9)) == (True, 29.9)
    assert bench_kb.goal_verdict(timing(12.0, 30.0)) == (True, 30.0)
    assert bench_kb.goal_verdict(timing(31.5, 10.0)) == (False, 31.5)


def test_settings_requests_and_report_rows():
    conf = bench_kb.settings_from_env({"BENCH_KB_ARTICLES": "2_000", "BENCH_KB_SQLITE": "0"})
    assert conf["articles"] == 2000 and conf["sqlite"] is False
    default = bench_kb.settings_from_env({})
    assert default["articles"] == 10_000 and default["calls"] >= 1000 and default["calls"] % 118 == 0
    requests = bench_kb.page_requests(10_000)
    assert requests["article_en_generated"].path == "/en/kb/a/gen-05000/"
    assert requests["api_search_zh"].path.startswith("/api/v1/kb/articles/?lang=zh-hans&q=%E6%8F%90")
    stats = kb_seed.latency_stats([2.0, 4.0])
    rows = bench_kb.search_scenarios("postgresql", {"all": stats, "by_language": {"en": stats}})
    assert set(rows) == {"search_postgresql_all", "search_postgresql_en"}
    assert rows["search_postgresql_en"]["rps"] == pytest.approx(333.3)
    assert run.time_limit([bench_kb], {}) == bench_kb.TIME_LIMIT
    results = {
        "machine": {"cpus_usable": 2},
        "versions": {"postgresql": "15"},
        "server": {"gunicorn": "2 workers", "postgresql_durable": True},
        "load": {"tool": "wrk", "threads": 2, "connections": 8, "duration_s": 15, "warmup_s": 3},
        "benchmarks": {"kb": {"scenarios": rows, "notes": ["goal met"]}},
        "ok": True,
    }
    text = run.render(results)
    assert "search() postgresql en (in-process)" in text and "333.3" in text
