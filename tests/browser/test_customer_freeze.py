"""Issue 12, item 2 in a real browser: the freeze request lands on a page of its own that says when
(in the visitor's time), keeps its heading clear of the header at 360 and 1280 px, and a refresh
sends nothing again."""

import re

import pytest

from tests.browser.customer_pages import customer_page, fits, shot
from tests.fragments import fragment_catalogue  # noqa: F401 (the fixture, used by name)
from tickets.models import Ticket, TicketEvent

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.usefixtures("fragment_catalogue")]

WORDS = {
    "en": {"requested": "Freeze requested at", "promise": "within 15 minutes of your request"},
    "zh-hans": {"requested": "冻结申请提交于", "promise": "收到申请后 15 分钟内"},
}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_freeze_request_keeps_its_promise(chromium, live_server, reference_data, language, width):
    words = WORDS[language]
    with customer_page(chromium, live_server, language=language, width=width) as page:
        page.goto(f"{live_server.url}/{language}/tickets/freeze/")
        fits(page)
        shot(page, "freeze-form", language, width)
        page.fill("#id_contact_email", "someone.with.a.very.long.address.for.testing@example-exchange-customer.com")
        page.locator("#id_confirm").check()
        page.locator("form.ticket-form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/{language}/tickets/freeze/requested/$"))

        lead = page.locator("[data-requested-at]").inner_text()
        assert words["requested"] in lead
        assert "UTC" not in lead, "the time is shown in the visitor's own zone"
        assert re.search(r"\d{1,2}:\d{2}", lead)
        assert words["promise"] in page.locator(".promise-line").inner_text()
        assert page.locator(".steps").count() == 0, "no ticket stepper"
        for href in ("/accounts/password/reset/", "/kb/a/lost-2fa-device/", "/kb/a/api-keys/"):
            assert page.locator(f".checklist a[href='/{language}{href}']").count() == 1
        header = page.locator(".site-header").bounding_box()
        heading = page.locator("h1").bounding_box()
        eyebrow = page.locator(".eyebrow").bounding_box()
        assert eyebrow["y"] >= header["y"] + header["height"] + 16, "the heading block keeps clear of the header"
        assert heading["y"] > eyebrow["y"]
        fits(page)
        shot(page, "freeze-requested", language, width)

        events = TicketEvent.objects.count()
        page.reload()
        assert words["requested"] in page.locator("[data-requested-at]").inner_text()

    assert Ticket.objects.count() == 1
    assert TicketEvent.objects.count() == events
