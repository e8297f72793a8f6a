"""Report a fake channel (``/<lang>/verify/report/`` and ``POST /api/v1/verify/report/``): a ticket for the
security team, one per channel however it was pasted, the value defanged wherever it is shown."""

import pytest
from rest_framework.test import APIClient

from safety.reference import official_channels_seed
from tickets.models import Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

API = "/api/v1/verify/report/"


@pytest.fixture(autouse=True)
def _official_channels(reference_data):
    official_channels_seed()


def test_the_page_reports_a_look_alike_to_security_defanged(client):
    response = client.post(
        "/en/verify/report/",
        {"value": "https://supportdesk.com@evil.io/login", "where": "A Telegram message", "contact_email": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert "Our security team has your report" in response.content.decode()
    ticket = Ticket.objects.get()
    assert (ticket.team.slug, ticket.tier, ticket.type.slug) == ("security", 3, "account_security")
    assert "hxxps://supportdesk[.]com[@]evil[.]io/login" in ticket.title
    assert "https://" not in ticket.title + ticket.description and "evil.io" not in ticket.description
    assert ticket.contact_email == "" and ticket.reported_channel == "web:evil.io"


def test_one_channel_one_ticket_however_it_was_pasted(client):
    api = APIClient()
    for value in ("supp0rtdesk.com", "https://SUPP0RTDESK.com/login", "hxxps://supp0rtdesk[.]com"):
        response = api.post(API, {"value": value, "description": f"seen {value}"}, format="json")
        assert response.status_code == 201, response.content
    assert Ticket.objects.count() == 1
    first = response.json()
    assert first["folded"] is True and first["value"] == "hxxps://supp0rtdesk[.]com"
    ticket = Ticket.objects.get()
    assert ticket.events.filter(kind=TicketEvent.Kind.CHANNEL_REPORTED).count() == 1, "repeats soon after: quiet"
    note = Message.objects.get(ticket=ticket)
    assert note.internal, "one reporter never reads another's report"


def test_an_official_channel_is_not_reported(client):
    response = APIClient().post(API, {"value": "support@supportdesk.com"}, format="json")
    assert response.status_code == 400
    assert "official channels" in str(response.json()["errors"])
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"value": ""},
        {"value": "x" * 501},
        {"value": "evil.io\x01"},
        {"value": "evil.io", "contact_email": "no"},
    ],
)
def test_bad_reports_are_400_and_store_nothing(body):
    response = APIClient().post(API, body, format="json")
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_reports_are_limited_per_address(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "verify_report": "2/hour"},
    }
    api = APIClient()
    codes = [api.post(API, {"value": f"evil{n}.io"}, format="json").status_code for n in range(3)]
    assert codes == [201, 201, 429]


def test_the_verify_page_offers_the_report_form(client):
    page = client.get("/zh-hans/verify/?value=supp0rtdesk.com").content.decode()
    assert 'action="/zh-hans/verify/report/"' in page


def test_a_refused_report_comes_back_with_the_reporters_words_and_the_reason(client):
    response = client.post(
        "/en/verify/report/",
        {"value": "support@supportdesk.com", "where": "an e-mail", "description": "It asked me to log in"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This is one of our official channels, not a fake one." in page
    assert "It asked me to log in" in page and 'value="an e-mail"' in page
    assert 'class="verdict verdict-official' in page or "verdict-official" in page
    assert not Ticket.objects.exists()


def test_a_report_with_a_bad_address_keeps_what_was_typed(client):
    response = client.post(
        "/zh-hans/verify/report/", {"value": "supp0rtdesk.com", "description": "假客服", "contact_email": "no"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "假客服" in page and 'id="report-contact_email_error"' in page
    assert not Ticket.objects.exists()


def test_a_report_held_back_by_the_page_limit_keeps_what_was_typed(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "verify_report": "1/hour"}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "verify_report": "1/hour"},
    }
    assert client.post("/en/verify/report/", {"value": "evil1.io"}).status_code == 302
    response = client.post("/en/verify/report/", {"value": "evil2.io", "description": "second one"})
    assert response.status_code == 429
    assert "second one" in response.content.decode()
    assert Ticket.objects.count() == 1


def test_opening_the_report_address_goes_to_the_check(client):
    response = client.get("/en/verify/report/")
    assert response.status_code == 302 and response["Location"] == "/en/verify/"


def test_a_seed_phrase_in_a_report_is_removed_and_the_reporter_told(client):
    from tests.tickets.test_secret_guard_edges import ENGLISH_PHRASE

    response = client.post(
        "/en/verify/report/",
        {"value": "supp0rtdesk.com", "description": f"They asked for {ENGLISH_PHRASE}"},
        follow=True,
    )
    assert "seed phrase" in response.content.decode().lower()
    assert ENGLISH_PHRASE not in Ticket.objects.get().description

    api = APIClient().post(API, {"value": "supp0rtdesk.com", "description": f"again {ENGLISH_PHRASE}"}, format="json")
    assert api.status_code == 201
    assert [w["kind"] for w in api.json()["warnings"]] == ["seed_phrase"]


def test_the_report_description_warns_while_typing(client):
    page = client.get("/en/verify/?value=supp0rtdesk.com").content.decode()
    assert 'data-secret-guard="/api/v1/guard/check/"' in page
