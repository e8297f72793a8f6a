"""The checksum code against published vectors, so generated test addresses are not self-confirming."""

import hashlib

import pytest

from safety.identifiers import checksums


def test_keccak_is_ethereums_not_sha3():
    # Keccak-256 of the empty string, as every Ethereum client has it; SHA3-256 differs.
    assert checksums.keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert hashlib.sha3_256(b"").hexdigest() != checksums.keccak256(b"").hex()


@pytest.mark.parametrize(
    "address",
    [  # EIP-55's own examples
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ],
)
def test_eip55_examples(address):
    assert checksums.eip55(address.lower()) == address
    assert checksums.evm_checksum_ok(address)
    last_letter = max(i for i, c in enumerate(address) if c.isalpha() and i > 1)
    broken = address[:last_letter] + address[last_letter].swapcase() + address[last_letter + 1 :]
    assert not checksums.evm_checksum_ok(broken)


def test_single_case_evm_addresses_carry_no_checksum():
    assert checksums.evm_checksum_ok("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
    assert checksums.evm_checksum_ok("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")


@pytest.mark.parametrize(
    ("address", "script_pubkey"),
    [  # BIP-350 "valid segwit addresses"
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"),
        (
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
            "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
        ),
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
        ),
        ("BC1SW50QGDZ25J", "6002751e"),
    ],
)
def test_bip350_valid_addresses(address, script_pubkey):
    hrp, version, program = checksums.segwit_decode(address)
    assert program.hex() == script_pubkey[4:]
    assert version == (int(script_pubkey[:2], 16) - 0x50 if script_pubkey[:2] != "00" else 0)
    assert checksums.segwit_encode(hrp, version, program) == address.lower()


@pytest.mark.parametrize(
    "address",
    [  # BIP-350 "invalid segwit addresses"
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",  # Bech32 instead of Bech32m
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",  # Bech32m instead of Bech32
        "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",  # invalid character in checksum
        "bc1pw5dgrnzv",  # program of 1 byte
        "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",  # v0 program of 16 bytes
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",  # mixed case
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",  # non-zero padding
        "bc1gmk9yu",  # empty data
    ],
)
def test_bip350_invalid_addresses(address):
    assert checksums.segwit_decode(address) is None


@pytest.mark.parametrize(
    ("address", "alphabet", "version"),
    [
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", checksums.BITCOIN_ALPHABET, 0x00),  # the genesis block's
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", checksums.BITCOIN_ALPHABET, 0x41),  # USDT's TRON contract
        ("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", checksums.RIPPLE_ALPHABET, 0x00),  # the XRP genesis account
    ],
)
def test_base58check_known_addresses(address, alphabet, version):
    payload = checksums.b58decode_check(address, alphabet=alphabet)
    assert payload is not None and len(payload) == 21 and payload[0] == version
    assert checksums.b58encode_check(payload, alphabet=alphabet) == address
    assert checksums.b58decode_check(address[:-1] + ("z" if address[-1] != "z" else "y"), alphabet=alphabet) is None
