"""Editors' analytics and deflection tracking: the figures, the rule, the page and who may see it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from knowledgebase import analytics
from knowledgebase.models import Article, ArticleFeedback, SearchLog
from knowledgebase.services import search_log_record, search_logs_mark_ticket_filed
from knowledgebase.views import search_click_token
from tests.factories import UserFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

ANALYTICS = "/admin/knowledgebase/article/analytics/"
SUGGEST = "/api/v1/kb/articles/"


def ticket_form(**overrides) -> dict:
    data = {
        "type": "deposit_withdrawal",
        "title": "USDT withdrawal pending for 3 hours",
        "description": "I withdrew 500 USDT at 10:00 and it is still processing.",
        "asset": "USDT",
        "network": "TRC20",
        "contact_email": "lin@example.com",
    }
    data.update(overrides)
    return data


def log(query="fees", *, language="en", results=1, source=SearchLog.Source.HELP_CENTRE, ago=None, **fields):
    row = SearchLog.objects.create(query=query, language=language, result_count=results, source=source, **fields)
    if ago is not None:
        SearchLog.objects.filter(pk=row.pk).update(created_at=timezone.now() - ago)
    return row


def vote(article, *, helpful, reason="", visitor, ago=None):
    row = ArticleFeedback.objects.create(
        article=article, language="en", helpful=helpful, reason=reason, visitor_hash=visitor
    )
    if ago is not None:
        ArticleFeedback.objects.filter(pk=row.pk).update(updated_at=timezone.now() - ago)
    return row


def suggestion_urls(api_client, query="withdrawal stuck"):
    response = api_client.get(SUGGEST, {"q": query, "lang": "en", "source": "ticket_form", "page_size": 3})
    assert response.status_code == 200
    return [item["url"] for item in response.json()["results"]]


@pytest.fixture
def editor(reference_data):
    user = UserFactory(username="editor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article", content_type__app_label="knowledgebase"))
    return user


# -- deflection tracking ----------------------------------------------------------------------------


def test_suggestions_are_logged_as_ticket_form_searches(api_client, kb_content):
    suggestion_urls(api_client)
    api_client.get(SUGGEST, {"q": "withdrawal stuck", "lang": "en"})
    assert list(SearchLog.objects.order_by("id").values_list("source", flat=True)) == ["ticket_form", "api"]


@pytest.mark.parametrize("source", ["help_centre", "TICKET_FORM", "x" * 500, "api"])
def test_an_unknown_source_is_refused_and_logs_nothing(api_client, kb_content, source):
    response = api_client.get(SUGGEST, {"q": "withdrawal", "source": source})
    assert response.status_code == 400 and "source" in response.json()["errors"]
    assert not SearchLog.objects.exists()


def test_opened_suggestion_then_a_filed_ticket_is_not_a_deflection(client, api_client, kb_content, reference_data):
    url = suggestion_urls(api_client)[0]
    client.get("/en/tickets/new/?type=deposit_withdrawal")
    assert client.get(url).status_code == 200
    suggestion = SearchLog.objects.get()
    assert suggestion.clicked_article is not None and suggestion.ticket_filed_at is None

    response = client.post("/en/tickets/new/?type=deposit_withdrawal", ticket_form())
    assert response.status_code == 302 and Ticket.objects.count() == 1
    suggestion.refresh_from_db()
    assert suggestion.ticket_filed_at is not None
    later = timezone.now() + timedelta(hours=2)
    figures = analytics.deflection_figures(since=later - timedelta(days=1), now=later)
    assert (figures.suggestions_opened, figures.deflections, figures.rate) == (1, 0, 0.0)


def test_opened_suggestion_without_a_ticket_is_a_deflection_once_settled(client, api_client, kb_content):
    url = suggestion_urls(api_client)[0]
    client.get(url)
    now = timezone.now()
    fresh = analytics.deflection_figures(since=now - timedelta(days=1), now=now)
    assert (fresh.deflections, fresh.still_open) == (0, 1)
    later = now + analytics.DEFLECTION_SETTLE + timedelta(seconds=1)
    settled = analytics.deflection_figures(since=now - timedelta(days=1), now=later)
    assert (settled.suggestions_shown, settled.suggestions_opened, settled.deflections, settled.still_open) == (
        1,
        1,
        1,
        0,
    )
    assert settled.rate == 1.0
    assert [(row["slug"], row["deflected"], row["opened"]) for row in settled.by_article] == [(url.split("/")[6], 1, 1)]


def test_a_second_ticket_from_the_session_changes_nothing_more(client, api_client, kb_content, reference_data):
    client.get(suggestion_urls(api_client)[0])
    client.post("/en/tickets/new/?type=deposit_withdrawal", ticket_form())
    first = SearchLog.objects.get().ticket_filed_at
    client.post("/en/tickets/new/?type=deposit_withdrawal", ticket_form(title="Another one"))
    assert Ticket.objects.count() == 2
    assert SearchLog.objects.get().ticket_filed_at == first


def test_an_emergency_freeze_also_counts_as_a_filed_ticket(client, api_client, kb_content, reference_data):
    client.get(suggestion_urls(api_client, "account compromised")[0])
    response = client.post(
        "/en/tickets/freeze/",
        {"contact_email": "victim@example.com", "what_happened": "Someone logged in", "confirm": "on"},
    )
    assert response.status_code == 302
    assert SearchLog.objects.get().ticket_filed_at is not None


def test_a_help_centre_search_click_is_not_remembered_as_a_suggestion(client, kb_content, reference_data):
    row = log("withdrawal stuck")
    client.get(f"/en/kb/a/withdrawal-delayed/?s={search_click_token(row.pk)}")
    row.refresh_from_db()
    assert row.clicked_article.slug == "withdrawal-delayed"
    assert "kb_opened_suggestions" not in client.session
    client.post("/en/tickets/new/?type=deposit_withdrawal", ticket_form())
    row.refresh_from_db()
    assert row.ticket_filed_at is None


def test_a_ticket_from_another_session_does_not_mark_the_suggestion(client, api_client, kb_content, reference_data):
    from django.test import Client

    client.get(suggestion_urls(api_client)[0])
    Client().post("/en/tickets/new/?type=deposit_withdrawal", ticket_form())
    assert Ticket.objects.count() == 1
    assert SearchLog.objects.get().ticket_filed_at is None


def test_marking_is_one_update_and_ignores_garbage(django_assert_num_queries, make_article):
    article = make_article("fees", title="Fees")
    opened = log(source=SearchLog.Source.TICKET_FORM, clicked_article=article)
    unopened = log(source=SearchLog.Source.TICKET_FORM)
    now = timezone.now()
    with django_assert_num_queries(1):
        changed = search_logs_mark_ticket_filed(
            search_log_ids=[opened.pk, unopened.pk, "1", None, True, 99999], now=now
        )
    assert changed == 1
    opened.refresh_from_db()
    unopened.refresh_from_db()
    assert opened.ticket_filed_at == now and unopened.ticket_filed_at is None
    with django_assert_num_queries(0):
        assert search_logs_mark_ticket_filed(search_log_ids=["x"], now=now) == 0


def test_a_tampered_session_value_is_harmless(client, reference_data):
    session = client.session
    session["kb_opened_suggestions"] = {"not": "a list"}
    session.save()
    response = client.post("/en/tickets/new/?type=deposit_withdrawal", ticket_form())
    assert response.status_code == 302 and "kb_opened_suggestions" not in client.session


@pytest.mark.parametrize("payload", [[1, "x"], [True, "t"], ["1", "t"], [1, "t", 2], {"id": 1}, "1", None, 1.5])
def test_a_signed_token_of_the_wrong_shape_is_ignored(client, kb_content, payload):
    from django.core import signing

    row = log()
    token = signing.dumps(payload, salt="knowledgebase.search-click", compress=False)
    assert client.get(f"/en/kb/a/withdrawal-delayed/?s={token}").status_code == 200
    row.refresh_from_db()
    assert row.clicked_article is None and "kb_opened_suggestions" not in client.session


def test_search_log_record_refuses_an_unknown_source(db):
    with pytest.raises(ValueError):
        search_log_record(query="x", language="en", result_count=0, source="elsewhere")


# -- the figures on a small hand-made data set ----------------------------------------------------------


def test_content_gaps_group_case_and_spaces_and_skip_ticket_form_typing(db):
    for query in ("Withdrawl Stuck", "  withdrawl stuck ", "withdrawl stuck"):
        log(query, results=0)
    log("提现 没到账", language="zh-hans", results=0, source=SearchLog.Source.API)
    log("withdr", results=0, source=SearchLog.Source.TICKET_FORM)
    log("old gap", results=0, ago=timedelta(days=40))
    log("fees", results=3)
    log("fees", results=3)
    since = timezone.now() - timedelta(days=30)
    gaps = analytics.searches_without_results(since=since)
    assert [(row["normalised"], row["language"], row["count"]) for row in gaps] == [
        ("withdrawl stuck", "en", 3),
        ("提现 没到账", "zh-hans", 1),
    ]
    assert [(row["normalised"], row["count"]) for row in analytics.searches_without_click(since=since)] == [("fees", 2)]


def test_least_helpful_sorted_by_not_helpful_votes_with_the_latest_reasons(make_article):
    bad = make_article("bad", title="Bad article")
    meh = make_article("meh", title="Meh article")
    good = make_article("good", title="Good article")
    for n in range(4):
        vote(bad, helpful=False, reason=f"reason {n}", visitor=f"b{n}", ago=timedelta(minutes=10 - n))
    vote(bad, helpful=False, reason="too old", visitor="old", ago=timedelta(days=60))
    vote(bad, helpful=True, visitor="b-yes")
    vote(meh, helpful=False, visitor="m1")
    vote(good, helpful=True, visitor="g1")
    rows = analytics.least_helpful_articles(since=timezone.now() - timedelta(days=30))
    assert [(row["slug"], row["not_helpful"], row["helpful"]) for row in rows] == [("bad", 4, 1), ("meh", 1, 0)]
    assert rows[0]["ratio"] == pytest.approx(0.8)
    assert [reason["reason"] for reason in rows[0]["reasons"]] == ["reason 3", "reason 2", "reason 1"]
    assert rows[1]["reasons"] == []


def test_most_viewed_and_the_whole_page_take_a_fixed_number_of_queries(make_article, django_assert_num_queries):
    for n in range(5):
        article = make_article(f"a{n}", title=f"Article {n}")
        Article.objects.filter(pk=article.pk).update(view_count=n)
        vote(article, helpful=False, reason="unclear", visitor=f"v{n}")
        log(f"q{n}", source=SearchLog.Source.TICKET_FORM, clicked_article=article, ago=timedelta(hours=2))
        log(f"gap {n}", results=0)
    assert [row["slug"] for row in analytics.most_viewed_articles()] == ["a4", "a3", "a2", "a1"]
    # Gaps (2), votes and their reasons (2), views, deflections (2), titles.
    with django_assert_num_queries(8):
        data = analytics.article_analytics(days=30, now=timezone.now())
    assert data.deflections.deflections == 5 and len(data.least_helpful) == 5
    assert {row["title"] for row in data.most_viewed} == {"Article 1", "Article 2", "Article 3", "Article 4"}


@pytest.mark.parametrize(
    ("raw", "days"),
    [("7", 7), ("90", 90), (None, 30), ("", 30), ("abc", 30), ("-7", 30), ("8", 30), ("9" * 5000, 30), ("7.0", 30)],
)
def test_period_days_accepts_only_the_offered_periods(raw, days):
    assert analytics.period_days(raw) == days


# -- the page -------------------------------------------------------------------------------------------


def test_staff_with_view_permission_see_the_page_in_the_admin(client, editor, kb_content):
    client.force_login(editor)
    response = client.get(ANALYTICS, {"days": "7"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Knowledge-base analytics" in html and 'href="/admin/"' in html and "breadcrumbs" in html
    assert response.context["data"].days == 7


def test_the_article_changelist_links_to_the_page(client, editor, kb_content):
    client.force_login(editor)
    assert f'href="{ANALYTICS}"' in client.get("/admin/knowledgebase/article/").content.decode()


def test_superusers_see_the_page(client, reference_data):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get(ANALYTICS).status_code == 200


def test_staff_without_the_permission_are_refused(client, reference_data):
    client.force_login(UserFactory(username="staff-no-kb", is_staff=True))
    assert client.get(ANALYTICS).status_code == 403


def test_agents_who_may_view_articles_see_the_page(client, agent):
    assert agent.has_perm("knowledgebase.view_article")  # through the "Support agents" group
    client.force_login(agent)
    assert client.get(ANALYTICS).status_code == 200


@pytest.mark.parametrize("logged_in", [False, True])
def test_customers_and_visitors_are_sent_to_the_admin_login(client, customer, logged_in):
    if logged_in:
        client.force_login(customer)
    response = client.get(ANALYTICS)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("days", ["abc", "-1", "0", "99999999999999999999", "7' OR 1=1 --", "7\x00", "%"])
def test_hostile_period_falls_back_to_the_default(client, editor, days):
    client.force_login(editor)
    response = client.get(ANALYTICS, {"days": days})
    assert response.status_code == 200 and response.context["data"].days == analytics.DEFAULT_PERIOD


def test_queries_and_reasons_are_escaped(client, editor, make_article):
    article = make_article("xss", title="<b>Title</b>")
    vote(article, helpful=False, reason="<script>alert(1)</script>", visitor="x")
    log("<img src=x onerror=alert(1)>", results=0)
    client.force_login(editor)
    html = client.get(ANALYTICS).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>Title</b>" not in html


def test_not_helpful_vote_through_the_feedback_form_shows_on_the_page(client, editor, kb_content):
    """Issue 5's "done when": marking the withdrawal article "not helpful" shows up in the editors' analytics."""
    response = client.post(
        "/en/kb/a/withdrawal-delayed/feedback/", {"helpful": "no", "reason": "Did not say how long TRC20 takes"}
    )
    assert response.status_code == 302
    client.force_login(editor)
    response = client.get(ANALYTICS)
    rows = response.context["data"].least_helpful
    assert [(row["slug"], row["not_helpful"]) for row in rows] == [("withdrawal-delayed", 1)]
    html = response.content.decode()
    section = html.split('id="least-helpful"')[1].split("</section>")[0]
    assert 'data-article="withdrawal-delayed"' in section and "Did not say how long TRC20 takes" in section


def test_not_helpful_vote_through_the_api_shows_on_the_page(client, api_client, editor, kb_content):
    response = api_client.post(
        "/api/v1/kb/articles/withdrawal-delayed/feedback/",
        {"helpful": False, "reason": "提现还是没到", "lang": "zh-hans"},
        format="json",
    )
    assert response.status_code == 200
    client.force_login(editor)
    section = client.get(ANALYTICS).content.decode().split('id="least-helpful"')[1].split("</section>")[0]
    assert 'data-article="withdrawal-delayed"' in section and '<li lang="zh-hans">提现还是没到</li>' in section


def test_deflections_show_on_the_page(client, editor, make_article):
    article = make_article("fees", title="Trading fees")
    log("fees", source=SearchLog.Source.TICKET_FORM, clicked_article=article, ago=timedelta(hours=3))
    log("fees", source=SearchLog.Source.TICKET_FORM, clicked_article=article, ago=timedelta(hours=3))
    filed = log("fees", source=SearchLog.Source.TICKET_FORM, clicked_article=article, ago=timedelta(hours=3))
    SearchLog.objects.filter(pk=filed.pk).update(ticket_filed_at=timezone.now())
    client.force_login(editor)
    html = client.get(ANALYTICS).content.decode()
    assert '<strong data-figure="deflections">2</strong>' in html
    assert '<strong data-figure="opened">3</strong>' in html
    assert '<strong data-figure="rate">67%</strong>' in html
    assert 'data-article="fees"><td><a href="/admin/knowledgebase/article/' in html
