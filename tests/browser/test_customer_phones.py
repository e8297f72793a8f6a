"""Issue 12, item 5: every customer page at 360 px, in English and Chinese: nothing scrolls sideways
(long e-mails, references and transaction IDs wrap; a wide article table scrolls inside its card),
the Help centre link stays in the header, and badges keep their size."""

import pytest

from tests.browser.customer_pages import customer_page, fits, shot
from tests.factories import UserFactory
from tests.fragments import fragment_catalogue  # noqa: F401 (the fixture, used by name)
from tests.tickets.make import make_ticket
from tickets import services

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.usefixtures("fragment_catalogue")]

LONG_EMAIL = "a.customer.with.an.extraordinarily.long.mailbox.name@subdomain.example-exchange-customer.com"
TXID = "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16"

GUEST_PAGES = [
    ("home", ""),
    ("category", "kb/account-security/"),
    ("article-table", "kb/a/submit-a-ticket/"),
    ("article", "kb/a/account-compromised/"),
    ("new-type", "tickets/new/"),
    ("new-form", "tickets/new/?type=deposit_withdrawal"),
    ("freeze", "tickets/freeze/"),
    ("verify", "verify/"),
    ("signin", "accounts/signin/"),
    ("signup", "accounts/signup/"),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_guest_pages_fit_a_360_px_phone(chromium, live_server, kb_content, reference_data, language):
    with customer_page(chromium, live_server, language=language) as page:
        for name, path in GUEST_PAGES:
            page.goto(f"{live_server.url}/{language}/{path}")
            help_centre = page.locator(".main-nav .nav-home a")
            assert help_centre.is_visible(), f"{name}: the Help centre link is hidden"
            box = help_centre.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, name
            fits(page)
            shot(page, name, language, 360)
        page.goto(f"{live_server.url}/{language}/kb/a/submit-a-ticket/")
        table = page.locator(".kb-body table").first
        assert table.evaluate("t => getComputedStyle(t).overflowX") == "auto"
        assert table.bounding_box()["width"] <= 360
        assert table.evaluate("t => t.scrollWidth > t.clientWidth"), "the table scrolls inside its card"
        assert table.locator("th").first.bounding_box()["width"] >= 90, "columns keep a readable width"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_signed_in_pages_fit_with_long_values(chromium, live_server, reference_data, agent, language):
    customer = UserFactory(email=LONG_EMAIL)
    ticket = make_ticket(
        customer, type_slug="deposit_withdrawal", transaction_id=TXID, title="Withdrawal " + "X" * 60, language=language
    )
    services.ticket_reply(ticket=ticket, author=agent, body="Please check " + TXID + " and " + LONG_EMAIL)
    with customer_page(chromium, live_server, language=language, user=customer) as page:
        for name, path in [
            ("mine-long", "tickets/"),
            ("detail-long", f"tickets/{ticket.reference}/"),
            ("created-long", f"tickets/{ticket.reference}/created/"),
            ("account", "account/"),
        ]:
            page.goto(f"{live_server.url}/{language}/{path}")
            assert page.locator(".main-nav .nav-home a").is_visible(), name
            fits(page)
            shot(page, name, language, 360)
            for badge in page.locator(".badge").all():
                if badge.is_visible():
                    assert badge.bounding_box()["width"] < 200, f"{name}: a badge stretched"
