"""After the answer: the solved card and its rating, "My tickets" unread marks and filters, and the
JSON the conversation page polls for new replies."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.tickets.make import make_ticket
from tickets import services
from tickets.models import Feedback, Status, Ticket, TicketEvent


def solved_ticket(customer, agent, **fields):
    ticket = make_ticket(customer, type_slug="other", title="Card payment", **fields)
    services.ticket_reply(ticket=ticket, author=agent, body="Refunded, see your card statement.")
    return services.ticket_change_status(ticket=ticket, actor=agent, status=Status.SOLVED)


def detail(ticket, lang="en"):
    return f"/{lang}/tickets/{ticket.reference}/"


# --- The solved card -------------------------------------------------------------------------------------------


def test_a_solved_ticket_says_so_offers_the_rating_and_the_reopen_window(client, customer, agent):
    ticket = solved_ticket(customer, agent)
    client.force_login(customer)

    page = client.get(detail(ticket)).content.decode()

    assert "This ticket is solved" in page
    assert f'action="/en/tickets/{ticket.reference}/rating/"' in page
    assert page.count('name="rating"') == 5
    until = ticket.solved_at + timedelta(days=settings.SOLVED_REOPEN_DAYS)
    assert f"You can reply for {settings.SOLVED_REOPEN_DAYS} days after it was solved" in page
    assert until.strftime("%Y-%m-%d %H:%M") in page
    assert "Still not solved? Reply" in page


def test_the_window_follows_the_setting(client, customer, agent, settings):
    settings.SOLVED_REOPEN_DAYS = 1
    ticket = solved_ticket(customer, agent)
    client.force_login(customer)

    assert "You can reply for 1 day after it was solved" in client.get(detail(ticket)).content.decode()


def test_an_open_ticket_has_no_solved_card(client, customer):
    ticket = make_ticket(customer, type_slug="other")
    client.force_login(customer)

    page = client.get(detail(ticket)).content.decode()

    assert "This ticket is solved" not in page
    assert "/rating/" not in page


def test_rating_is_stored_once_through_the_service_and_the_page_thanks(client, customer, agent):
    ticket = solved_ticket(customer, agent)
    client.force_login(customer)

    response = client.post(f"{detail(ticket)}rating/", {"rating": "4", "comment": "Quick, thanks"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/tickets/{ticket.reference}/#rating")
    feedback = Feedback.objects.get(ticket=ticket)
    assert (feedback.rating, feedback.comment) == (4, "Quick, thanks")
    assert ticket.events.filter(kind=TicketEvent.Kind.FEEDBACK).count() == 1
    page = client.get(detail(ticket)).content.decode()
    assert "You rated our answer 4 out of 5" in page
    assert "/rating/" not in page

    again = client.post(f"{detail(ticket)}rating/", {"rating": "1"}, follow=True)
    assert "only once" in again.content.decode()
    assert Feedback.objects.get(ticket=ticket).rating == 4


def test_a_secret_in_the_comment_is_removed_before_it_is_stored(client, customer, agent):
    ticket = solved_ticket(customer, agent)
    client.force_login(customer)

    response = client.post(
        f"{detail(ticket)}rating/", {"rating": "5", "comment": "my password is Hunter2!!x"}, follow=True
    )

    comment = Feedback.objects.get(ticket=ticket).comment
    assert "Hunter2!!x" not in comment
    assert "[redacted: password]" in comment
    assert "password" in response.content.decode().lower()


@pytest.mark.parametrize(
    "data",
    [{}, {"rating": "0"}, {"rating": "6"}, {"rating": "five"}, {"rating": "4", "comment": "x" * 2001}, {"rating": "١"}],
)
def test_a_malformed_rating_comes_back_as_a_400_page_never_a_500(client, customer, agent, data):
    ticket = solved_ticket(customer, agent)
    client.force_login(customer)

    response = client.post(f"{detail(ticket)}rating/", data)

    assert response.status_code == 400
    assert not Feedback.objects.filter(ticket=ticket).exists()
    assert "This ticket is solved" in response.content.decode()


def test_an_open_ticket_cannot_be_rated(client, customer):
    ticket = make_ticket(customer, type_slug="other")
    client.force_login(customer)

    response = client.post(f"{detail(ticket)}rating/", {"rating": "5"})

    assert response.status_code == 302
    assert not Feedback.objects.filter(ticket=ticket).exists()


def test_agents_and_strangers_cannot_rate(client, customer, other_customer, agent):
    ticket = solved_ticket(customer, agent)
    client.force_login(agent)
    client.post(f"{detail(ticket)}rating/", {"rating": "1"})
    client.force_login(other_customer)
    assert client.post(f"{detail(ticket)}rating/", {"rating": "1"}).status_code == 404
    assert client.get(f"{detail(ticket)}rating/").status_code == 405

    assert not Feedback.objects.filter(ticket=ticket).exists()


def test_rating_is_throttled_like_replies(client, customer, agent, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "reply": "1/hour"},
    }
    first, second = solved_ticket(customer, agent), solved_ticket(customer, agent)
    client.force_login(customer)

    assert client.post(f"{detail(first)}rating/", {"rating": "5"}).status_code == 302
    assert client.post(f"{detail(second)}rating/", {"rating": "5"}).status_code == 429
    assert not Feedback.objects.filter(ticket=second).exists()


# --- The reopen window -----------------------------------------------------------------------------------------


def test_replying_reopens_a_solved_ticket(client, customer, agent):
    ticket = solved_ticket(customer, agent)
    client.force_login(customer)

    client.post(detail(ticket), {"body": "Still not refunded."})

    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


# --- Unread marks and filters ----------------------------------------------------------------------------------


def test_my_tickets_marks_an_agent_reply_until_the_owner_opens_the_conversation(client, customer, agent):
    ticket = make_ticket(customer, type_slug="other")
    client.force_login(customer)
    assert "New reply" not in client.get("/en/tickets/").content.decode()

    services.ticket_reply(ticket=ticket, author=agent, body="Which network did you use?")
    assert "New reply" in client.get("/en/tickets/").content.decode()

    client.get(detail(ticket))
    assert "New reply" not in client.get("/en/tickets/").content.decode()
    assert Ticket.objects.get(pk=ticket.pk).requester_seen_at is not None


def test_an_agent_opening_the_ticket_does_not_mark_it_read(client, customer, agent):
    ticket = make_ticket(customer, type_slug="other")
    services.ticket_reply(ticket=ticket, author=agent, body="Which network?")
    client.force_login(agent)

    client.get(detail(ticket))

    assert Ticket.objects.get(pk=ticket.pk).requester_seen_at is None


def test_my_tickets_filters_by_status(client, customer, agent):
    fresh = make_ticket(customer, type_slug="other", title="Fresh one")
    waiting = make_ticket(customer, type_slug="other", title="Waiting one", status=Status.PENDING)
    solved = solved_ticket(customer, agent)
    client.force_login(customer)

    def listed(show):
        page = client.get("/en/tickets/", {"show": show}).content.decode()
        return {t.reference for t in (fresh, waiting, solved) if t.reference in page}

    assert listed("open") == {fresh.reference}
    assert listed("waiting") == {waiting.reference}
    assert listed("solved") == {solved.reference}
    assert listed("") == {fresh.reference, waiting.reference, solved.reference}
    assert listed("<script>") == {fresh.reference, waiting.reference, solved.reference}


def test_my_tickets_costs_the_same_queries_for_1_or_12_tickets(client, customer, agent):
    client.force_login(customer)
    ticket = make_ticket(customer, type_slug="other")
    services.ticket_reply(ticket=ticket, author=agent, body="Hello")
    client.get("/en/tickets/")  # session and caches warm
    with CaptureQueriesContext(connection) as one:
        client.get("/en/tickets/")
    for _ in range(11):
        other = make_ticket(customer, type_slug="other")
        services.ticket_reply(ticket=other, author=agent, body="Hello")
    with CaptureQueriesContext(connection) as twelve:
        page = client.get("/en/tickets/").content.decode()

    assert page.count("New reply") == 12
    assert len(twelve) == len(one)


def test_an_empty_filter_says_so(client, customer):
    make_ticket(customer, type_slug="other")
    client.force_login(customer)

    page = client.get("/en/tickets/", {"show": "solved"}).content.decode()

    assert "No tickets here" in page


# --- New replies without a reload ------------------------------------------------------------------------------


def test_updates_returns_only_newer_public_messages_rendered_as_the_page_does(client, customer, agent):
    ticket = make_ticket(customer, type_slug="other")
    first = services.ticket_reply(ticket=ticket, author=agent, body="First answer")
    services.ticket_reply(ticket=ticket, author=agent, body="Secret note", internal=True)
    second = services.ticket_reply(ticket=ticket, author=agent, body="Second <b>answer</b>")
    client.force_login(customer)

    data = client.get(f"{detail(ticket)}updates/", {"after": first.pk}).json()

    assert [m["id"] for m in data["messages"]] == [second.pk]
    assert data["messages"][0]["role"] == "agent"
    assert "Second &lt;b&gt;answer&lt;/b&gt;" in data["messages"][0]["html"]
    assert f'id="message-{second.pk}"' in data["messages"][0]["html"]
    assert data["status"] == "open"
    assert "Secret note" not in str(data)
    assert Ticket.objects.get(pk=ticket.pk).requester_seen_at is not None


@pytest.mark.parametrize("after", ["-1", "abc", "1e3", "9" * 40, "١٢", "", " 1"])
def test_updates_refuses_a_malformed_after_with_a_400(client, customer, after):
    ticket = make_ticket(customer, type_slug="other")
    client.force_login(customer)

    response = client.get(f"{detail(ticket)}updates/", {"after": after})

    assert response.status_code == 400
    assert "after" in response.json()["errors"]


def test_updates_of_someone_elses_ticket_is_a_404(client, customer, other_customer):
    ticket = make_ticket(customer, type_slug="other")
    client.force_login(other_customer)

    assert client.get(f"{detail(ticket)}updates/", {"after": "0"}).status_code == 404
    client.logout()
    assert client.get(f"{detail(ticket)}updates/", {"after": "0"}).status_code == 404


def test_updates_costs_a_fixed_number_of_queries(client, customer, agent):
    ticket = make_ticket(customer, type_slug="other")
    services.ticket_reply(ticket=ticket, author=agent, body="one")
    client.force_login(customer)
    client.get(f"{detail(ticket)}updates/", {"after": "0"})
    with CaptureQueriesContext(connection) as few:
        client.get(f"{detail(ticket)}updates/", {"after": "0"})
    for n in range(6):
        services.ticket_reply(ticket=ticket, author=agent, body=f"more {n}")
    with CaptureQueriesContext(connection) as many:
        data = client.get(f"{detail(ticket)}updates/", {"after": "0"}).json()

    assert len(data["messages"]) == 7
    assert len(many) == len(few)


# --- A screenshot is a reply -----------------------------------------------------------------------------------


def test_a_reply_of_only_a_screenshot_is_sent(client, customer):
    from tests.tickets.views.test_detail import png_upload

    ticket = make_ticket(customer, type_slug="other")
    client.force_login(customer)

    response = client.post(detail(ticket), {"body": "", "screenshots": [png_upload("proof.png")]})

    assert response.status_code == 302
    message = ticket.messages.get()
    assert message.body == ""
    assert [s.original_name for s in message.screenshots.all()] == ["proof.png"]
    page = client.get(detail(ticket)).content.decode()
    assert "proof.png" in page


def test_an_empty_reply_comes_back_with_a_reason(client, customer):
    ticket = make_ticket(customer, type_slug="other")
    client.force_login(customer)

    response = client.post(detail(ticket), {"body": "  "})

    assert response.status_code == 400
    assert "Write a reply or add a screenshot." in response.content.decode()
    assert not ticket.messages.exists()


def test_an_agent_sees_the_customers_rating_in_their_words(client, customer, agent):
    ticket = solved_ticket(customer, agent)
    services.ticket_feedback_give(ticket=ticket, author=customer, rating=2)
    client.force_login(agent)

    page = client.get(detail(ticket)).content.decode()

    assert "The customer rated the answer 2 out of 5." in page
    assert "You rated" not in page
