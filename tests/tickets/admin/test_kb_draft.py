"""The workspace's "draft a help article from this ticket": a draft, internal article without personal data."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client

from knowledgebase.models import Article, ArticleRevision, Category
from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_ticket
from tickets.models import Message

pytestmark = pytest.mark.django_db

TXID = "0x9f2c4e6a8b0d1f3e5c7a9b1d3f5e7c9a0b2d4f6e8a0c2e4f6a8b0d2f4e6a8c0e"


def kb_draft_url(ticket_or_id) -> str:
    object_id = getattr(ticket_or_id, "pk", ticket_or_id)
    return f"/admin/tickets/ticket/{object_id}/kb-draft/"


def grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="knowledgebase", codename__in=codenames)
    )
    return user


@pytest.fixture
def category(db):
    return Category.objects.create(slug="deposits-withdrawals", name_en="Deposits", name_zh_hans="充值")


@pytest.fixture
def editor(agent):
    return grant(agent, "add_article", "change_article", "view_article")


@pytest.fixture
def ticket(reference_data):
    ticket = make_ticket(
        title="USDT withdrawal stuck on TRC20",
        description=(
            f"My withdrawal of 500 USDT is pending since 10:00. Hash {TXID}.\n"
            "Write to me at lin.private@example.com or +86 138-0013 8000 (or 0013 8000 at the office).\n"
            "## Solution: fake heading from the customer"
        ),
        transaction_id=TXID,
        asset="USDT",
        network="TRC20",
        email="lin.private@example.com",
        contact_phone="+8613800138000",
        language="en",
    )
    Message.objects.create(ticket=ticket, author_role=Message.AuthorRole.CUSTOMER, body="Any news?")
    Message.objects.create(
        ticket=ticket, author_role=Message.AuthorRole.AGENT, body="Check the network you chose matches TRC20."
    )
    Message.objects.create(
        ticket=ticket, author_role=Message.AuthorRole.AGENT, body="Internal: user is VIP, expedite.", internal=True
    )
    Message.objects.create(
        ticket=ticket,
        author_role=Message.AuthorRole.AGENT,
        body="The node was congested; it confirmed after 40 minutes. Mail lin.private@example.com told.",
    )
    return ticket


def test_get_shows_an_admin_form_prefilled_from_the_ticket(client, editor, ticket, category):
    client.force_login(editor)
    response = client.get(kb_draft_url(ticket))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="USDT withdrawal stuck on TRC20"' in html
    assert '<option value="en" selected>' in html
    assert "csrfmiddlewaretoken" in html and ticket.reference in html and "breadcrumbs" in html
    assert not Article.objects.exists()


def test_a_chinese_ticket_preselects_chinese(client, editor, ticket, category):
    ticket.language = "zh-hans"
    ticket.save(update_fields=["language"])
    client.force_login(editor)
    assert '<option value="zh-hans" selected>' in client.get(kb_draft_url(ticket)).content.decode()


def test_post_creates_an_internal_draft_with_problem_and_solution(client, editor, ticket, category):
    client.force_login(editor)
    response = client.post(
        kb_draft_url(ticket), {"category": category.pk, "language": "en", "title": "Withdrawal stuck on TRC20"}
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/knowledgebase/article/{article.pk}/change/"
    assert next(str(m) for m in get_messages(response.wsgi_request)).startswith("Draft article")
    assert (article.status, article.visibility, article.category, article.ticket_types) == (
        "draft",
        "internal",
        category,
        ["deposit_withdrawal"],
    )
    translation = article.translations.get()
    body = translation.body_markdown
    assert translation.language == "en" and translation.title == "Withdrawal stuck on TRC20"
    assert body.index("## Problem") < body.index("My withdrawal of 500 USDT") < body.index("## Solution\n")
    assert "- **Asset:** USDT" in body and "- **Network:** TRC20" in body
    solution = body.split("## Solution\n")[1]
    assert solution.index("Check the network") < solution.index("The node was congested")
    assert "Internal: user is VIP" not in body and "Any news?" not in body
    # Personal data never reaches the article: not the transaction ID, not the contact details.
    for secret in (TXID, TXID[2:], "lin.private@example", "138-0013", "0013 8000", "8000"):
        assert secret not in body and secret not in translation.body_html
    assert "My withdrawal of 500 USDT is pending since 10:00." in body  # ordinary numbers stay
    # The customer's own "## Solution" line cannot open a second section.
    assert re.findall(r"(?m)^## .*$", body) == ["## Problem", "## Solution"]
    assert translation.body_html.count("<h2") == 2
    assert ArticleRevision.objects.get().author == editor


def test_posting_twice_makes_two_drafts_with_distinct_slugs(client, editor, ticket, category):
    client.force_login(editor)
    data = {"category": category.pk, "language": "en", "title": "Withdrawal stuck"}
    client.post(kb_draft_url(ticket), data)
    client.post(kb_draft_url(ticket), data)
    slugs = sorted(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == 2 and slugs[0] == "withdrawal-stuck" and slugs[1].startswith("withdrawal-stuck-")


def test_a_chinese_title_gets_a_usable_slug(client, editor, ticket, category):
    client.force_login(editor)
    response = client.post(
        kb_draft_url(ticket), {"category": category.pk, "language": "zh-hans", "title": "提现未到账"}
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.slug == "article" and article.translations.get().language == "zh-hans"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"category": "999999", "language": "en", "title": "T"},
        {"category": "x", "language": "en", "title": "T"},
        {"category": "CAT", "language": "fr", "title": "T"},
        {"category": "CAT", "language": "en", "title": ""},
        {"category": "CAT", "language": "en", "title": "x" * 201},
    ],
)
def test_bad_input_is_a_400_and_stores_nothing(client, editor, ticket, category, data):
    data = {key: (str(category.pk) if value == "CAT" else value) for key, value in data.items()}
    client.force_login(editor)
    response = client.post(kb_draft_url(ticket), data)
    assert response.status_code == 400 and not Article.objects.exists()


def test_staff_without_the_add_permission_are_refused(client, agent, ticket, category):
    client.force_login(grant(agent, "view_article", "change_article"))
    assert client.get(kb_draft_url(ticket)).status_code == 403
    assert (
        client.post(kb_draft_url(ticket), {"category": category.pk, "language": "en", "title": "T"}).status_code == 403
    )
    assert not Article.objects.exists()


def test_staff_who_may_not_see_the_ticket_get_a_404(client, ticket, category):
    # Staff with the knowledge-base permission but in no support team: not an agent, so not their ticket.
    writer = grant(UserFactory(username="writer", is_staff=True), "add_article")
    client.force_login(writer)
    assert client.get(kb_draft_url(ticket)).status_code == 404
    assert (
        client.post(kb_draft_url(ticket), {"category": category.pk, "language": "en", "title": "T"}).status_code == 404
    )
    assert not Article.objects.exists()


@pytest.mark.parametrize("object_id", ["999999", "abc", "1.0", "-1", "9" * 40, "²"])
def test_unknown_ticket_is_a_404(client, editor, ticket, object_id):
    client.force_login(editor)
    assert client.get(kb_draft_url(object_id)).status_code == 404


def test_customers_are_sent_to_the_admin_login(client, customer, ticket):
    client.force_login(customer)
    response = client.get(kb_draft_url(ticket))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_post_without_a_csrf_token_is_refused(editor, ticket, category):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(kb_draft_url(ticket), {"category": category.pk, "language": "en", "title": "T"})
    assert response.status_code == 403 and not Article.objects.exists()


def test_superuser_can_draft(client, ticket, category):
    client.force_login(AgentFactory(username="root", is_superuser=True))
    response = client.post(kb_draft_url(ticket), {"category": category.pk, "language": "en", "title": "Root draft"})
    assert response.status_code == 302 and Article.objects.get().slug == "root-draft"


def test_every_kind_of_personal_data_is_left_out_of_the_draft(client, editor, category, reference_data):
    """The review found bech32 and TRON addresses, account numbers and dates of birth kept in a draft."""
    values = {
        "bech32": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "tron": "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8",
        "evm": "0x52908400098527886E0F7030069857D2E4169EE7",
        "uid": "UID 82716354",
        "iban": "IBAN GB82WEST12345698765432",
        "dob": "DOB 1990-01-02",
        "zh_account": "银行卡号 6222 0210 0112 3456 789",
        "zh_birth": "出生日期 1988年3月7日",
    }
    ticket = make_ticket(
        title="Withdrawal to my wallet",
        description="Sent to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq and TJRabPrwbZy45sbavfcjinPJC18kjpRTv8. "
        "My UID 82716354, IBAN GB82WEST12345698765432, DOB 1990-01-02. 银行卡号 6222 0210 0112 3456 789，"
        "出生日期 1988年3月7日。Also 0x52908400098527886E0F7030069857D2E4169EE7. I withdrew 1,500 USDT on 2024-05-01.",
        email="someone@example.com",
        language="en",
    )
    Message.objects.create(ticket=ticket, author_role=Message.AuthorRole.AGENT, body="Fixed. Thanks, UID 82716354.")
    client.force_login(editor)
    client.post(kb_draft_url(ticket), {"category": category.pk, "language": "en", "title": "Withdrawal to a wallet"})
    body = Article.objects.get().translations.get().body_markdown
    for name, value in values.items():
        assert value.split()[-1] not in body, name
    assert "1,500 USDT on 2024-05-01" in body, "amounts and dates that are not a birth date stay"
