"""/<lang>/verify/: the verdict in plain words, the official list, both languages, hostile input."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def page(client, value=None, *, lang="en"):
    params = {} if value is None else {"value": value}
    return client.get(f"/{lang}/verify/", params)


def test_url_name():
    with translation.override("en"):
        assert reverse("safety:verify") == "/en/verify/"


def test_empty_page_lists_the_official_channels(client, seeded):
    response = page(client)
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("supportdesk.com", "support@supportdesk.com", "+1 415-555-0100", "@SupportdeskHelp", "@supportdesk"):
        assert shown in html
    assert 'class="verdict' not in html


def test_lookalike_is_explained_and_defanged(client, seeded):
    html = page(client, "https://supportdesk.com@evil.io/login").content.decode()
    assert "verdict-lookalike" in html
    assert "hxxps://supportdesk[.]com[@]evil[.]io/login" in html
    # As written only in form fields (the search box to edit it, the report form to send it); never
    # as text or a link.
    assert 'id="verify-value" type="text" name="value" value="https://supportdesk.com@evil.io/login"' in html
    assert "https://supportdesk.com@evil.io" not in re.sub(r'value="[^"]*"', "", html)
    assert 'href="https://supportdesk.com@evil.io' not in html
    assert "The part before @ is a user name the browser ignores: this link goes to evil.io." in html
    assert "It imitates our real one: <strong>supportdesk.com</strong>" in html


def test_official_value_is_shown_as_is(client, seeded):
    html = page(client, "support@supportdesk.com").content.decode()
    assert "verdict-official" in html
    assert '<code class="mono">support@supportdesk.com</code>' in html


def test_unknown_value(client, seeded):
    html = page(client, "github.com").content.decode()
    assert "verdict-unknown" in html
    assert "github[.]com" in html


def test_chinese_page_explains_in_chinese(client, seeded):
    html = page(client, "supportdеsk.com", lang="zh-hans").content.decode()
    assert 'lang="zh-hans"' in html
    assert "西里尔字母" in html  # the reason
    assert "我们的官方渠道" in html  # the list's heading


@pytest.mark.parametrize(
    "value",
    ["", "x" * 10_000, "supportdesk.com\x00", "a\x01b", "line\nbreak", "\x7f"],
)
def test_hostile_input_is_a_form_error_never_a_500(client, seeded, value):
    response = page(client, value)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist verify-errors"' in html
    assert 'class="verdict' not in html


def test_markup_is_escaped(client, seeded):
    html = page(client, '<script>alert("x")</script>').content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_invisible_and_right_to_left_characters_do_not_break_the_page(client, seeded):
    response = page(client, "support\u200bdesk.com\u202e")
    assert response.status_code == 200


def test_post_is_not_allowed(client):
    assert client.post("/en/verify/", {"value": "x"}).status_code == 405


def test_a_lookalike_verdict_offers_the_report_form_filled_in(client, seeded):
    html = page(client, "supp0rtdesk.com").content.decode()
    assert 'action="/en/verify/report/"' in html
    for name in ("value", "where", "description", "contact_email"):
        assert f'name="{name}"' in html
    assert re.search(r'<input type="text" name="value" value="supp0rtdesk.com"[^>]*id="report-value"', html)


def test_an_official_verdict_offers_no_report(client, seeded):
    assert 'action="/en/verify/report/"' not in page(client, "support@supportdesk.com").content.decode()


def test_home_page_links_to_the_check(client, seeded):
    from tickets.reference_data import load as seed_reference_data

    seed_reference_data()
    assert 'href="/en/verify/"' in client.get("/en/").content.decode()
