"""The ticket page: thread, facts, customer panel; replies and notes; canned responses; the collision warning."""

import json
import re

import pytest
from django.test import Client

from tests.conftest import token_client
from tests.factories import AgentFactory
from tests.tickets.admin._ticket_page_helpers import _messages, _page_url, _png, _seen, _ticket, _url
from tickets import services
from tickets.models import CannedResponse, Feedback, Notification, Status, Team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("canned_responses")]


# -- the page ------------------------------------------------------------------------------------


def test_page_shows_thread_with_authors_screenshots_facts_timeline_and_customer_panel(
    client, named_agent, named_customer
):
    ticket = _ticket(named_customer, screenshots=[_png("filed.png")])
    services.ticket_reply(ticket=ticket, author=named_agent, body="Checking with the network now.")
    services.ticket_reply(ticket=ticket, author=named_agent, body="Chain explorer shows it stuck.", internal=True)
    services.ticket_reply(ticket=ticket, author=named_customer, body="Any news?", screenshots=[_png("later.png")])
    earlier = _ticket(named_customer, title="Older deposit question")
    services.ticket_change_status(ticket=earlier, actor=named_agent, status=Status.SOLVED)
    Feedback.objects.create(ticket=earlier, rating=4, comment="Quick and kind")
    services.customer_note_add(ticket=ticket, body="Prefers e-mail over phone.", author=named_agent)
    client.force_login(named_agent)

    response = client.get(_page_url(ticket))
    assert response.status_code == 200
    page = response.content.decode()
    # The thread: public replies and internal notes, each with its author.
    assert "Checking with the network now." in page and "Chain explorer shows it stuck." in page
    assert "Internal note" in page and "Sam" in page and "Alice Chen" in page
    # Screenshots as thumbnails through the permission-checked view, never the media URL.
    for shot in ticket.screenshots.all():
        assert f'src="/api/v1/screenshots/{shot.public_id}/"' in page
    assert "/media/" not in page
    assert ticket.screenshots.count() == 2
    # The facts.
    assert "0xabc123def4567890abc123def4567890" in page and "TRC20" in page and "250.5" in page
    # The timeline.
    assert "Timeline (" in page and "Created" in page
    # The customer panel: tier, other tickets, ratings, notes.
    assert "VIP 2" in page
    assert earlier.reference in page and "Solved" in page
    assert "4/5" in page and "Quick and kind" in page
    assert "Prefers e-mail over phone." in page


def test_page_query_count_stays_bounded(client, named_agent, named_customer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ticket = _ticket(named_customer)
    # One message first: with none, Django skips the screenshots prefetch query altogether.
    services.ticket_reply(ticket=ticket, author=named_customer, body="first")
    client.force_login(named_agent)
    client.get(_page_url(ticket))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_page_url(ticket)).status_code == 200
        return len(queries)

    few = count()
    for i in range(10):
        services.ticket_reply(ticket=ticket, author=named_agent, body=f"reply {i}", internal=bool(i % 2))
        services.ticket_reply(ticket=ticket, author=named_customer, body=f"answer {i}")
    assert count() == few


# -- replies -------------------------------------------------------------------------------------


def test_public_reply_reaches_the_customer(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    response = client.post(
        _url(ticket, "reply"), {"body": "We found your transfer.", "seen_message": _seen(client, ticket)}, follow=True
    )
    assert "Reply sent to the customer." in _messages(response)
    message = ticket.messages.get(body="We found your transfer.")
    assert not message.internal and message.author == agent
    assert Notification.objects.filter(ticket=ticket, kind="replied", recipient=customer).exists()

    customer_client = Client()
    customer_client.force_login(customer)
    assert "We found your transfer." in customer_client.get(f"/en/tickets/{ticket.reference}/").content.decode()


def test_internal_note_stays_internal(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    response = client.post(
        _url(ticket, "reply"),
        {"body": "Suspicious: check KYC first.", "internal": "on", "seen_message": _seen(client, ticket)},
        follow=True,
    )
    assert "Internal note added." in _messages(response)
    assert ticket.messages.get(body="Suspicious: check KYC first.").internal
    assert not Notification.objects.filter(ticket=ticket, kind="replied", recipient=customer).exists()

    customer_client = Client()
    customer_client.force_login(customer)
    assert "Suspicious" not in customer_client.get(f"/en/tickets/{ticket.reference}/").content.decode()
    api = token_client(customer).get(f"/api/v1/tickets/{ticket.reference}/")
    assert api.status_code == 200 and "Suspicious" not in api.content.decode()


def test_reply_to_a_closed_ticket_is_refused_and_the_draft_kept(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    seen = _seen(client, ticket)
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    response = client.post(_url(ticket, "reply"), {"body": "Late answer.", "seen_message": seen}, follow=True)
    assert response.status_code == 200 and _messages(response)
    assert not ticket.messages.exists()
    assert response.context["reply_form"].initial["body"] == "Late answer."


def test_empty_reply_is_refused(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    response = client.post(_url(ticket, "reply"), {"body": "   ", "seen_message": _seen(client, ticket)}, follow=True)
    assert "Write a reply first." in _messages(response)
    assert not ticket.messages.exists()


# -- canned responses ----------------------------------------------------------------------------


def test_english_ticket_offers_english_canned_responses_with_placeholders_filled(client, named_agent, named_customer):
    ticket = _ticket(named_customer, language="en")
    client.force_login(named_agent)
    offered = client.get(_page_url(ticket)).context["canned_responses"]
    titles = {r["title"] for r in offered}
    assert titles == set(CannedResponse.objects.filter(language="en", active=True).values_list("title", flat=True))
    withdrawal = next(r for r in offered if r["title"] == "Withdrawal: checking with the network")
    assert withdrawal["body"].startswith("Hi Alice Chen,")
    assert ticket.reference in withdrawal["body"] and "USDT" in withdrawal["body"] and "TRC20" in withdrawal["body"]
    assert withdrawal["body"].rstrip().endswith("Sam")
    assert "{{" not in withdrawal["body"]


def test_chinese_ticket_offers_the_chinese_canned_responses(client, named_agent, named_customer):
    ticket = _ticket(named_customer, language="zh-hans")
    client.force_login(named_agent)
    offered = client.get(_page_url(ticket)).context["canned_responses"]
    assert offered and all(CannedResponse.objects.get(pk=r["id"]).language == "zh-hans" for r in offered), (
        "only the ticket's language"
    )
    withdrawal = next(r for r in offered if r["title"] == "Withdrawal: checking with the network")
    assert withdrawal["body"].startswith("Alice Chen，您好")
    assert ticket.reference in withdrawal["body"] and withdrawal["body"].rstrip().endswith("Sam")


def test_team_canned_responses_only_for_that_team(client, reference_data, customer):
    security = Team.objects.get(slug="security")
    CannedResponse.objects.create(title="Security only", language="en", body="x", team=security)
    frontline = AgentFactory(teams=[Team.objects.get(slug="frontline")])
    ticket = _ticket(customer)
    client.force_login(frontline)
    titles = {r["title"] for r in client.get(_page_url(ticket)).context["canned_responses"]}
    assert "Security only" not in titles


def test_insert_without_javascript_puts_the_text_in_the_draft(client, named_agent, named_customer):
    ticket = _ticket(named_customer)
    canned = CannedResponse.objects.get(title="Solved: anything else?", language="en")
    client.force_login(named_agent)
    response = client.post(
        _url(ticket, "reply"),
        {"body": "First line.", "canned": canned.pk, "insert": "1", "seen_message": _seen(client, ticket)},
        follow=True,
    )
    textarea = re.search(r'<textarea[^>]*id="reply-body"[^>]*>(.*?)</textarea>', response.content.decode(), re.S)
    assert textarea is not None
    text = textarea.group(1)
    assert text.strip().startswith("First line.")
    assert "Hi Alice Chen," in text and ticket.reference in text
    assert not ticket.messages.exists()  # inserting never sends


def test_insert_of_another_languages_response_adds_nothing(client, agent, customer):
    ticket = _ticket(customer, language="en")
    chinese = CannedResponse.objects.filter(language="zh-hans").first()
    client.force_login(agent)
    response = client.post(
        _url(ticket, "reply"),
        {"body": "Draft.", "canned": chinese.pk, "insert": "1", "seen_message": _seen(client, ticket)},
        follow=True,
    )
    assert "您好" not in response.content.decode()


# -- collision -----------------------------------------------------------------------------------


def test_reply_after_a_customer_message_is_held_back_until_read(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    seen = _seen(client, ticket)
    services.ticket_reply(ticket=ticket, author=customer, body="Update: it arrived partially.")

    response = client.post(_url(ticket, "reply"), {"body": "Your funds are safe.", "seen_message": seen}, follow=True)
    assert any("Not sent" in text for text in _messages(response))
    assert not ticket.messages.filter(body="Your funds are safe.").exists()
    assert "Your funds are safe." in response.content.decode()  # the draft is kept in the reply box
    new_seen = response.context["seen_message"]
    assert new_seen > seen

    response = client.post(
        _url(ticket, "reply"), {"body": "Your funds are safe.", "seen_message": new_seen}, follow=True
    )
    assert "Reply sent to the customer." in _messages(response)
    assert ticket.messages.filter(body="Your funds are safe.").count() == 1


def test_a_colleagues_internal_note_is_also_a_collision(client, agent, customer):
    colleague = AgentFactory(teams=list(Team.objects.all()))
    ticket = _ticket(customer)
    client.force_login(agent)
    seen = _seen(client, ticket)
    services.ticket_reply(ticket=ticket, author=colleague, body="I am on it already.", internal=True)
    response = client.post(_url(ticket, "reply"), {"body": "Looking now.", "seen_message": seen}, follow=True)
    assert any("Not sent" in text for text in _messages(response))
    assert not ticket.messages.filter(body="Looking now.").exists()


def test_own_messages_are_not_a_collision(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    seen = _seen(client, ticket)
    client.post(_url(ticket, "reply"), {"body": "one", "seen_message": seen})
    client.post(_url(ticket, "reply"), {"body": "two", "seen_message": seen})
    assert ticket.messages.filter(author=agent).count() == 2


def test_activity_reports_other_viewers_and_new_messages(client, agent, customer):
    colleague = AgentFactory(first_name="Kim", last_name="Lee", teams=list(Team.objects.all()))
    ticket = _ticket(customer)
    client.force_login(agent)
    seen = _seen(client, ticket)

    other = Client()
    other.force_login(colleague)
    assert other.get(_page_url(ticket)).status_code == 200
    services.ticket_reply(ticket=ticket, author=customer, body="hello?")
    services.ticket_reply(ticket=ticket, author=agent, body="mine does not count")

    data = json.loads(client.get(_url(ticket, "activity"), {"since": seen}).content)
    assert data == {"viewers": ["Kim Lee"], "new_messages": 1, "new_customer_messages": 1}
    for since in ("", "abc", "9" * 40, "-1", "\x00", "\u00b2"):
        response = client.get(_url(ticket, "activity"), {"since": since})
        assert response.status_code == 200


def test_page_warns_that_someone_else_is_viewing(client, agent, customer):
    colleague = AgentFactory(first_name="Kim", last_name="Lee", teams=list(Team.objects.all()))
    ticket = _ticket(customer)
    other = Client()
    other.force_login(colleague)
    other.get(_page_url(ticket))
    client.force_login(agent)
    response = client.get(_page_url(ticket))
    assert response.context["other_viewers"] == ["Kim Lee"]
    assert "Also viewing this ticket:" in response.content.decode()
