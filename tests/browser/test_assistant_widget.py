"""Issue 14's "done when", in a real browser: the widget on the help centre answers the deposit
question with the article and what it understood, hands over to a ticket whose reference it shows,
and treats a hacked account as urgent with the freeze offered, at 1280 and 360 px in both languages;
keyboard only: Escape closes and focus returns to the launcher, Tab stays inside the dialog."""

import re

import pytest

from assistant.models import Conversation
from knowledgebase.services import content_load
from tests import fragments
from tickets.models import Ticket

pytestmark = [pytest.mark.browser]
fragment_catalogue = fragments.fragment_catalogue

HASH = "0x" + "5e" * 32
DEPOSIT = {
    "zh-hans": f"USDT 走 TRC20 充了 300 U 两个小时还没到账，交易哈希 {HASH}",
    "en": f"My USDT deposit on TRC20, 300 USDT, has not arrived after two hours, txid {HASH}",
}
PERSON = {"zh-hans": "转人工", "en": "I want to talk to a human"}


@pytest.fixture
def kb_content(transactional_db):
    return content_load()


def _send(page, text):
    page.fill("#assistant-message", text)
    page.keyboard.press("Enter")


@pytest.mark.usefixtures("fragment_catalogue")
@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_widget_answers_hands_over_and_handles_an_emergency(
    live_server, page, reference_data, kb_content, language, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/{language}/")
    launcher = page.locator("[data-assistant-launcher]")
    launcher.click()
    dialog = page.get_by_role("dialog")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "assistant-message"
    box = dialog.bounding_box()
    assert box["width"] <= width and box["x"] >= 0
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width

    _send(page, DEPOSIT[language])
    link = page.locator(f".assistant-log a[href='/{language}/kb/a/deposit-not-credited/']").first
    link.wait_for()
    understood = page.locator(".assistant-understood").first.inner_text()
    for fact in ("USDT", "TRC20", "300", HASH[:10]):
        assert fact in understood
    assert page.locator(".assistant-passage").count() >= 1

    _send(page, PERSON[language])
    page.locator("#assistant-email").wait_for(state="visible")
    page.fill("#assistant-email", "lin@example.com")
    page.locator("[data-assistant-handoff] button[type=submit]").click()
    page.locator("[data-assistant-reference]").wait_for()
    ticket = Ticket.objects.get()
    assert ticket.reference in page.locator("[data-assistant-reference]").inner_text()
    assert (ticket.asset, ticket.network, ticket.transaction_id) == ("USDT", "TRC20", HASH)

    # Keyboard: Tab stays in the dialog, Escape closes it and focus returns to the launcher.
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('[role=dialog]')")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-assistant-launcher')")

    # A new visitor with a hacked account: urgent, the freeze offered and handed over, one turn.
    page.evaluate("window.sessionStorage.clear()")
    page.goto(f"{live_server.url}/{language}/kb/a/enable-2fa/")
    page.locator("[data-assistant-launcher]").click()
    _send(page, "my account was hacked, someone withdrew my BTC")
    freeze = page.locator(f".assistant-log a[href='/{language}/tickets/freeze/']")
    freeze.wait_for()
    assert page.locator("#assistant-email").is_visible()
    assert Conversation.objects.filter(urgent=True).count() == 1
    assert re.search(r"[\u4e00-\u9fff]", freeze.inner_text()) if language == "zh-hans" else True
