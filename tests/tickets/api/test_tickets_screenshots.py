"""Screenshots over the API: adding them to a ticket, and serving them only to who may see them, with safe headers."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import token_client
from tests.factories import UserFactory
from tests.tickets.api._ticket_helpers import clean, detail_url, make_ticket, multipart, screenshots_url
from tests.tickets.test_images import png_bytes
from tickets import services
from tickets.models import Screenshot, Status

# --- adding screenshots -------------------------------------------------------------------------


def test_owner_adds_screenshots(customer_api, customer):
    ticket = make_ticket(customer)
    response = multipart(customer_api, screenshots_url(ticket), [("a.png", png_bytes(), "image/png")])
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body) == 1 and body[0]["name"] == "a.png"
    assert body[0]["url"].endswith(f"/api/v1/screenshots/{body[0]['id']}/")
    assert Screenshot.objects.get().ticket == ticket


def test_agent_adds_screenshots(agent_api, agent, customer):
    ticket = make_ticket(customer)
    response = multipart(agent_api, screenshots_url(ticket), [("a.png", png_bytes(), "image/png")])
    assert response.status_code == 201
    assert Screenshot.objects.get().uploaded_by == agent


def test_adding_no_screenshot_is_a_400(customer_api, customer):
    ticket = make_ticket(customer)
    response = multipart(customer_api, screenshots_url(ticket), [], {"note": "nothing"})
    assert response.status_code == 400
    assert "screenshots" in response.json()["errors"]


def test_adding_screenshots_takes_multipart_only(customer_api, customer):
    ticket = make_ticket(customer)
    response = customer_api.post(screenshots_url(ticket), {"screenshots": ["aGVsbG8="]}, format="json")
    assert response.status_code == 415


def test_adding_six_screenshots_is_a_400(customer_api, customer):
    ticket = make_ticket(customer)
    files = [(f"{i}.png", png_bytes(), "image/png") for i in range(6)]
    response = multipart(customer_api, screenshots_url(ticket), files)
    assert response.status_code == 400
    assert Screenshot.objects.count() == 0


def test_adding_screenshots_to_a_closed_ticket_is_a_409(customer_api, customer, agent):
    ticket = make_ticket(customer)
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    response = multipart(customer_api, screenshots_url(ticket), [("a.png", png_bytes(), "image/png")])
    assert response.status_code == 409
    assert Screenshot.objects.count() == 0


# --- screenshot serving -----------------------------------------------------------------------


@pytest.fixture
def shot(customer):
    ticket = make_ticket(customer, screenshots=[clean("report.png")])
    return Screenshot.objects.get(ticket=ticket)


def shot_url(shot) -> str:
    return f"/api/v1/screenshots/{shot.public_id}/"


def test_owner_gets_the_image_with_safe_headers(customer_api, shot):
    response = customer_api.get(shot_url(shot), HTTP_ACCEPT="image/*")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="report.png"'
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "Authorization" in response["Vary"] and "Cookie" in response["Vary"]
    with shot.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_agent_gets_the_image(agent_api, shot):
    assert agent_api.get(shot_url(shot)).status_code == 200


def test_other_customer_gets_404(reference_data, shot):
    response = token_client(UserFactory()).get(shot_url(shot), HTTP_ACCEPT="image/*")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_anonymous_gets_404(api_client, shot):
    assert api_client.get(shot_url(shot)).status_code == 404


def test_a_bad_token_gets_401(api_client, shot):
    api_client.credentials(HTTP_AUTHORIZATION="Token nope")
    assert api_client.get(shot_url(shot)).status_code == 401


def test_unknown_screenshot_is_404(agent_api, reference_data):
    assert agent_api.get("/api/v1/screenshots/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_guest_with_the_ticket_in_their_session_gets_the_image(reference_data):
    ticket = make_ticket(None, screenshots=[clean()])
    shot = Screenshot.objects.get(ticket=ticket)
    client = APIClient()
    assert client.get(shot_url(shot)).status_code == 404
    session = client.session
    session["guest_ticket_grants"] = [[ticket.reference, ticket.guest_link_version]]
    session.save()
    assert client.get(shot_url(shot)).status_code == 200


def test_a_guest_session_does_not_open_an_account_holders_ticket(shot):
    client = APIClient()
    session = client.session
    session["guest_ticket_grants"] = [[shot.ticket.reference, shot.ticket.guest_link_version]]
    session.save()
    assert client.get(shot_url(shot)).status_code == 404


def test_screenshot_on_an_internal_note_is_for_agents_only(customer, agent):
    ticket = make_ticket(customer)
    services.ticket_reply(ticket=ticket, author=agent, body="evidence", internal=True, screenshots=[clean()])
    shot = Screenshot.objects.get()
    assert token_client(customer).get(shot_url(shot)).status_code == 404
    assert token_client(agent).get(shot_url(shot)).status_code == 200
    assert token_client(customer).get(detail_url(ticket)).json()["screenshots"] == []
    assert len(token_client(agent).get(detail_url(ticket)).json()["screenshots"]) == 1


def test_content_disposition_cannot_be_broken_by_the_stored_name(customer_api, shot):
    Screenshot.objects.filter(pk=shot.pk).update(original_name='a"b\r\nSet-Cookie: x=1;\\.html')
    response = customer_api.get(shot_url(shot))
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="') and disposition.endswith('.png"')
    assert "\r" not in disposition and "\n" not in disposition and disposition.count('"') == 2
    assert ".html" not in disposition


def test_a_missing_file_is_a_404_not_a_500(customer_api, shot):
    shot.file.storage.delete(shot.file.name)
    assert customer_api.get(shot_url(shot)).status_code == 404


def test_detail_links_open_for_the_owner(customer_api, customer, shot):
    body = customer_api.get(detail_url(shot.ticket)).json()
    url = body["screenshots"][0]["url"]
    assert url == f"http://testserver/api/v1/screenshots/{shot.public_id}/"
    assert customer_api.get(url.removeprefix("http://testserver")).status_code == 200
