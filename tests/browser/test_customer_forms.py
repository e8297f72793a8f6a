"""Issue 12, item 4 in a real browser at 360 px: a refused ticket form keeps its screenshots for the
retry, a local phone number is read in the country the language suggests, and a reply may be only a
screenshot."""

import re

import pytest

from tests.browser.customer_pages import customer_page, fits, shot
from tests.browser.test_ticket_flow import write_png
from tests.fragments import fragment_catalogue  # noqa: F401 (the fixture, used by name)
from tests.tickets.make import make_ticket
from tickets.models import Screenshot, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.usefixtures("fragment_catalogue")]

KEPT = {"en": "Kept from your last try", "zh-hans": "已保留您上次上传的截图"}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_refused_form_keeps_the_screenshots_and_reads_a_local_phone(
    chromium, live_server, reference_data, tmp_path, language, width
):
    shots = [write_png(tmp_path / "history.png", (30, 110, 200)), write_png(tmp_path / "explorer.png", (230, 140, 30))]
    with customer_page(chromium, live_server, language=language, width=width) as page:
        page.goto(f"{live_server.url}/{language}/tickets/new/?type=deposit_withdrawal")
        page.fill("#id_title", "USDT withdrawal pending")
        page.fill("#id_description", "Pending for three hours.")
        page.fill("#id_asset", "USDT")
        page.fill("#id_amount", "five hundred")  # refused by the server
        page.fill("#id_contact_email", "lin.a.very.long.mailbox.name@example-customer-domain.com")
        if language == "zh-hans":
            assert page.locator("#id_contact_phone_country").input_value() == "CN"
            page.fill("#id_contact_phone", "138 0013 8000")
        else:
            page.select_option("#id_contact_phone_country", "GB")
            page.fill("#id_contact_phone", "020 7946 0958")
        page.set_input_files("#id_screenshots", shots)
        page.locator("[data-submit]").click()

        page.locator("[data-held]").wait_for()
        assert KEPT[language] in page.locator("[data-held]").inner_text()
        assert "history.png" in page.locator("[data-held]").inner_text()
        assert page.locator("#id_amount_error").is_visible()
        fits(page)
        shot(page, "form-kept", language, width)

        page.fill("#id_amount", "500")
        page.locator("[data-submit]").click()
        page.wait_for_url(re.compile(rf"/{language}/tickets/SD-[0-9A-Z]{{6}}/created/$"))
        fits(page)

    ticket = Ticket.objects.get()
    assert ticket.contact_phone == ("+8613800138000" if language == "zh-hans" else "+442079460958")
    assert sorted(Screenshot.objects.filter(ticket=ticket).values_list("original_name", flat=True)) == [
        "explorer.png",
        "history.png",
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_reply_may_be_only_a_screenshot(chromium, live_server, reference_data, customer, tmp_path, language):
    ticket = make_ticket(customer, type_slug="other", language=language)
    with customer_page(chromium, live_server, language=language, user=customer) as page:
        page.goto(f"{live_server.url}/{language}/tickets/{ticket.reference}/")
        page.set_input_files("#id_screenshots", [write_png(tmp_path / "proof.png", (10, 160, 90))])
        page.locator(".reply-card [data-submit]").click()
        page.wait_for_url(re.compile(r"#message-\d+$"))
        assert page.locator(".thread .message-customer .attachments img").count() == 1
        fits(page)
        shot(page, "screenshot-reply", language, 360)

    assert ticket.messages.get().body == ""
