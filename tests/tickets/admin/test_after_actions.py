"""Where each ticket-page action leaves the agent (issue "What customers and agents trip over",
item 6), and the reply box's one-submit decisions (item 9): an action that takes the ticket out of
the agent's sight sends them to their queue saying where it went, never to a 404 or the admin's
"doesn't exist" page; "Send and solve" replies, then sets the status, in that order."""

import pytest

from tests.factories import AgentFactory
from tests.tickets.make import make_ticket
from tickets import services
from tickets.models import Message, Status, Team, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

QUEUE = "/admin/tickets/ticket/"


def _team(slug):
    return Team.objects.get(slug=slug)


def _page(ticket):
    return f"/admin/tickets/ticket/{ticket.pk}/change/"


def _url(ticket, endpoint):
    return f"/admin/tickets/ticket/{ticket.pk}/{endpoint}/"


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def frontline(reference_data):
    return AgentFactory(first_name="Mei", teams=[_team("frontline")])


@pytest.fixture
def ticket(reference_data):
    return make_ticket(title="Login loop", type_slug="account_access", team=_team("frontline"))


def _seen(client, ticket):
    return client.get(_page(ticket)).context["seen_message"]


# -- out of sight: back to the queue, told where it went --------------------------------------------


@pytest.mark.parametrize(
    ("language", "team_name"), [("en", "Specialists"), ("zh-hans", "专家支持")], ids=["en", "zh-hans"]
)
def test_escalating_out_of_scope_lands_on_the_queue_saying_where_it_went(
    client, frontline, ticket, language, team_name
):
    client.force_login(frontline)
    response = client.post(
        _url(ticket, "tier"),
        {"direction": "up", "reason": "Needs a specialist"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    page = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    shown = " ".join(_messages(page))
    assert ticket.reference in shown and team_name in shown
    assert "doesn't exist" not in shown
    assert Ticket.objects.get(pk=ticket.pk).tier == 2
    assert client.get(_page(ticket)).status_code == 404  # what the old redirect would have hit


def test_escalating_within_scope_stays_on_the_ticket(client, ticket, reference_data):
    both = AgentFactory(teams=[_team("frontline"), _team("specialists")])
    client.force_login(both)
    response = client.post(_url(ticket, "tier"), {"direction": "up", "reason": "Needs a specialist"}, follow=True)
    assert response.redirect_chain[-1][0] == _page(ticket)
    assert "Tier changed." in _messages(response)


@pytest.mark.parametrize("button", ["_continue", "_save"])
def test_handling_form_team_change_out_of_scope_lands_on_the_queue(client, frontline, ticket, button):
    client.force_login(frontline)
    form = {
        "status": ticket.status,
        "priority": ticket.priority,
        "type": ticket.type_id,
        "team": _team("security").pk,
        "assignee": "",
        button: "1",
    }
    response = client.post(_page(ticket), form)
    assert response.status_code == 302 and response["Location"] == QUEUE
    shown = " ".join(_messages(client.get(QUEUE)))
    assert f"{ticket.reference} is now with Security and management" in shown
    assert Ticket.objects.get(pk=ticket.pk).team.slug == "security"


def test_unassigning_a_ticket_of_another_team_lands_on_the_queue(client, frontline, reference_data):
    theirs = make_ticket(type_slug="account_security", assignee=frontline)
    assert theirs.team.slug == "security"
    client.force_login(frontline)
    form = {"status": theirs.status, "priority": theirs.priority, "type": theirs.type_id, "team": theirs.team_id}
    response = client.post(_page(theirs), {**form, "assignee": "", "_continue": "1"})
    assert response["Location"] == QUEUE
    assert f"{theirs.reference} is now with Security and management" in " ".join(_messages(client.get(QUEUE)))


@pytest.mark.parametrize(
    ("endpoint", "data"),
    [
        ("assign-me", {}),
        ("tags", {"add": "kyc"}),
        ("customer-note", {"body": "x"}),  # refused for a guest: an error, still on the ticket
        ("revoke-links", {}),
    ],
)
def test_actions_that_keep_the_ticket_in_sight_come_back_to_it(client, frontline, ticket, endpoint, data):
    client.force_login(frontline)
    response = client.post(_url(ticket, endpoint), data)
    assert response.status_code == 302 and response["Location"].startswith(_page(ticket))


# -- one submit for one decision -------------------------------------------------------------------


def test_send_and_solve_replies_then_solves(client, frontline, ticket):
    client.force_login(frontline)
    response = client.post(
        _url(ticket, "reply"),
        {"body": "Reset done, try again.", "seen_message": _seen(client, ticket), "then_status": "solved"},
        follow=True,
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert Message.objects.filter(ticket=ticket, internal=False).count() == 1
    shown = " ".join(_messages(response))
    assert "Reply sent to the customer." in shown and "The ticket is solved." in shown
    kinds = list(ticket.events.order_by("id").values_list("kind", flat=True))
    assert kinds.index(TicketEvent.Kind.REPLIED) < kinds.index(TicketEvent.Kind.STATUS)
    statuses = [e.after["status"] for e in ticket.events.filter(kind=TicketEvent.Kind.STATUS).order_by("id")]
    assert statuses == ["open", "solved"]  # the reply opened the new ticket, the button solved it


def test_send_and_set_pending_pauses_the_clock(client, frontline, ticket):
    client.force_login(frontline)
    client.post(
        _url(ticket, "reply"),
        {"body": "Which network did you use?", "seen_message": _seen(client, ticket), "then_status": "pending"},
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING and ticket.sla_paused_at is not None


def test_a_reply_that_fails_changes_no_status(client, frontline, ticket):
    client.force_login(frontline)
    seen = _seen(client, ticket)
    services.ticket_change_status(ticket=ticket, actor=frontline, status=Status.CLOSED)
    client.post(_url(ticket, "reply"), {"body": "Late", "seen_message": seen, "then_status": "solved"})
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and not ticket.messages.exists()


def test_a_colliding_reply_sets_no_status(client, frontline, ticket):
    client.force_login(frontline)
    seen = _seen(client, ticket)
    services.ticket_reply(ticket=ticket, author=AgentFactory(), body="I am on it.")
    client.post(_url(ticket, "reply"), {"body": "Mine", "seen_message": seen, "then_status": "solved"})
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN and ticket.messages.count() == 1


@pytest.mark.parametrize("value", ["closed", "nope", "solved\x00", "x" * 300])
def test_a_status_no_button_offers_is_refused_and_nothing_is_sent(client, frontline, ticket, value):
    client.force_login(frontline)
    client.post(_url(ticket, "reply"), {"body": "Hello", "seen_message": _seen(client, ticket), "then_status": value})
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW and not ticket.messages.exists()


def test_the_buttons_offered_follow_the_status(client, frontline, ticket):
    client.force_login(frontline)
    page = client.get(_page(ticket)).content.decode()
    assert 'name="then_status" value="pending"' in page and 'name="then_status" value="solved"' in page
    assert "Send and solve" in page and "Send and set pending" in page
    services.ticket_change_status(ticket=ticket, actor=frontline, status=Status.SOLVED)
    page = client.get(_page(ticket)).content.decode()
    assert 'value="pending"' not in page and 'name="then_status" value="solved"' not in page


def test_the_first_public_reply_from_the_page_assigns_the_ticket_to_its_author(client, frontline, ticket):
    client.force_login(frontline)
    client.post(_url(ticket, "reply"), {"body": "Looking into it.", "seen_message": _seen(client, ticket)})
    ticket.refresh_from_db()
    assert ticket.assignee == frontline
    timeline = client.get(_page(ticket)).context["timeline"]
    assert any("Assignee: — → Mei" in change and "first reply" in change for _event, change in timeline)
