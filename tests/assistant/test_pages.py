"""The plain assistant page (no JavaScript), the widget on every help-centre page, the account list."""

import pytest

from assistant.models import Conversation, Message
from tests import fragments
from tickets.models import Ticket

pytestmark = pytest.mark.django_db
fragment_catalogue = fragments.fragment_catalogue  # the Chinese of locale/fragments, as merged


@pytest.fixture
def helpdesk(reference_data, kb_content):
    return None


def test_the_widget_is_on_help_centre_pages_and_degrades_to_a_link(client, helpdesk):
    for url in ("/en/", "/zh-hans/", "/en/kb/a/deposit-not-credited/", "/en/tickets/new/"):
        page = client.get(url).content.decode()
        assert "data-assistant-launcher" in page and 'href="/' in page, url
        assert 'role="dialog"' in page and 'aria-labelledby="assistant-title"' in page
        assert 'aria-live="polite"' in page
    assert 'href="/zh-hans/assistant/"' in client.get("/zh-hans/").content.decode()


def test_the_plain_page_answers_without_javascript(client, helpdesk):
    page = client.get("/en/assistant/")
    assert page.status_code == 200 and "data-assistant-launcher" not in page.content.decode()
    response = client.post("/en/assistant/", {"message": "My USDT deposit on TRC20 has not arrived"})
    assert response.status_code == 302
    page = client.get("/en/assistant/").content.decode()
    assert "My USDT deposit on TRC20 has not arrived" in page
    assert "/en/kb/a/deposit-not-credited/" in page
    assert "have this ready" in page


def test_the_plain_page_hands_over(client, helpdesk):
    client.post("/en/assistant/", {"message": "My USDT withdrawal is stuck, I want a human"})
    response = client.post("/en/assistant/handoff/", {"contact_email": "lin@example.com"})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.contact_email == "lin@example.com" and ticket.channel == "assistant"
    assert ticket.reference in client.get("/en/assistant/").content.decode()


def test_the_plain_page_refuses_bad_input_with_400(client, helpdesk):
    assert client.post("/en/assistant/", {"message": ""}).status_code == 400
    assert client.post("/en/assistant/", {"message": "x" * 2001}).status_code == 400
    client.post("/en/assistant/", {"message": "hello"})
    assert client.post("/en/assistant/handoff/", {"contact_email": "no"}).status_code == 400
    assert client.post("/en/assistant/handoff/", {}).status_code == 400  # no address, not signed in


@pytest.mark.usefixtures("fragment_catalogue")
def test_the_plain_page_in_chinese(client, helpdesk):
    client.post("/zh-hans/assistant/", {"message": "USDT 走 TRC20 充了 300 U 两个小时还没到账"})
    page = client.get("/zh-hans/assistant/").content.decode()
    assert "/zh-hans/kb/a/deposit-not-credited/" in page and "支持助手" in page


def test_account_lists_the_customers_conversations(client, helpdesk, customer, other_customer):
    client.force_login(customer)
    client.post("/en/assistant/", {"message": "How do I enable 2FA?"})
    other = Conversation.objects.create(customer=other_customer, language="en")
    Message.objects.create(conversation=other, author="visitor", body="someone else's question")
    page = client.get("/en/account/").content.decode()
    assert "How do I enable 2FA?" in page and "someone else" not in page
    mine = Conversation.objects.get(customer=customer)
    assert f"?c={mine.public_id}" in page
