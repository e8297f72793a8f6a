"""Assets, networks, amounts and references; Facts.merge and as_dict."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from assistant.understanding import Amount, Facts, extract

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
TX = "0x5e2b8c1d9f4a7e3b6c0d2f8a1e4b7c9d3f6a0e2b5c8d1f4a7e0b3c6d9f2a5e8b"


def facts_of(text):
    return extract(text, now=NOW)


def amounts(text):
    return [str(a) for a in facts_of(text).amounts]


def test_the_acceptance_message():
    facts = facts_of(f"USDT 走 TRC20 充了 300 U 两个小时还没到账，交易哈希 {TX}")
    assert facts.assets == ("USDT",)
    assert facts.networks == ("TRC20",)
    assert facts.amounts == (Amount(Decimal("300"), "USDT"),)
    assert facts.transaction_ids == (TX,)
    assert facts.occurred_at == NOW - timedelta(hours=2)


@pytest.mark.parametrize(
    ("text", "assets"),
    [
        ("bitcoin and ethereum", ["BTC", "ETH"]),
        ("比特币和以太坊", ["BTC", "ETH"]),
        ("tether 还是 泰达币", ["USDT"]),
        ("我的U没到账", ["USDT"]),
        ("狗狗币 瑞波币 波场币 币安币", ["DOGE", "XRP", "TRX", "BNB"]),
        ("ＵＳＤＴ 全角", ["USDT"]),  # typed with a Chinese IME
        ("Sent 5 sol yesterday", ["SOL"]),
        ("SOL deposit", ["SOL"]),
        ("sol y sombra", []),  # the word, not the coin
        ("my trx id is wrong", []),  # "trx" as short for transaction
        ("there is a link in the email, and a ton of spam", []),
        ("a U盘 is a USB stick", []),
        ("BTC/USDT pair", ["BTC", "USDT"]),
    ],
)
def test_assets(text, assets):
    assert list(facts_of(text).assets) == assets


@pytest.mark.parametrize(
    ("text", "networks", "assets"),
    [
        ("USDT on ERC-20", ["ERC20"], ["USDT"]),
        ("USDT via the ethereum network", ["ERC20"], ["USDT"]),
        ("用以太坊链转的 USDT", ["ERC20"], ["USDT"]),
        ("USDT 走波场", ["TRC20"], ["USDT"]),
        ("USDT tron", ["TRC20"], ["USDT"]),
        ("BNB Smart Chain", ["BEP20"], []),
        ("币安智能链", ["BEP20"], []),
        ("ARB One bridge", ["Arbitrum"], []),
        ("OP Mainnet", ["Optimism"], []),
        ("马蹄链 USDC", ["Polygon"], ["USDC"]),
        ("USDC SPL token", ["Solana"], ["USDC"]),
        ("BTC network fee", ["Bitcoin"], []),
        ("lightning network", ["Lightning"], []),
        ("USDC on Avalanche C-Chain", ["Avalanche C-Chain"], ["USDC"]),
        ("deposit on Base", ["Base"], []),
        ("the base fee is high", [], []),
        ("USDT on TON", ["TON"], ["USDT"]),
        ("I bought bitcoin", [], ["BTC"]),
        ("5x leverage on ETH", [], ["ETH"]),
        ("Solana tx failed", ["Solana"], []),
    ],
)
def test_networks(text, networks, assets):
    facts = facts_of(text)
    assert list(facts.networks) == networks
    assert list(facts.assets) == assets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("500 USDT", ["500 USDT"]),
        ("0.5 BTC", ["0.5 BTC"]),
        ("1,250.75 usdt", ["1250.75 USDT"]),
        ("USDT 500", ["500 USDT"]),
        ("usdt: 42", ["42 USDT"]),
        ("300 U", ["300 USDT"]),
        ("300U", ["300 USDT"]),
        ("300u", ["300 USDT"]),
        ("三百U", ["300 USDT"]),
        ("三百 USDT", ["300 USDT"]),
        ("1.5万 USDT", ["15000 USDT"]),
        ("一万五 U", ["15000 USDT"]),
        ("2w U", ["20000 USDT"]),
        ("5k usdt", ["5000 USDT"]),
        ("两个比特币", ["2 BTC"]),
        ("0.5个BTC", ["0.5 BTC"]),
        ("$200", ["200 USD"]),
        ("5000元", ["5000 CNY"]),
        ("I sent 300", ["300"]),
        ("sent 300, it was USDT", ["300 USDT"]),
        ("充了300", ["300"]),
        ("withdrew 2000 but only 1990 arrived", ["2000", "1990"]),
        ("ETH 2 hours ago", []),
        ("3 confirmations on TRC20", []),
        ("at 3pm on 2024-05-01", []),
        ("two factor 2FA code", []),
        ("ticket SD-7K3QX9", []),
    ],
)
def test_amounts(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("what's the status of SD-7K3QX9", ["SD-7K3QX9"]),
        ("sd-7k3qx9 please", ["SD-7K3QX9"]),
        ("SD 7K3QX9", ["SD-7K3QX9"]),
        ("ticket 4HX9PM", ["SD-4HX9PM"]),
        ("工单号 9FJ2RA", ["SD-9FJ2RA"]),
        ("工单 SD-AB23CD 和 SD-7K3QX9", ["SD-AB23CD", "SD-7K3QX9"]),
        ("4HX9PM", []),  # no prefix and no word saying it is a ticket
        ("ticket change", []),  # a word that fits the alphabet
        ("SD-7K3QX0", []),  # 0 is not in the alphabet
    ],
)
def test_references(text, refs):
    assert list(facts_of(text).references) == refs


def test_merge_keeps_order_and_lets_the_later_time_win():
    first = facts_of(f"USDT on TRC20, 300 U, tx {TX}, yesterday")
    second = facts_of(f"also 50 USDT, tx {TX.upper().replace('0X', '0x')}, 2 hours ago, ticket SD-7K3QX9")
    merged = first.merge(second)
    assert merged.assets == ("USDT",)
    assert merged.networks == ("TRC20",)
    assert [str(a) for a in merged.amounts] == ["300 USDT", "50 USDT"]
    assert merged.transaction_ids == (TX,)  # the same hash in capitals is not a second one
    assert merged.references == ("SD-7K3QX9",)
    assert merged.occurred_at == NOW - timedelta(hours=2)
    assert first.merge(Facts()).occurred_at == first.occurred_at


def test_as_dict_is_the_contract_shape():
    facts = facts_of(f"1.5万 USDT to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed, tx {TX}, SD-7K3QX9")
    assert facts.as_dict() == {
        "transaction_ids": [TX],
        "addresses": [{"value": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "chain": "evm"}],
        "assets": ["USDT"],
        "networks": [],
        "amounts": [{"value": "15000", "asset": "USDT"}],
        "references": ["SD-7K3QX9"],
    }


def test_links_and_emails_are_not_read_for_tickers():
    facts = facts_of("see https://bitcoin.org/en/ and write to eth-support@tron.example.com")
    assert facts.assets == () and facts.networks == ()


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        extract("yesterday", now=datetime(2025, 3, 12, 10, 0))
