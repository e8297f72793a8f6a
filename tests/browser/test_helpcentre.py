"""Issue 5, tried as a new user would, in both languages in a real browser: search the help centre,
read the withdrawal article, vote "not helpful" with a reason, and get that article suggested
while typing a ticket title (opening it is recorded against the search).

Marked ``browser`` only, not ``integration``: the help centre's search has a backend of its own
per database (FTS5 on SQLite, tsvector on PostgreSQL), so these run in both passes.
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from knowledgebase.models import Article, ArticleFeedback, SearchLog
from knowledgebase.services import content_load

pytestmark = [pytest.mark.browser]

WITHDRAWAL = "withdrawal-delayed"
PHISHING_NOTICE = "Supportdesk staff will never ask for your password, 2FA codes or seed phrase."
CASES = {
    "en": {
        "search": "withdrawl stuck",
        "title": "Why hasn't my withdrawal arrived?",
        "reason": "It does not say what to do after 24 hours.",
        "ticket_title": "USDT withdrawal stuck for 3 hours",
    },
    "zh-hans": {
        "search": "提现一直没到账",
        "title": "提现一直没到账怎么办？",
        "reason": "没有说明超过 24 小时怎么办。",
        "ticket_title": "USDT 提现一直没到账",
    },
}


@pytest.fixture
def kb_content(transactional_db):
    """The shipped articles, loaded as the demo data loads them."""
    return content_load()


@pytest.mark.parametrize("language", list(CASES))
def test_search_article_feedback_and_ticket_form_suggestion(live_server, page, reference_data, kb_content, language):
    """One flow in one browser: the article opened from the search is the one voted on and then suggested."""
    case = CASES[language]
    article = Article.objects.get(slug=WITHDRAWAL)
    first, search_log = _search_from_the_home_page(page, live_server, language, case)
    _open_the_article_from_the_results(page, language, case, article, first, search_log)
    _vote_not_helpful_with_a_reason(page, language, case, article)
    _the_ticket_form_suggests_the_article(page, live_server, language, case, article)


def _search_from_the_home_page(page, live_server, language, case):
    # Search from the help-centre home: the withdrawal article comes first.
    page.goto(f"{live_server.url}/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    page.fill("#help-search", case["search"])
    page.locator("form.search button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{language}/\?q="))
    first = page.locator(".kb-result-list .kb-result a").first
    assert first.inner_text().strip() == case["title"]
    assert f"/{language}/kb/a/{WITHDRAWAL}/" in first.get_attribute("href")
    # The page's own search; the box's suggestions may have asked the API too if typing paused
    # (source "api"), which on a loaded machine it sometimes does before the click.
    search_log = SearchLog.objects.get(query=case["search"], language=language, source=SearchLog.Source.HELP_CENTRE)
    assert search_log.result_count >= 1 and search_log.clicked_article is None
    return first, search_log


def _open_the_article_from_the_results(page, language, case, article, first, search_log):
    # Open it: the article page, its breadcrumbs and the anti-phishing notice; the click is on record.
    first.click()
    page.wait_for_url(re.compile(rf"/{language}/kb/a/{WITHDRAWAL}/\?s="))
    assert page.locator("h1").inner_text().strip() == case["title"]
    crumbs = page.locator("nav.breadcrumbs li")
    assert crumbs.count() == 3
    assert crumbs.nth(0).locator("a").get_attribute("href") == f"/{language}/"
    assert crumbs.nth(1).locator("a").get_attribute("href") == f"/{language}/kb/{article.category.slug}/"
    assert crumbs.nth(1).inner_text().strip() == article.category.name(language)
    assert crumbs.nth(2).inner_text().strip() == case["title"]
    notice = page.locator(".notice-security").first
    assert notice.is_visible()
    with translation.override(language):
        assert gettext(PHISHING_NOTICE) in notice.inner_text()
    search_log.refresh_from_db()
    assert search_log.clicked_article_id == article.pk


def _vote_not_helpful_with_a_reason(page, language, case, article):
    # "Was this helpful?" -> No first, then the reason on a second step: a thank-you, and the vote
    # with its reason is stored.
    assert page.locator("#kb-reason").count() == 0
    page.locator("#feedback button[name=helpful][value=no]").click()
    page.wait_for_url(re.compile(rf"/{language}/kb/a/{WITHDRAWAL}/\?voted=no#feedback$"))
    page.fill("#kb-reason", case["reason"])
    page.locator("#feedback button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{language}/kb/a/{WITHDRAWAL}/\?voted=no-reason#feedback$"))
    assert page.locator("#feedback form").count() == 0
    assert page.locator("#feedback-heading").is_visible()
    feedback = ArticleFeedback.objects.get(article=article)
    assert (feedback.helpful, feedback.reason, feedback.language) == (False, case["reason"], language)
    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (0, 1)


def _the_ticket_form_suggests_the_article(page, live_server, language, case, article):
    # The ticket form: typing a title suggests the article; opening the suggestion is recorded.
    page.goto(f"{live_server.url}/{language}/tickets/new/?type=deposit_withdrawal")
    page.locator("#id_title").press_sequentially(case["ticket_title"], delay=20)
    suggestion = page.locator(".kb-suggestions a", has_text=case["title"])
    suggestion.wait_for()
    assert page.locator(".kb-suggestions").is_visible()
    assert f"/{language}/kb/a/{WITHDRAWAL}/?s=" in suggestion.get_attribute("href")
    with page.context.expect_page() as opened:
        suggestion.click()
    article_tab = opened.value
    article_tab.wait_for_load_state()
    assert re.search(rf"/{language}/kb/a/{WITHDRAWAL}/\?s=", article_tab.url)
    assert article_tab.locator("h1").inner_text().strip() == case["title"]
    suggested = SearchLog.objects.filter(query=case["ticket_title"], language=language)
    assert suggested.count() == 1, list(suggested.values_list("query", flat=True))
    assert suggested.get().clicked_article_id == article.pk
    article_tab.close()
