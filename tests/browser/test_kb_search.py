"""Issue 12 item 3 in a real browser, in both languages, on a desktop (1280 px) and a phone (360 px):
the search box on every help-centre page, suggestions while typing on the home page (keyboard and
screen-reader semantics of a combobox), and the feedback flow: Yes/No first, the reason only after
No (guarded), then "contact support about this" landing on the ticket form with the topic and article.
"""

import re

import pytest

from knowledgebase.models import ArticleFeedback
from knowledgebase.services import content_load

pytestmark = [pytest.mark.browser]

CASES = {
    "en": {"typed": "withdrawl stuck", "title": "Why hasn't my withdrawal arrived?", "other": "reset password"},
    "zh-hans": {"typed": "提现一直没到账", "title": "提现一直没到账怎么办？", "other": "忘记密码"},
}
WIDTHS = [1280, 360]


@pytest.fixture
def kb_content(transactional_db):
    return content_load()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", list(CASES))
def test_search_box_suggestions_and_feedback(live_server, chromium, reference_data, kb_content, language, width):
    case = CASES[language]
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)

    # Suggestions while typing on the home page: a combobox that opens a listbox, announced.
    page.goto(f"{live_server.url}/{language}/")
    box = page.locator("#help-search")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.press_sequentially(case["typed"], delay=30)
    option = page.locator("#help-search-suggestions [role=option]").first
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert option.inner_text().strip() == case["title"]
    assert page.locator("#help-search-status").inner_text().strip()
    listbox = page.locator("#help-search-suggestions").bounding_box()
    assert listbox["x"] >= 0 and listbox["x"] + listbox["width"] <= width + 1  # fits the phone's width
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert page.locator("#help-search-suggestions").is_hidden()
    box.press("ArrowDown")  # closed: the arrow does nothing
    box.press_sequentially(" ", delay=30)
    option.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(rf"/{language}/kb/a/withdrawal-delayed/"))

    # The article page has its own search box, and it searches.
    assert page.locator("#kb-search").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1  # no sideways scrolling

    # Feedback: only Yes/No, then after No the guarded reason and the way to a person.
    assert page.locator("#kb-reason").count() == 0
    page.locator("#feedback button[name=helpful][value=no]").click()
    page.wait_for_url(re.compile(r"\?voted=no#feedback$"))
    reason = page.locator("#kb-reason")
    assert reason.is_visible() and reason.get_attribute("data-secret-guard") is not None
    reason.fill("my password: hunter2hunter2 did not help")
    page.locator("#feedback button[type=submit]").click()
    page.wait_for_url(re.compile(r"\?voted=no-reason#feedback$"))
    assert "hunter2hunter2" not in ArticleFeedback.objects.get().reason
    assert page.locator(".messages").inner_text().strip()  # says what was removed
    page.locator(".kb-contact-about a").click()
    page.wait_for_url(re.compile(rf"/{language}/tickets/new/\?topic=deposit_withdrawal&article=withdrawal-delayed"))
    assert case["title"] in page.locator("#id_title").input_value()

    # And a search from the category page's box goes to the results.
    page.goto(f"{live_server.url}/{language}/kb/deposits-withdrawals/")
    page.fill("#kb-search", case["other"])
    page.locator("#kb-search").press("Enter")
    page.wait_for_url(re.compile(rf"/{language}/\?q="))
    assert page.locator(".kb-result-list .kb-result").count() >= 1
    context.close()
    assert not errors, errors
