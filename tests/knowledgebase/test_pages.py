"""Help-centre pages: home search, category, article, feedback without JavaScript."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from knowledgebase.models import Article, ArticleFeedback, Category, SearchLog
from knowledgebase.services import article_translation_save


@pytest.fixture
def content(kb_content, reference_data):
    return kb_content


def test_home_searches_and_highlights_in_english(client, content):
    response = client.get("/en/", {"q": "withdrawl stuck"})
    assert response.status_code == 200
    html = response.content.decode()
    results = re.findall(r'<li class="kb-result">\s*<a href="([^"]+)"', html)
    assert results and results[0].startswith("/en/kb/a/withdrawal-delayed/?s=")
    assert "<mark>" in html
    log = SearchLog.objects.get()
    assert (log.query, log.language, log.result_count > 0) == ("withdrawl stuck", "en", True)


def test_home_searches_in_chinese(client, content):
    html = client.get("/zh-hans/", {"q": "提现一直没到账"}).content.decode()
    results = re.findall(r'<li class="kb-result">\s*<a href="([^"]+)"', html)
    assert results[0].startswith("/zh-hans/kb/a/withdrawal-delayed/")


def test_home_no_results_offers_contact_and_logs_the_gap(client, content):
    html = client.get("/en/", {"q": "<script>zzqxv</script>"}).content.decode()
    assert "kb-no-results" in html
    assert "<script>zzqxv" not in html and "&lt;script&gt;zzqxv" in html
    assert "/en/tickets/new/" in html
    assert SearchLog.objects.get().result_count == 0


def test_home_lists_categories_popular_recent_and_keeps_the_cards(client, content):
    Article.objects.filter(slug="reset-password").update(view_count=500)
    html = client.get("/en/").content.decode()
    assert "/en/kb/deposits-withdrawals/" in html
    assert "Popular articles" in html and "Recently updated" in html
    popular = html.split('id="popular-heading"')[1]
    assert popular.index("/en/kb/a/reset-password/") < popular.index("</ul>")
    assert "emergency-card" in html and "contact-card" in html and "type-grid" in html
    assert "seed phrase" in html


def test_home_query_count_does_not_grow_with_articles(client, content, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/en/")


def test_category_page_lists_its_articles_in_both_languages(client, content, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        html = client.get("/en/kb/deposits-withdrawals/", {"utm": "x"}).content.decode()
    assert "/en/kb/a/withdrawal-delayed/" in html and "breadcrumbs" in html
    assert '<link rel="canonical" href="http://testserver/en/kb/deposits-withdrawals/">' in html
    html = client.get("/zh-hans/kb/deposits-withdrawals/").content.decode()
    assert "充值与提现" in html and "/zh-hans/kb/a/withdrawal-delayed/" in html


def test_unknown_category_is_404(client, content):
    assert client.get("/en/kb/no-such-thing/").status_code == 404


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_article_page_has_breadcrumbs_canonical_hreflang_and_counts_the_view(client, content, lang):
    response = client.get(f"/{lang}/kb/a/withdrawal-delayed/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<link rel="canonical" href="http://testserver/{lang}/kb/a/withdrawal-delayed/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/kb/a/withdrawal-delayed/">' in html
    assert '<link rel="alternate" hreflang="zh-hans" href="http://testserver/zh-hans/kb/a/withdrawal-delayed/">' in html
    assert f'href="/{lang}/kb/deposits-withdrawals/"' in html
    assert 'class="kb-body"' in html and "kb-fallback" not in html
    assert Article.objects.get(slug="withdrawal-delayed").view_count == 1


def test_article_page_query_count_is_fixed(client, content, django_assert_max_num_queries):
    article = Article.objects.get(slug="withdrawal-delayed")
    article.related.set(Article.objects.exclude(pk=article.pk))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/kb/a/withdrawal-delayed/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="kb-list"') == 1 and html.count("/en/kb/a/") > 15
    assert len(queries) <= 6, [q["sql"] for q in queries]


def test_untranslated_article_falls_back_to_english_with_a_notice(client, make_article):
    make_article("english-only", title="Only in English", body="Some *help*.")
    html = client.get("/zh-hans/kb/a/english-only/").content.decode()
    assert "kb-fallback" in html and "Only in English" in html
    assert '<link rel="canonical" href="http://testserver/en/kb/a/english-only/">' in html
    assert 'hreflang="zh-hans"' not in html


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.ARCHIVED},
        {"visibility": Article.Visibility.INTERNAL},
    ],
)
def test_drafts_archived_and_internal_articles_are_404(client, make_article, fields):
    make_article("hidden", title="Hidden", **fields)
    assert client.get("/en/kb/a/hidden/").status_code == 404
    assert client.post("/en/kb/a/hidden/feedback/", {"helpful": "yes"}).status_code == 404


def test_malformed_slug_is_404(client, db):
    assert client.get("/en/kb/a/%00bad/").status_code == 404
    assert client.get("/en/kb/a/nope/").status_code == 404


def test_feedback_without_js_records_one_vote_per_visitor(client, content):
    url = "/en/kb/a/withdrawal-delayed/feedback/"
    response = client.post(url, {"helpful": "no", "reason": "Did not mention TRC20"})
    assert response.status_code == 302
    assert response["Location"] == "/en/kb/a/withdrawal-delayed/?voted=no#feedback"
    assert "What was missing?" in client.get(response["Location"]).content.decode()
    response = client.post(url, {"helpful": "no", "step": "reason", "reason": "Still unclear"})
    assert response["Location"] == "/en/kb/a/withdrawal-delayed/?voted=no-reason#feedback"
    feedback = ArticleFeedback.objects.get()
    assert (feedback.helpful, feedback.reason) == (False, "Still unclear")
    article = Article.objects.get(slug="withdrawal-delayed")
    assert (article.helpful_count, article.not_helpful_count) == (0, 1)
    assert "Thank you for your feedback" in client.get(response["Location"]).content.decode()


def test_feedback_from_two_visitors_counts_twice(client, content):
    client.post("/en/kb/a/withdrawal-delayed/feedback/", {"helpful": "yes"})
    Client(REMOTE_ADDR="198.51.100.9").post("/en/kb/a/withdrawal-delayed/feedback/", {"helpful": "yes"})
    assert Article.objects.get(slug="withdrawal-delayed").helpful_count == 2


def test_a_visitor_who_drops_the_session_cookie_still_votes_once(content):
    for _ in range(5):
        Client().post("/en/kb/a/withdrawal-delayed/feedback/", {"helpful": "no"})
    assert Article.objects.get(slug="withdrawal-delayed").not_helpful_count == 1


def test_feedback_needs_a_yes_or_no(client, content):
    response = client.post("/en/kb/a/withdrawal-delayed/feedback/", {"helpful": "maybe"})
    assert response.status_code == 302 and not ArticleFeedback.objects.exists()


def test_opening_a_search_result_records_the_click(client, content):
    html = client.get("/en/", {"q": "reset my password"}).content.decode()
    url = re.findall(r'<li class="kb-result">\s*<a href="([^"]+)"', html)[0].replace("&amp;", "&")
    client.get(url)
    log = SearchLog.objects.get()
    assert log.clicked_article.slug == url.split("/")[4]


def test_a_forged_click_token_is_ignored(client, content):
    log = SearchLog.objects.create(query="x", language="en", result_count=1)
    client.get("/en/kb/a/reset-password/", {"s": f"{log.pk}:forged"})
    log.refresh_from_db()
    assert log.clicked_article is None


def test_article_body_is_sanitised(client, category):
    article = Article.objects.create(slug="xss", category=category, status=Article.Status.PUBLISHED)
    article_translation_save(
        article=article, language="en", title="T", body_markdown="<script>x()</script>[a](javascript:alert(1))"
    )
    html = client.get("/en/kb/a/xss/").content.decode()
    body = html.split('class="kb-body"')[1]
    assert "<script>x()" not in body and "javascript:" not in body
    assert Category.objects.count() == 1


def test_full_demo_seed_loads_the_articles_and_reference_only_does_not(db):
    from django.core.management import call_command

    call_command("seed_demo", "--reference-only")
    assert not Article.objects.exists()
    call_command("seed_demo")
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() >= 20


def test_home_searches_a_long_question_and_says_when_one_is_too_long(client, content):
    story = "I withdrew 300 USDT yesterday to my Ledger and checked the address twice. " * 20
    html = client.get("/en/", {"q": story + "Why has my withdrawal not arrived?"}).content.decode()
    assert "/en/kb/a/withdrawal-delayed/" in html and "kb-too-long" not in html
    html = client.get("/en/", {"q": "withdrawal " * 300}).content.decode()
    assert "kb-too-long" in html
    assert 'maxlength="2000"' in html


def test_feedback_asks_yes_or_no_first_and_the_reason_only_after_no(client, content):
    html = client.get("/en/kb/a/withdrawal-delayed/").content.decode()
    feedback = html.split('id="feedback"')[1].split("</section>")[0]
    assert 'value="yes"' in feedback and 'value="no"' in feedback and "<textarea" not in feedback
    url = "/en/kb/a/withdrawal-delayed/feedback/"
    response = client.post(url, {"helpful": "no"})
    assert response["Location"] == "/en/kb/a/withdrawal-delayed/?voted=no#feedback"
    step_two = client.get(response["Location"]).content.decode().split('id="feedback"')[1].split("</section>")[0]
    assert "<textarea" in step_two and "data-secret-guard" in step_two and 'name="step" value="reason"' in step_two
    assert "/en/tickets/new/?topic=deposit_withdrawal&amp;article=withdrawal-delayed" in step_two
    assert ArticleFeedback.objects.get().helpful is False


def test_feedback_yes_thanks_without_asking_why(client, content):
    response = client.post("/en/kb/a/withdrawal-delayed/feedback/", {"helpful": "yes", "reason": "ignored"})
    assert response["Location"].endswith("?voted=yes#feedback")
    assert ArticleFeedback.objects.get().reason == ""
    page = client.get(response["Location"]).content.decode()
    assert "<textarea" not in page.split('id="feedback"')[1].split("</section>")[0]


def test_feedback_reason_passes_the_secret_guard_and_the_page_says_what_was_removed(client, content):
    url = "/en/kb/a/withdrawal-delayed/feedback/"
    client.post(url, {"helpful": "no"})
    phrase = "abandon ability able about above absent absorb abstract absurd abuse access accident"
    response = client.post(url, {"helpful": "no", "step": "reason", "reason": f"my seed is {phrase} help"}, follow=True)
    stored = ArticleFeedback.objects.get().reason
    assert "abandon" not in stored and "[redacted: seed_phrase]" in stored
    html = response.content.decode()
    assert "seed" in html and "Contact support about this" in html


def test_ticket_form_carries_the_topic_and_the_article(client, content, reference_data):
    html = client.get("/en/tickets/new/", {"topic": "deposit_withdrawal", "article": "withdrawal-delayed"}).content
    html = html.decode()
    assert '<input type="hidden" name="type" value="deposit_withdrawal"' in html
    assert 'value="About the article “Why hasn&#x27;t my withdrawal arrived?”"' in html
    unknown = client.get("/en/tickets/new/", {"topic": "deposit_withdrawal", "article": "no-such"}).content.decode()
    assert "About the article" not in unknown
