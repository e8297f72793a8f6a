"""GET /api/v1/verify/?value=: the contract's shape, languages, hostile input, the throttle."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/api/v1/verify/"
SHAPE = {"value", "kind", "official", "verdict", "channel", "lookalike_of", "reasons"}


def test_url_name():
    assert reverse("api-verify") == URL


def test_lookalike_has_the_contract_shape(client, seeded):
    response = client.get(URL, {"value": "https://supportdesk.com@evil.io/"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == SHAPE
    assert body["value"] == "https://supportdesk.com@evil.io/"
    assert (body["kind"], body["official"], body["verdict"]) == ("web", False, "lookalike")
    assert body["lookalike_of"] == "supportdesk.com"
    assert body["channel"] == {
        "kind": "web",
        "platform": "",
        "value": "supportdesk.com",
        "display": "supportdesk.com",
        "label": "Website and help centre (and its subdomains)",
    }
    assert body["reasons"] == [
        {
            "code": "userinfo",
            "message": "The part before @ is a user name the browser ignores: this link goes to evil.io.",
        }
    ]


def test_official_account(client, seeded):
    body = client.get(URL, {"value": "t.me/SupportdeskHelp"}).json()
    assert (body["kind"], body["official"], body["verdict"], body["lookalike_of"]) == ("handle", True, "official", None)
    assert body["channel"]["platform"] == "telegram"
    assert body["channel"]["display"] == "@SupportdeskHelp"


def test_unknown_has_no_channel(client, seeded):
    body = client.get(URL, {"value": "github.com"}).json()
    assert (body["verdict"], body["channel"], body["lookalike_of"]) == ("unknown", None, None)
    assert [r["code"] for r in body["reasons"]] == ["not_listed"]


def test_an_inactive_channel_is_not_official(client, seeded):
    from safety.models import OfficialChannel

    OfficialChannel.objects.filter(kind="phone").update(active=False)
    from safety import channels

    channels.invalidate()  # update() sends no signal; the TTL would catch it in production
    assert client.get(URL, {"value": "+1 415 555 0100"}).json()["verdict"] == "unknown"


def test_messages_in_chinese_with_lang(client, seeded):
    body = client.get(URL, {"value": "supportdеsk.com", "lang": "zh-hans"}).json()
    assert body["verdict"] == "lookalike"
    messages = " ".join(r["message"] for r in body["reasons"])
    assert "西里尔字母" in messages, messages


def test_messages_follow_accept_language(client, seeded):
    body = client.get(URL, {"value": "t.me/SupportdeskHe1p"}, HTTP_ACCEPT_LANGUAGE="zh-Hans").json()
    assert "@SupportdeskHelp" in body["reasons"][0]["message"]
    assert "字符" in body["reasons"][0]["message"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"value": ""},
        {"value": "   "},
        {"value": "x" * 501},
        {"value": "x" * 10_000},
        {"value": "supportdesk.com\x00"},
        {"value": "support\ndesk.com"},
        {"value": "a\x07b"},
        {"value": "supportdesk.com", "lang": "fr"},
    ],
)
def test_invalid_input_is_a_400_with_field_errors(client, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert set(response.json()) == {"errors"}


def test_markup_is_returned_as_data_not_executed(client, seeded):
    response = client.get(URL, {"value": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["verdict"] == "unknown"


def test_throttled_per_address(client, seeded, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "verify": "3/min"},
    }
    statuses = [client.get(URL, {"value": "supportdesk.com"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(URL, {"value": "supportdesk.com"}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_no_query_while_the_snapshot_is_fresh(client, seeded, django_assert_num_queries):
    client.get(URL, {"value": "supportdesk.com"})  # loads the snapshot
    with django_assert_num_queries(0):
        assert client.get(URL, {"value": "supp0rtdesk.com"}).status_code == 200


def test_documented_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/verify/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"value", "lang"}
    assert {"200", "400", "429"} <= set(operation["responses"])
