"""The ticket page (the change view) and its POST endpoints: thread, facts, customer panel, reply
with canned responses, collision warning, activity, merge, tags, notes, tier, assign, handling."""

import json
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.conftest import token_client
from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_canned_responses, make_ticket
from tickets import services
from tickets.images import sanitize_image
from tickets.models import (
    CannedResponse,
    CustomerNote,
    Feedback,
    Message,
    Notification,
    Priority,
    Status,
    Tag,
    Team,
    Ticket,
    TicketEvent,
    TicketType,
    Tier,
)

pytestmark = pytest.mark.django_db

POST_ENDPOINTS = ("reply", "assign-me", "tier", "merge", "tags", "customer-note")


def _png(name="proof.png"):
    buf = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "PNG")
    return sanitize_image(SimpleUploadedFile(name, buf.getvalue(), content_type="image/png"))


def _ticket(requester=None, *, email=None, language="en", title="Withdrawal stuck", **facts) -> Ticket:
    facts = {
        "network": "TRC20",
        "transaction_id": "0xabc123def4567890abc123def4567890",
        "amount": Decimal("250.5"),
        **facts,
    }
    return make_ticket(
        requester,
        email=email,
        language=language,
        title=title,
        description="My USDT withdrawal is pending since yesterday.",
        **facts,
    )


def _page_url(ticket) -> str:
    return f"/admin/tickets/ticket/{ticket.pk}/change/"


def _url(ticket, endpoint) -> str:
    return f"/admin/tickets/ticket/{ticket.pk}/{endpoint}/"


def _seen(client, ticket) -> int:
    return client.get(_page_url(ticket)).context["seen_message"]


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture(autouse=True)
def canned_responses(reference_data):
    make_canned_responses()


@pytest.fixture
def named_customer(reference_data):
    return UserFactory(first_name="Alice", last_name="Chen", tier="vip2")


@pytest.fixture
def named_agent(reference_data):
    return AgentFactory(first_name="Sam", teams=list(Team.objects.all()))


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


# -- merge ---------------------------------------------------------------------------------------


def test_merge_moves_messages_closes_the_duplicate_and_tells_the_customer(client, agent, customer):
    keep, duplicate = _ticket(customer), _ticket(customer, title="Same withdrawal again")
    services.ticket_reply(ticket=duplicate, author=customer, body="Resending in case you missed it.")
    duplicate.tags.add(Tag.objects.create(name="dup"))
    client.force_login(agent)

    response = client.post(_url(duplicate, "merge"), {"target": f"  {keep.reference.lower()} "})
    assert response.status_code == 302 and response["Location"] == _page_url(keep)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED and duplicate.merged_into_id == keep.pk
    assert keep.messages.filter(body="Resending in case you missed it.").exists()
    assert keep.messages.filter(internal=True, body__contains=duplicate.reference).exists()
    assert keep.tags.filter(name="dup").exists()
    assert keep.events.filter(kind=TicketEvent.Kind.MERGED, after__from=duplicate.reference).exists()
    assert duplicate.events.filter(kind=TicketEvent.Kind.MERGED, after__into=keep.reference).exists()
    assert Notification.objects.filter(kind="merged", recipient=customer, ticket=keep).exists()
    page = client.get(_page_url(duplicate)).content.decode()
    assert f"Merged into {keep.reference}" in page


@pytest.mark.parametrize("case", ["other_customer", "itself", "closed_target", "unknown", "empty", "hostile"])
def test_merge_refusals(client, agent, customer, other_customer, case):
    source = _ticket(customer)
    target = {
        "other_customer": lambda: _ticket(other_customer).reference,
        "itself": lambda: source.reference,
        "closed_target": lambda: (
            services.ticket_change_status(ticket=_ticket(customer), actor=agent, status=Status.CLOSED).reference
        ),
        "unknown": lambda: "SD-ZZZZZZ",
        "empty": lambda: "",
        "hostile": lambda: "SD-%\x00'" + "x" * 20000,
    }[case]()
    expected = {
        "other_customer": "belong to different customers",
        "itself": "A ticket cannot be merged into itself.",
        "closed_target": "The ticket to merge into is closed.",
        "unknown": "No ticket you can see has that reference.",
        "empty": "Give the reference of the ticket to keep.",
        "hostile": "Give the reference of the ticket to keep.",
    }[case]
    client.force_login(agent)
    response = client.post(_url(source, "merge"), {"target": target}, follow=True)
    assert response.status_code == 200
    assert any(expected in text for text in _messages(response))
    source.refresh_from_db()
    assert source.status != Status.CLOSED and source.merged_into_id is None
    assert not TicketEvent.objects.filter(kind=TicketEvent.Kind.MERGED).exists()


def test_merge_into_a_ticket_the_agent_cannot_see_is_unknown(client, customer):
    frontline = AgentFactory(teams=[Team.objects.get(slug="frontline")])
    source = _ticket(customer)
    hidden = _ticket(customer)
    Ticket.objects.filter(pk=hidden.pk).update(team=Team.objects.get(slug="security"))
    client.force_login(frontline)
    response = client.post(_url(source, "merge"), {"target": hidden.reference}, follow=True)
    assert "No ticket you can see has that reference." in _messages(response)
    assert Ticket.objects.get(pk=source.pk).merged_into_id is None


# -- tags, notes, tier, assign ------------------------------------------------------------------


def test_tags_add_and_remove_with_events(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    client.post(_url(ticket, "tags"), {"add": "TRC20, chargeback,,"})
    assert set(ticket.tags.values_list("name", flat=True)) == {"trc20", "chargeback"}
    client.post(_url(ticket, "tags"), {"remove": "trc20"})
    assert set(ticket.tags.values_list("name", flat=True)) == {"chargeback"}
    events = list(ticket.events.filter(kind=TicketEvent.Kind.TAGS).order_by("id"))
    assert [e.after["tags"] for e in events] == [["chargeback", "trc20"], ["chargeback"]]
    assert all(e.actor == agent for e in events)


@pytest.mark.parametrize("value", ["<b>bold</b>", "-starts-with-dash", "x" * 60, "bad\x00tag"])
def test_a_bad_tag_name_is_an_error_message(client, agent, customer, value):
    ticket = _ticket(customer)
    client.force_login(agent)
    response = client.post(_url(ticket, "tags"), {"add": value}, follow=True)
    assert response.status_code == 200
    assert any("tag" in text.lower() for text in _messages(response))
    assert not ticket.tags.exists() and not Tag.objects.exists()


def test_customer_note_add_and_empty_refused(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    response = client.post(_url(ticket, "customer-note"), {"body": "  VIP: call before closing.  "}, follow=True)
    assert "Note saved." in _messages(response)
    note = CustomerNote.objects.get()
    assert (note.account, note.body, note.author) == (customer, "VIP: call before closing.", agent)
    assert "VIP: call before closing." in response.content.decode()

    response = client.post(_url(ticket, "customer-note"), {"body": "   "}, follow=True)
    assert any("note" in text.lower() for text in _messages(response))
    assert CustomerNote.objects.count() == 1


def test_escalate_and_deescalate_need_a_reason(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    response = client.post(_url(ticket, "tier"), {"direction": "up", "reason": ""}, follow=True)
    assert "Say why (a reason is required)." in _messages(response)
    ticket.refresh_from_db()
    assert ticket.tier == Tier.FRONT_LINE

    client.post(_url(ticket, "tier"), {"direction": "up", "reason": "Needs tracing"})
    ticket.refresh_from_db()
    assert ticket.tier == Tier.SPECIALISTS
    assert ticket.events.get(kind=TicketEvent.Kind.ESCALATED).after["reason"] == "Needs tracing"

    client.post(_url(ticket, "tier"), {"direction": "down", "reason": "Traced"})
    ticket.refresh_from_db()
    assert ticket.tier == Tier.FRONT_LINE
    assert ticket.events.get(kind=TicketEvent.Kind.DEESCALATED).after["reason"] == "Traced"

    response = client.post(_url(ticket, "tier"), {"direction": "sideways", "reason": "x"}, follow=True)
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.tier == Tier.FRONT_LINE


def test_assign_to_me(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    response = client.post(_url(ticket, "assign-me"), follow=True)
    assert "The ticket is yours." in _messages(response)
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    assert ticket.events.get(kind=TicketEvent.Kind.ASSIGNED).actor == agent


def test_handling_form_saves_through_the_services(client, agent, customer):
    ticket = _ticket(customer)
    colleague = AgentFactory(teams=[Team.objects.get(slug="specialists")])
    trading = TicketType.objects.get(slug="trading")
    specialists = Team.objects.get(slug="specialists")
    client.force_login(agent)
    response = client.post(
        _page_url(ticket),
        {
            "status": Status.PENDING,
            "priority": Priority.URGENT,
            "type": trading.pk,
            "team": specialists.pk,
            "assignee": colleague.pk,
            "_continue": "1",
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.type, ticket.team, ticket.assignee) == (
        Status.PENDING,
        Priority.URGENT,
        trading,
        specialists,
        colleague,
    )
    kinds = set(ticket.events.filter(actor=agent).values_list("kind", flat=True))
    assert {"status", "priority", "type", "team", "assigned"} <= kinds
    assert Notification.objects.filter(ticket=ticket, kind="assigned", recipient=colleague).exists()


def test_handling_form_offers_only_allowed_status_transitions(client, agent, customer):
    ticket = _ticket(customer)
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    client.force_login(agent)
    form = client.get(_page_url(ticket)).context["adminform"].form
    assert {value for value, _ in form.fields["status"].choices} == {"solved", "open", "closed"}


# -- every POST endpoint -------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_post_endpoints_refuse_get(client, agent, customer, endpoint):
    ticket = _ticket(customer)
    client.force_login(agent)
    assert client.get(_url(ticket, endpoint)).status_code in (404, 405)


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_post_endpoints_enforce_csrf(agent, customer, endpoint):
    ticket = _ticket(customer)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(agent)
    response = strict.post(_url(ticket, endpoint), {"body": "x", "reason": "x", "direction": "up", "add": "x"})
    assert response.status_code == 403
    assert not ticket.messages.exists() and not CustomerNote.objects.exists() and not ticket.tags.exists()


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
@pytest.mark.parametrize("payload", ["x" * 20000, "bad\x00value", "\x00"])
def test_post_endpoints_answer_hostile_input_with_a_message(client, agent, customer, endpoint, payload):
    ticket = _ticket(customer)
    client.force_login(agent)
    data = {
        "body": payload,
        "seen_message": payload,
        "canned": payload,
        "internal": payload,
        "reason": payload,
        "direction": payload,
        "target": payload,
        "add": payload,
        "remove": payload,
    }
    response = client.post(_url(ticket, endpoint), data, follow=True)
    assert response.status_code == 200
    if endpoint != "assign-me":  # assign-me takes no input: it just works
        assert _messages(response)
        assert not ticket.messages.exists()
        assert not CustomerNote.objects.exists() and not Tag.objects.exists()
        ticket.refresh_from_db()
        assert ticket.tier == Tier.FRONT_LINE and ticket.merged_into_id is None


def test_reply_hostile_body_with_a_valid_seen_id(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    seen = _seen(client, ticket)
    for body in ("x" * 20000, "null\x00byte"):
        response = client.post(_url(ticket, "reply"), {"body": body, "seen_message": seen}, follow=True)
        assert response.status_code == 200 and _messages(response)
    assert not Message.objects.filter(ticket=ticket).exists()


def test_unknown_ticket_ids_are_404(client, agent):
    client.force_login(agent)
    for endpoint in POST_ENDPOINTS:
        assert client.post(f"/admin/tickets/ticket/999999/{endpoint}/").status_code == 404
        assert client.post(f"/admin/tickets/ticket/abc/{endpoint}/").status_code == 404
    assert client.get("/admin/tickets/ticket/999999/activity/").status_code in (403, 404)


def test_a_guest_who_only_typed_an_address_gets_no_customer_notes_and_is_marked_as_a_claim(client, agent, customer):
    bob_ticket = _ticket(customer)
    services.customer_note_add(ticket=bob_ticket, body="Identity confirmed on a video call.", author=agent)
    impostor = services.ticket_create(
        data=services.TicketInput(
            title="Withdrawal",
            description="Please",
            type=TicketType.objects.get(slug="other"),
            contact_email=customer.email,
        )
    )
    client.force_login(agent)
    page = client.get(_page_url(impostor)).content.decode()
    assert "Address not proven" in page
    assert "Identity confirmed on a video call." not in page
    assert bob_ticket.reference in page and "Not proven to be this customer" in page
    response = client.post(_url(impostor, "customer-note"), {"body": "Confirmed"}, follow=True)
    assert any("has not proven" in text for text in _messages(response))


def test_an_agent_revokes_the_guest_links_of_a_ticket(client, agent, reference_data):
    from tickets.access import guest_token

    guest = services.ticket_create(
        data=services.TicketInput(
            title="Withdrawal",
            description="Please",
            type=TicketType.objects.get(slug="other"),
            contact_email="g@example.com",
        )
    )
    token = guest_token(guest)
    browser = Client()
    assert browser.get(f"/en/tickets/{guest.reference}/", {"token": token}).status_code == 302
    assert browser.get(f"/en/tickets/{guest.reference}/").status_code == 200
    client.force_login(agent)
    response = client.post(_url(guest, "revoke-links"), follow=True)
    assert any("no longer work" in text for text in _messages(response))
    assert browser.get(f"/en/tickets/{guest.reference}/").status_code == 404, "the session's grant is void too"
    assert Client().get(f"/en/tickets/{guest.reference}/", {"token": token}).status_code == 404
    assert TicketEvent.objects.filter(ticket=guest, kind=TicketEvent.Kind.LINKS_REVOKED).exists()
