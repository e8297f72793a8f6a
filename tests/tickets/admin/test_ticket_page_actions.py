"""The ticket page's actions: merge, tags, customer notes, tier, assign to me, and the handling form."""

import pytest

from tests.factories import AgentFactory
from tests.tickets.admin._ticket_page_helpers import _messages, _page_url, _ticket, _url
from tickets import services
from tickets.models import (
    CustomerNote,
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

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("canned_responses")]


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
