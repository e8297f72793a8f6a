"""The help-centre landing page and the error pages."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


def test_home_offers_search_contact_and_the_ticket_types(client, reference_data):
    response = client.get("/en/")

    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="search"' in content
    assert 'name="q"' in content
    assert 'href="/en/tickets/new/"' in content
    assert 'href="/en/tickets/new/?type=deposit_withdrawal"' in content
    assert "Supportdesk staff will never ask for your password, 2FA codes or seed phrase." in content


def test_home_in_chinese_uses_the_chinese_type_names(client, reference_data):
    content = client.get("/zh-hans/").content.decode()

    assert '<html lang="zh-hans">' in content
    assert "充值与提现" in content
    assert 'href="/zh-hans/tickets/new/?type=deposit_withdrawal"' in content


def test_root_redirects_by_accept_language(client, reference_data):
    response = client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9"})

    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"


def test_a_missing_page_uses_the_friendly_404(client, reference_data):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_the_500_page_renders_without_a_request():
    with translation.override("en"):
        html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
    assert "Supportdesk staff will never ask for your password" in html


def test_the_500_page_is_served_by_django_when_a_view_crashes(rf: RequestFactory):
    from django.views.defaults import server_error

    response = server_error(rf.get("/en/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/en/%00/", "/en/tickets/%FF%FE/", "/en/%3Cscript%3Ealert(1)%3C/script%3E/", "/en/tickets/SD-AAAAAA/x/"]
)
def test_odd_addresses_get_the_404_page_not_a_crash(client, reference_data, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_language_switch_on_a_404_keeps_the_address(client, reference_data):
    content = client.get("/en/no-such-page/?a=%22%3E%3Cscript%3E").content.decode()

    assert 'name="next" value="/en/no-such-page/?a=%22%3E%3Cscript%3E"' in content
