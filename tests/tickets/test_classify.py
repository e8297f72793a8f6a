"""Ticket-type suggestion from free text (pure, no database)."""

import pytest

from tickets.classify import PHRASES, TYPE_SLUGS, suggest_type
from tickets.reference_data import TICKET_TYPES


def test_the_tables_cover_exactly_the_seeded_types():
    assert set(TYPE_SLUGS) == {row[0] for row in TICKET_TYPES} == set(PHRASES)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("my deposit hasn't arrived", "deposit_withdrawal"),
        ("Withdrawals are stuck on pending", "deposit_withdrawal"),
        ("充值未到账", "deposit_withdrawal"),
        ("提币一直在审核中", "deposit_withdrawal"),
        ("my limit order was not filled", "trading"),
        ("合约爆仓了", "trading"),
        ("I forgot my password", "account_access"),
        ("收不到验证码", "account_access"),
        ("KYC failed twice", "verification"),
        ("实名认证失败", "verification"),
        ("API key returns invalid signature", "api"),
        ("接口报 429", "api"),
        ("my account was hacked", "account_security"),
        ("账户被盗", "account_security"),
        ("please close my account", "other"),
        ("asdf", "other"),
    ],
)
def test_suggests_the_type(text, slug):
    assert suggest_type(text).slug == slug


def test_theft_decides_security_even_when_money_moved():
    suggestion = suggest_type("someone logged in and made a withdrawal of 5 BTC, deposit address changed")
    assert suggestion.slug == "account_security"


def test_negated_theft_does_not_decide_security():
    assert suggest_type("my account wasn't hacked, I forgot my password").slug == "account_access"


def test_confidence_is_low_when_nothing_matched_and_bounded_otherwise():
    assert suggest_type("hello").confidence == 0.3
    confidence = suggest_type("deposit not credited").confidence
    assert 0 < confidence <= 1


def test_plural_and_singular_match_alike():
    assert suggest_type("withdrawals").scores == suggest_type("withdrawal").scores
