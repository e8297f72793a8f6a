"""The checksums that tell a real address from a look-alike string: EIP-55, Base58Check, Bech32/Bech32m.

Keccak-256 comes from pycryptodome (``hashlib.sha3_256`` is the final SHA-3, whose padding differs from
the Keccak that Ethereum uses, so it gives other digests). Base58 comes from the ``base58`` package,
which also knows Ripple's alphabet. Bech32/Bech32m is the short reference algorithm of BIP-173/BIP-350,
written out here because the packaged ``bech32`` predates Bech32m (taproot, ``bc1p…``); the tests
check it against the BIPs' own test vectors.
"""

from enum import Enum

import base58
from Crypto.Hash import keccak

BITCOIN_ALPHABET = base58.BITCOIN_ALPHABET.decode()
RIPPLE_ALPHABET = base58.RIPPLE_ALPHABET.decode()


def keccak256(data: bytes) -> bytes:
    return keccak.new(digest_bits=256, data=data).digest()


def eip55(address: str) -> str:
    """The EIP-55 checksummed spelling of a ``0x`` + 40 hex address (any case in)."""
    body = address[2:].lower()
    digest = keccak256(body.encode("ascii")).hex()
    return "0x" + "".join(ch.upper() if int(digest[i], 16) >= 8 else ch for i, ch in enumerate(body))


def evm_checksum_ok(address: str) -> bool:
    """All-lower and all-upper spellings carry no checksum and are accepted; mixed case must match EIP-55."""
    body = address[2:]
    if body == body.lower() or body == body.upper():
        return True
    return eip55(address) == address


def b58decode(value: str, *, alphabet: str = BITCOIN_ALPHABET) -> bytes | None:
    try:
        return base58.b58decode(value, alphabet=alphabet.encode())
    except ValueError:
        return None


def b58decode_check(value: str, *, alphabet: str = BITCOIN_ALPHABET) -> bytes | None:
    """The payload (version byte included) when the 4-byte double-SHA-256 checksum holds, else None."""
    try:
        return base58.b58decode_check(value, alphabet=alphabet.encode())
    except ValueError:
        return None


def b58encode_check(payload: bytes, *, alphabet: str = BITCOIN_ALPHABET) -> str:
    return base58.b58encode_check(payload, alphabet=alphabet.encode()).decode()


def b58encode(payload: bytes, *, alphabet: str = BITCOIN_ALPHABET) -> str:
    return base58.b58encode(payload, alphabet=alphabet.encode()).decode()


# --- Bech32 / Bech32m (BIP-173, BIP-350) ---------------------------------------------------------

BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32M_CONST = 0x2BC830A3
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


class Bech32Variant(Enum):
    BECH32 = 1
    BECH32M = 2


def _polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            if (top >> i) & 1:
                chk ^= _GENERATOR[i]
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def _convertbits(data: list[int] | bytes, frombits: int, tobits: int, *, pad: bool) -> list[int] | None:
    acc = bits = 0
    out: list[int] = []
    maxv = (1 << tobits) - 1
    max_acc = (1 << (frombits + tobits - 1)) - 1
    for value in data:
        if value < 0 or value >> frombits:
            return None
        acc = ((acc << frombits) | value) & max_acc
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if pad:
        if bits:
            out.append((acc << (tobits - bits)) & maxv)
    elif bits >= frombits or ((acc << (tobits - bits)) & maxv):
        return None
    return out


def bech32_decode(value: str) -> tuple[str, list[int], Bech32Variant] | None:
    """(hrp, 5-bit data without checksum, variant), or None. Mixed case is invalid by the BIP."""
    if any(ord(x) < 33 or ord(x) > 126 for x in value) or (value.lower() != value and value.upper() != value):
        return None
    value = value.lower()
    pos = value.rfind("1")
    if pos < 1 or pos + 7 > len(value) or len(value) > 90:
        return None
    if any(x not in BECH32_CHARSET for x in value[pos + 1 :]):
        return None
    hrp, data = value[:pos], [BECH32_CHARSET.find(x) for x in value[pos + 1 :]]
    const = _polymod(_hrp_expand(hrp) + data)
    if const == 1:
        variant = Bech32Variant.BECH32
    elif const == _BECH32M_CONST:
        variant = Bech32Variant.BECH32M
    else:
        return None
    return hrp, data[:-6], variant


def segwit_decode(value: str) -> tuple[str, int, bytes] | None:
    """(hrp, witness version, program) of a valid segwit address, or None."""
    decoded = bech32_decode(value)
    if decoded is None:
        return None
    hrp, data, variant = decoded
    if not data:
        return None
    program = _convertbits(data[1:], 5, 8, pad=False)
    version = data[0]
    if program is None or not 2 <= len(program) <= 40 or version > 16:
        return None
    if version == 0 and len(program) not in (20, 32):
        return None
    # BIP-350: version 0 keeps Bech32, every later version must use Bech32m.
    if (version == 0) != (variant is Bech32Variant.BECH32):
        return None
    return hrp, version, bytes(program)


def segwit_encode(hrp: str, version: int, program: bytes) -> str:
    variant = Bech32Variant.BECH32 if version == 0 else Bech32Variant.BECH32M
    data = [version, *(_convertbits(program, 8, 5, pad=True) or [])]
    const = 1 if variant is Bech32Variant.BECH32 else _BECH32M_CONST
    polymod = _polymod([*_hrp_expand(hrp), *data, 0, 0, 0, 0, 0, 0]) ^ const
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32_CHARSET[d] for d in data + checksum)
