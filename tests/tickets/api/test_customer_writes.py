"""A customer's writes over the API: a reply may be only a screenshot; a rating comment is guarded."""

from tests.tickets.api._ticket_helpers import messages_url, multipart
from tests.tickets.make import make_ticket
from tests.tickets.test_images import png_bytes
from tickets.models import Message


def test_a_reply_of_only_a_screenshot_is_accepted(customer_api, customer):
    ticket = make_ticket(customer, type_slug="other")

    response = multipart(customer_api, messages_url(ticket), [("proof.png", png_bytes(), "image/png")])

    assert response.status_code == 201, response.content
    assert response.json()["body"] == ""
    assert [s["name"] for s in response.json()["screenshots"]] == ["proof.png"]


def test_an_empty_reply_is_a_400_and_writes_nothing(customer_api, customer):
    ticket = make_ticket(customer, type_slug="other")

    for payload in ({}, {"body": ""}, {"body": "   \n  "}):
        response = customer_api.post(messages_url(ticket), payload, format="json")
        assert response.status_code == 400
        assert "body" in response.json()["errors"]
    assert not Message.objects.filter(ticket=ticket).exists()


def test_a_secret_in_a_rating_comment_is_removed_and_the_answer_says_so(customer_api, customer, agent):
    from tickets import services
    from tickets.models import Feedback, Status

    ticket = make_ticket(customer, type_slug="other")
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.SOLVED)

    response = customer_api.post(
        f"/api/v1/tickets/{ticket.reference}/feedback/",
        {"rating": 2, "comment": "my password is Hunter2!!x"},
        format="json",
    )

    assert response.status_code == 201
    assert [w["kind"] for w in response.json()["warnings"]] == ["password"]
    assert "Hunter2!!x" not in Feedback.objects.get(ticket=ticket).comment
