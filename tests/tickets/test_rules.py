"""Priority rules: pure, no database."""

import pytest

from tickets import rules

THEFT = rules.KeywordRule(
    name="theft",
    keywords=("stolen", "hacked", "unauthorized withdrawal", "被盗", "盗号", "未经授权"),
    priority="urgent",
    type_id=3,
    tier=3,
)
BASE = rules.Routing(priority="normal", type_id=1, tier=1)


@pytest.mark.parametrize(
    "text",
    [
        "My account was HACKED last night",
        "Stolen funds!!",
        "there was an unauthorized   withdrawal of 2 BTC",
        "我的账户被盗了",
        "有人盗号，资产被转走",
        "出现未经授权的提现",
        "ｈａｃｋｅｄ",  # full-width letters, as typed with a Chinese IME
    ],
)
def test_theft_and_takeover_go_urgent_to_security(text):
    routing, applied = rules.route(base=BASE, text=text, rules=[THEFT], customer_tier="standard")
    assert routing == rules.Routing(priority="urgent", type_id=3, tier=3)
    assert applied == ["theft"]


@pytest.mark.parametrize("text", ["withdrawal pending", "unstolen", "hackedness is not a word", "提现未到账"])
def test_ordinary_requests_keep_their_type_defaults(text):
    routing, applied = rules.route(base=BASE, text=text, rules=[THEFT], customer_tier="standard")
    assert routing == BASE and applied == []


def test_vip_customers_are_raised_one_level_and_never_past_urgent():
    assert rules.route(base=BASE, text="", rules=[], customer_tier="vip2")[0].priority == "high"
    urgent, _ = rules.route(base=BASE, text="stolen", rules=[THEFT], customer_tier="vip1")
    assert urgent.priority == "urgent"


def test_a_later_rule_never_lowers_an_earlier_one():
    low = rules.KeywordRule(name="low", keywords=("stolen",), priority="low", tier=1)
    routing, applied = rules.route(base=BASE, text="stolen", rules=[THEFT, low], customer_tier="standard")
    assert (routing.priority, routing.tier) == ("urgent", 3)
    assert applied == ["theft", "low"]


def test_raise_priority_stops_at_urgent():
    assert rules.raise_priority("low") == "normal"
    assert rules.raise_priority("high", 5) == "urgent"
