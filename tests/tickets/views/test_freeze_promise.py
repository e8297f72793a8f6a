"""The freeze request keeps its promise: its own done page, one timing (FREEZE_WITHIN_MINUTES) on
the home page, the freeze page, the done page, the e-mail and the account-compromised article."""

import pytest

from tests.conftest import deliver_outbox
from tests.fragments import fragment_catalogue  # noqa: F401 (the fixture, used by name)
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

FREEZE = "/en/tickets/freeze/"
DONE = "/en/tickets/freeze/requested/"


def _freeze(client, lang="en", email="victim@example.com"):
    return client.post(f"/{lang}/tickets/freeze/", {"contact_email": email, "confirm": "on"})


def test_the_done_page_says_when_in_a_time_the_browser_localises_and_has_no_stepper(client, reference_data):
    assert _freeze(client)["Location"] == DONE
    ticket = Ticket.objects.get()

    page = client.get(DONE).content.decode()

    assert "Freeze requested at <time datetime=" in page
    assert "data-local data-time-only" in page
    assert "within 15 minutes of your request" in page
    assert 'class="steps"' not in page  # the ticket stepper belongs to ordinary tickets
    for link in ("/en/accounts/password/reset/", "/en/kb/a/lost-2fa-device/", "/en/kb/a/api-keys/"):
        assert f'href="{link}"' in page
    assert 'href="/en/kb/a/withdrawal-address-whitelist/"' in page
    assert ticket.reference in page


def test_refreshing_the_done_page_sends_nothing_again(client, reference_data, mailoutbox):
    _freeze(client)
    deliver_outbox()
    sent, events = len(mailoutbox), TicketEvent.objects.count()

    for _ in range(3):
        response = client.get(DONE)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    deliver_outbox()

    assert Ticket.objects.count() == 1
    assert TicketEvent.objects.count() == events
    assert len(mailoutbox) == sent


def test_the_done_page_without_a_request_goes_to_the_form(client, reference_data):
    assert client.get(DONE)["Location"] == FREEZE
    assert client.post(DONE).status_code == 405


def test_a_tampered_session_entry_is_not_a_500(client, reference_data):
    session = client.session
    session["freeze_requested"] = {"at": "not a time", "email": "<b>x</b>", "reference": "SD-NOPE<script>"}
    session.save()

    response = client.get(DONE)

    assert response.status_code == 200
    assert "<b>x</b>" not in response.content.decode()


@pytest.mark.parametrize("minutes, words_en, words_zh", [(15, "15 minutes", "15 分钟"), (30, "30 minutes", "30 分钟")])
def test_one_promise_on_every_page_and_in_the_email(
    client, reference_data, settings, mailoutbox, minutes, words_en, words_zh
):
    settings.FREEZE_WITHIN_MINUTES = minutes

    assert f"within {words_en}" in client.get("/en/").content.decode()
    assert f"within {words_en}" in client.get(FREEZE).content.decode()
    assert words_zh in client.get("/zh-hans/tickets/freeze/").content.decode()
    _freeze(client)
    assert f"within {words_en} of your request" in client.get(DONE).content.decode()
    deliver_outbox()
    to_customer = [m for m in mailoutbox if m.to == ["victim@example.com"]]
    assert len(to_customer) == 1
    assert f"within {words_en} of your request" in to_customer[0].body
    assert "An agent will answer by" not in to_customer[0].body


@pytest.mark.parametrize(
    "lang, words, old", [("en", "within 15 minutes", "immediately"), ("zh-hans", "15 分钟内", "立即停止")]
)
def test_the_account_compromised_article_makes_the_same_promise(client, kb_content, lang, words, old):
    page = client.get(f"/{lang}/kb/a/account-compromised/").content.decode()

    assert words in page
    assert old not in page
    assert "{{" not in page and "FREEZE_WITHIN" not in page
    assert f"/{lang}/tickets/freeze/" in page


def test_the_article_follows_the_setting_when_loaded(settings, db):
    from knowledgebase.models import ArticleTranslation
    from knowledgebase.services import content_load

    settings.FREEZE_WITHIN_MINUTES = 20
    content_load()

    body = ArticleTranslation.objects.get(article__slug="account-compromised", language="en").body_text
    assert "within 20 minutes" in body


@pytest.mark.usefixtures("fragment_catalogue")
def test_the_chinese_pages_say_it_in_chinese(client, reference_data):
    assert "安全团队会在 15 分钟内冻结" in client.get("/zh-hans/").content.decode()
    assert "安全团队会在 15 分钟内冻结" in client.get("/zh-hans/tickets/freeze/").content.decode()
    _freeze(client, lang="zh-hans")

    page = client.get("/zh-hans/tickets/freeze/requested/").content.decode()

    assert "冻结申请提交于 <time" in page
    assert "收到申请后 15 分钟内冻结" in page
