"""Issue 12, item 1 in a real browser at 360 px, in English and Chinese: a solved ticket says so and
takes a rating, "My tickets" marks the new reply and filters, and a reply appears without a reload."""

import re

import pytest

from tests.browser.customer_pages import customer_page, fits, shot
from tests.fragments import fragment_catalogue  # noqa: F401 (the fixture, used by name)
from tests.tickets.make import make_ticket
from tickets import follow_views, services
from tickets.models import Feedback, Status

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.usefixtures("fragment_catalogue")]

WORDS = {
    "en": {"solved": "This ticket is solved", "rated": "You rated our answer 4 out of 5", "new": "New reply"},
    "zh-hans": {"solved": "此工单已解决", "rated": "您给我们的答复打了 4 分", "new": "新回复"},
}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_solved_ticket_closes_the_loop(chromium, live_server, reference_data, customer, agent, language, width):
    words = WORDS[language]
    ticket = make_ticket(
        customer, type_slug="other", title="Card payment refund for order 99887766554433", language=language
    )
    services.ticket_reply(ticket=ticket, author=agent, body="Refunded: see your statement.")
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.SOLVED)

    with customer_page(chromium, live_server, language=language, user=customer, width=width) as page:
        page.goto(f"{live_server.url}/{language}/tickets/")
        row = page.locator(f"tr:has(a[href='/{language}/tickets/{ticket.reference}/'])")
        assert words["new"] in row.inner_text()
        badge = row.locator(".badge").first.bounding_box()
        assert badge["width"] < 160, "a status badge keeps its size, it does not fill the cell"
        fits(page)
        shot(page, "mine", language, width)

        page.locator(".filter-tabs a").nth(3).click()  # solved
        page.wait_for_url(re.compile(r"\?show=solved$"))
        assert ticket.reference in page.content()

        page.goto(f"{live_server.url}/{language}/tickets/{ticket.reference}/")
        assert words["solved"] in page.locator(".solved-card").inner_text()
        assert "UTC" not in page.locator(".solved-card time").inner_text()  # the reader's own time
        fits(page)
        shot(page, "solved", language, width)
        page.locator(".rating-choice").nth(3).click()  # 1 to 5, left to right: the fourth is 4
        page.fill("#id_comment", "Fast and clear")
        page.locator(".rating-form [data-submit]").click()
        page.wait_for_url(re.compile(r"#rating$"))
        assert words["rated"] in page.locator(".solved-card").inner_text()
        shot(page, "rated", language, width)

        page.goto(f"{live_server.url}/{language}/tickets/")
        assert words["new"] not in page.locator("tbody").inner_text()

    assert (Feedback.objects.get(ticket=ticket).rating, Feedback.objects.get(ticket=ticket).comment) == (
        4,
        "Fast and clear",
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_new_agent_reply_appears_without_a_reload(
    chromium, live_server, reference_data, customer, agent, language, monkeypatch
):
    monkeypatch.setattr(follow_views, "POLL_SECONDS", 1)
    ticket = make_ticket(customer, type_slug="other", language=language)

    with customer_page(chromium, live_server, language=language, user=customer) as page:
        page.goto(f"{live_server.url}/{language}/tickets/{ticket.reference}/")
        page.evaluate("window.__marker = 'same page'")
        reply = services.ticket_reply(ticket=ticket, author=agent, body="We found your deposit.")

        page.locator(f"#message-{reply.pk}").wait_for()
        assert "We found your deposit." in page.locator(f"#message-{reply.pk}").inner_text()
        assert page.evaluate("window.__marker") == "same page", "no reload"
        page.wait_for_function("() => document.querySelector('.ticket-ref .badge').classList.contains('badge-open')")
        assert page.locator("[data-status-changed]").is_hidden(), "new → open needs no reload"
        announce = page.locator("[data-thread-announce]")
        page.wait_for_function("() => document.querySelector('[data-thread-announce]').textContent.length > 0")
        assert announce.get_attribute("aria-live") == "polite"
        assert ("support" in announce.inner_text()) if language == "en" else ("客服" in announce.inner_text())
        fits(page)
        shot(page, "polled", language, 360)
