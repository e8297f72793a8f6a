"""A guest files a deposit ticket in Chinese with two screenshots, in a real browser."""

import io
import re

import pytest
from PIL import Image

from tickets.models import Screenshot, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def write_png(path, color):
    buf = io.BytesIO()
    Image.new("RGB", (640, 400), color).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return str(path)


def test_guest_files_a_chinese_deposit_ticket_with_two_screenshots(live_server, page, reference_data, tmp_path):
    shots = [write_png(tmp_path / "history.png", (30, 110, 200)), write_png(tmp_path / "explorer.png", (230, 140, 30))]

    page.goto(f"{live_server.url}/zh-hans/tickets/new/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.get_by_text("充值与提现").click()
    page.locator("form.type-picker button[type=submit]").click()
    page.wait_for_url(re.compile(r"/zh-hans/tickets/new/\?type=deposit_withdrawal$"))

    # JavaScript turned the fixed topic into a switch; the deposit facts are on show.
    assert page.locator("#id_type_switch").input_value() == "deposit_withdrawal"
    assert page.locator("#id_transaction_id").is_visible()
    page.fill("#id_title", "USDT 提现 3 小时未到账")
    page.fill("#id_description", "我在 10:00 提交了 500 USDT 的提现，状态一直是处理中。")
    page.fill("#id_transaction_id", "0x9f2c4a7e")
    page.fill("#id_asset", "usdt")
    page.fill("#id_network", "TRC20")
    page.fill("#id_amount", "500")
    page.fill("#id_contact_email", "lin@example.com")
    page.set_input_files("#id_screenshots", shots)

    previews = page.locator("[data-previews] .preview")
    previews.nth(1).wait_for()
    assert previews.count() == 2
    assert page.locator("[data-previews]").inner_text().count(".png") == 2
    page.screenshot(path="/tmp/supportdesk-ticket-form.png", full_page=True)

    page.locator("[data-submit]").click()
    page.wait_for_url(re.compile(r"/zh-hans/tickets/SD-[0-9A-Z]{6}/created/$"))

    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "USDT 提现 3 小时未到账 · 充值与提现" in page.locator(".confirm-subject").inner_text()
    reference = page.locator("[data-reference]").inner_text().strip()
    assert re.fullmatch(r"SD-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}", reference)
    page.screenshot(path="/tmp/supportdesk-ticket-created.png", full_page=True)

    ticket = Ticket.objects.get(reference=reference)
    assert ticket.language == "zh-hans"
    assert ticket.type.slug == "deposit_withdrawal"
    assert ticket.asset == "USDT"
    assert ticket.requester is None
    assert sorted(Screenshot.objects.filter(ticket=ticket).values_list("original_name", flat=True)) == [
        "explorer.png",
        "history.png",
    ]

    # The same browser may open the conversation, and its thumbnails load through the permission check.
    page.locator(f"a[href='/zh-hans/tickets/{reference}/']").first.click()
    page.wait_for_url(re.compile(rf"/zh-hans/tickets/{reference}/$"))
    assert "USDT 提现 3 小时未到账" in page.locator("h1").inner_text()
    thumbnails = page.locator(".attachments img")
    assert thumbnails.count() == 2
    page.wait_for_function(
        "() => [...document.querySelectorAll('.attachments img')].every(i => i.complete && i.naturalWidth > 0)"
    )


def test_removing_a_chosen_screenshot_and_the_client_side_limit(live_server, page, reference_data, tmp_path):
    files = [write_png(tmp_path / f"s{i}.png", (10 * i, 100, 150)) for i in range(6)]

    page.goto(f"{live_server.url}/en/tickets/new/?type=other")
    page.set_input_files("#id_screenshots", files)

    previews = page.locator("[data-previews] .preview")
    previews.nth(4).wait_for()
    assert previews.count() == 5
    assert "At most 5 screenshots" in page.locator("[data-client-error]").inner_text()
    assert page.evaluate("document.getElementById('id_screenshots').files.length") == 5

    page.locator(".preview-remove").first.click()
    assert previews.count() == 4
    assert page.evaluate("document.getElementById('id_screenshots').files.length") == 4
