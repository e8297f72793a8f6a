"""Transaction IDs and addresses: every valid value is found exactly, look-alikes are not."""

import hashlib
import string
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.understanding import Address, extract
from safety.identifiers import checksums

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
# Words as people type them (letters, some digits), never 25+ characters of Base58 in a row.
words = st.lists(
    st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=12)
    | st.sampled_from(
        ["my", "deposit", "sent", "to", "address", "is", "wallet", "的", "地址", "充值", "hash", "tx", "pls", "?", "!!"]
    ),
    max_size=8,
)


def facts_of(text):
    return extract(text, now=NOW)


def around(before, value, after):
    return " ".join([*before, value, *after])


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=20, max_size=20), st.sampled_from(["checksummed", "lower", "upper"]), words, words)
def test_every_evm_address_is_extracted_exactly(raw, case, before, after):
    address = checksums.eip55("0x" + raw.hex())
    address = {"checksummed": address, "lower": address.lower(), "upper": "0x" + address[2:].upper()}[case]
    facts = facts_of(around(before, address, after))
    assert facts.addresses == (Address(address, "evm"),)
    assert facts.transaction_ids == ()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([0x00, 0x05]), st.binary(min_size=20, max_size=20), words, words)
def test_every_base58_bitcoin_address_is_extracted_exactly(version, raw, before, after):
    address = checksums.b58encode_check(bytes([version]) + raw)
    assert facts_of(around(before, address, after)).addresses == (Address(address, "bitcoin"),)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["bc", "tb"]),
    st.sampled_from([(0, 20), (0, 32), (1, 32)]),
    st.binary(min_size=32, max_size=32),
    st.booleans(),
    words,
    words,
)
def test_every_segwit_address_is_extracted_exactly(hrp, shape, raw, upper, before, after):
    version, size = shape
    address = checksums.segwit_encode(hrp, version, raw[:size])
    address = address.upper() if upper else address
    assert facts_of(around(before, address, after)).addresses == (Address(address, "bitcoin"),)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=20, max_size=20), words, words)
def test_every_tron_address_is_extracted_exactly(raw, before, after):
    address = checksums.b58encode_check(b"\x41" + raw)
    assert facts_of(around(before, address, after)).addresses == (Address(address, "tron"),)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=20, max_size=20), words, words)
def test_every_xrp_address_is_extracted_exactly(raw, before, after):
    address = checksums.b58encode_check(b"\x00" + raw, alphabet=checksums.RIPPLE_ALPHABET)
    assert facts_of(around(before, address, after)).addresses == (Address(address, "xrp"),)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=32, max_size=32), words)
def test_every_solana_address_is_extracted_exactly_when_solana_is_named(raw, after):
    address = checksums.b58encode(raw)
    facts = facts_of(around(["my", "Solana", "address", "is"], address, after))
    assert facts.addresses == (Address(address, "solana"),)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=32, max_size=32), st.sampled_from(["0x", ""]), st.booleans(), words, words)
def test_every_hex_transaction_id_is_extracted_exactly(raw, prefix, upper, before, after):
    body = hashlib.sha256(raw).hexdigest()
    txid = prefix + (body.upper() if upper else body)
    facts = facts_of(around(before, txid, after))
    assert facts.transaction_ids == (txid,)
    assert facts.addresses == ()


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=64, max_size=64), words, words)
def test_every_solana_signature_is_extracted_exactly(raw, before, after):
    signature = checksums.b58encode(raw)
    facts = facts_of(around(before, signature, after))
    assert facts.transaction_ids == (signature,)
    assert facts.addresses == ()


@settings(max_examples=200, deadline=None)
@given(words)
def test_random_words_are_neither_addresses_nor_transaction_ids(parts):
    facts = facts_of(" ".join(parts))
    assert facts.addresses == () and facts.transaction_ids == () and facts.invalid_addresses == ()


def test_a_bad_eip55_checksum_is_not_an_address_but_is_reported():
    good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    bad = good[:-1] + "D"
    facts = facts_of(f"withdraw to {bad} failed")
    assert facts.addresses == ()
    assert facts.invalid_addresses == (bad,)


def test_base58_strings_with_a_wrong_checksum_are_ignored():
    facts = facts_of("send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb or TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u")
    assert facts.addresses == ()


def test_a_64_hex_value_called_a_private_key_is_not_a_transaction_id():
    key = "5eeb7a3b3fb75914d40bbe8ae9161a4c6b7c016cae0bbf1f7837190134546160"
    assert facts_of(f"here is my private key {key} please help").transaction_ids == ()
    assert facts_of(f"私钥 {key} 给你们").transaction_ids == ()
    assert facts_of(f"txid {key} - that's the hash, not a key").transaction_ids == (key,)


def test_an_explorer_link_yields_its_transaction_id():
    txid = "0x" + "ab" * 32
    assert facts_of(f"see https://etherscan.io/tx/{txid}").transaction_ids == (txid,)


def test_solana_address_without_context_needs_to_look_random():
    address = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"
    assert facts_of(f"sent to {address}").addresses == (Address(address, "solana"),)
    assert facts_of("sent to " + "1" * 32).addresses == ()
    assert facts_of("solana system program " + "1" * 32).addresses == (Address("1" * 32, "solana"),)


def test_an_xpub_is_not_mistaken_for_anything():
    xpub = (
        "xpub6CUGRUonZSQ4TWtTMmzXdrXDtypWKiKrhko4egpiMZbpiaQL2jkwSB1icqYh2cfDfVxdx4df189oLKnC5"
        "fSwqPfgyP3hooxujYzAu3fDVmz"
    )
    facts = facts_of(f"my xpub is {xpub}")
    assert facts.addresses == () and facts.transaction_ids == ()


def test_repeated_values_are_listed_once_in_order():
    a, b = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    facts = facts_of(f"{b} then {a} then {b} again, and {a}")
    assert [x.value for x in facts.addresses] == [b, a]
