"""Private keys are redacted (WIF and extended keys by checksum, raw hex when called a key);
transaction ids, addresses and public keys never are."""

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety.guard import redact, scan
from tests.safety.material import (
    extended_key,
    extended_private_keys,
    not_secret_formats,
    wif,
    wifs,
)

SETTINGS = settings(max_examples=200, deadline=None)
KEY = hashlib.sha256(b"test key").digest()
HEX_KEY = KEY.hex()
TXID = hashlib.sha256(b"some transaction").hexdigest()

KEY_SENTENCES = (
    "{}",
    "my key: {}",
    "Here it is {} thanks",
    "私钥是{}，请帮我看看",
    "wallet import\n{}\n",
    "(WIF {})",
)
FORMAT_SENTENCES = (
    "{}",
    "The hash is {}",
    "tx hash: {}",
    "Withdrawal address {} , network ERC20, amount 1,250.50 USDT",
    "I sent 0.5 BTC to address {} on 2024-05-01 13:45 (order 1029384756, ticket SD-7K3QX9)",
    "交易哈希：{}，地址 {}",
    "TxID {}\nFrom {}\nphone +86 138 0013 8000",
    "My xpub / address is {} is that right?",
)


@SETTINGS
@given(wifs(), st.sampled_from(KEY_SENTENCES))
def test_every_wif_is_redacted(key, sentence):
    text = sentence.format(key)
    result = scan(text)
    assert result.kinds == ("private_key",)
    assert key not in result.text
    assert result.text == sentence.format("[redacted: private_key]")


@SETTINGS
@given(extended_private_keys(), st.sampled_from(KEY_SENTENCES))
def test_every_extended_private_key_is_redacted(key, sentence):
    assert key[:4] in ("xprv", "yprv", "zprv", "tprv", "uprv", "vprv", "Yprv", "Zprv")
    result = scan(sentence.format(key))
    assert result.kinds == ("private_key",)
    assert result.text == sentence.format("[redacted: private_key]")


@SETTINGS
@given(st.binary(min_size=32, max_size=32), st.sampled_from(FORMAT_SENTENCES))
def test_txids_addresses_and_public_keys_are_left_byte_identical(seed, sentence):
    for name, value in not_secret_formats(seed).items():
        text = sentence.format(value, value)
        assert scan(text).findings == (), (name, text)
        assert redact(text) == text


def test_at_least_eight_formats_are_generated():
    formats = not_secret_formats(b"\x01" * 32)
    assert len(formats) >= 8
    assert formats["btc_p2pkh"].startswith("1") and formats["btc_p2sh"].startswith("3")
    assert formats["btc_p2wpkh"].startswith("bc1q") and formats["btc_p2tr"].startswith("bc1p")
    assert formats["tron"].startswith("T") and formats["xrp_address"].startswith("r")
    assert formats["xpub"].startswith("xpub") and formats["zpub"].startswith("zpub")
    assert formats["evm_checksummed"] != formats["evm_lowercase"]
    assert formats["evm_checksummed"].lower() == formats["evm_lowercase"]


def test_xrp_address_with_destination_tag_is_left_alone():
    address = not_secret_formats(b"\x02" * 32)["xrp_address"]
    for text in (f"{address} tag 104522", f"{address}?dt=104522", f"地址 {address} 标签(Tag)：104522"):
        assert redact(text) == text


@pytest.mark.parametrize(
    "text",
    [
        f"private key: {HEX_KEY}",
        f"My private key is 0x{HEX_KEY}",
        f"privkey={HEX_KEY}",
        f"secret key {HEX_KEY.upper()}",
        f"我的私钥 {HEX_KEY}",
        f"密钥：0x{HEX_KEY}",
        f"key: {HEX_KEY}",
        f"key = {HEX_KEY}",
        f"{HEX_KEY} is my private key",
        f"{HEX_KEY}\n这是我的私钥",
        f"the API secret {HEX_KEY} stopped working",
        f"secret: {HEX_KEY}",
    ],
)
def test_hex_called_a_key_is_redacted(text):
    result = scan(text)
    assert result.kinds == ("private_key",)
    assert HEX_KEY not in result.text.lower()


@pytest.mark.parametrize(
    "text",
    [
        TXID,
        f"0x{TXID}",
        f"txid: {TXID}",
        f"TxID {TXID}",
        f"transaction hash 0x{TXID}",
        f"交易哈希：{TXID}",
        f"hash {TXID}, the private key is safe",
        f"My private key is fine, the txid is {TXID}",
        f"私钥没有泄露，交易哈希是 {TXID}",
        f"public key: {TXID}",
        f"{TXID} is the transaction hash, not my private key",
        f"the signature 0x{TXID}",
        f"这是我的交易哈希，不是私钥吧？{TXID} 充值还没到账",
        f"It is not my private key, it is {TXID}",
        f"this is not a private key: {TXID}",
    ],
)
def test_hex_called_a_transaction_or_nothing_is_left_alone(text):
    assert redact(text) == text


def test_key_and_txid_in_one_message():
    text = f"private key: {HEX_KEY}\ntxid: {TXID}"
    assert redact(text) == f"private key: [redacted: private_key]\ntxid: {TXID}"


def test_solana_secret_key_only_when_called_a_key():
    import base58

    secret = base58.b58encode(hashlib.sha512(b"sol").digest()).decode()
    assert redact(f"my private key: {secret}") == "my private key: [redacted: private_key]"
    assert redact(f"signature {secret}") == f"signature {secret}"
    assert redact(secret) == secret


def test_wif_with_broken_checksum_is_left_alone():
    good = wif(KEY, compressed=True)
    bad = good[:-1] + ("2" if good[-1] != "2" else "3")
    assert redact(bad) == bad


def test_extended_public_keys_are_never_redacted():
    point = b"\x02" + KEY
    for prefix in ("xpub", "ypub", "zpub", "tpub"):
        value = extended_key(prefix, KEY, point)
        assert redact(f"my {prefix}: {value}") == f"my {prefix}: {value}"
