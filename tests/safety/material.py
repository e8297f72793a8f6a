"""Test material for the secret guard: real-format secrets and real-format things that are not.

Everything is built here from bytes with the formats' own encodings (Base58Check, bech32/bech32m,
EIP-55), so the tests do not depend on a wallet library: WIF and extended keys, txids, addresses of
eight chains, public keys. Hypothesis strategies are at the bottom.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

import base58
from Crypto.Hash import keccak
from hypothesis import strategies as st
from mnemonic import Mnemonic

LANGUAGES = ("english", "chinese_simplified", "chinese_traditional")
ENTROPY_BYTES = (16, 20, 24, 28, 32)  # 128/160/192/224/256 bits -> 12/15/18/21/24 words
MNEMONICS = {language: Mnemonic(language) for language in LANGUAGES}


# --- Base58Check, bech32, EIP-55 -------------------------------------------------------------


def b58check(payload: bytes) -> str:
    return base58.b58encode_check(payload).decode()


_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values: list[int]) -> int:
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def _convert_bits(data: bytes, from_bits: int, to_bits: int) -> list[int]:
    acc = bits = 0
    out = []
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & ((1 << to_bits) - 1))
    if bits:
        out.append((acc << (to_bits - bits)) & ((1 << to_bits) - 1))
    return out


def segwit_address(hrp: str, version: int, program: bytes) -> str:
    """BIP173 (version 0, bech32) and BIP350 (version 1+, bech32m) addresses."""
    data = [version, *_convert_bits(program, 8, 5)]
    constant = 1 if version == 0 else 0x2BC830A3
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = _bech32_polymod([*expanded, *data, 0, 0, 0, 0, 0, 0]) ^ constant
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32_CHARSET[d] for d in data + checksum)


def eip55(address_bytes: bytes) -> str:
    lower = address_bytes.hex()
    digest = keccak.new(digest_bits=256, data=lower.encode()).hexdigest()
    return "0x" + "".join(c.upper() if int(digest[i], 16) >= 8 else c for i, c in enumerate(lower))


# --- secrets ---------------------------------------------------------------------------------

WIF_VERSIONS = {"mainnet": b"\x80", "testnet": b"\xef"}
EXTENDED_VERSIONS = {
    "xprv": "0488ade4",
    "yprv": "049d7878",
    "zprv": "04b2430c",
    "tprv": "04358394",
    "uprv": "044a4e28",
    "vprv": "045f18bc",
    "Yprv": "0295b005",  # multi-signature P2WSH-in-P2SH (SLIP-132)
    "Zprv": "02aa7a99",  # multi-signature P2WSH
    "xpub": "0488b21e",
    "ypub": "049d7cb2",
    "zpub": "04b24746",
    "tpub": "043587cf",
}


def wif(key: bytes, *, compressed: bool, network: str = "mainnet") -> str:
    return b58check(WIF_VERSIONS[network] + key + (b"\x01" if compressed else b""))


def extended_key(prefix: str, chain_code: bytes, key: bytes, depth: int = 0, child: int = 0) -> str:
    """BIP32 serialisation: private keys get 0x00 + 32 bytes, public keys a 33-byte point."""
    body = key if len(key) == 33 else b"\x00" + key
    payload = (
        bytes.fromhex(EXTENDED_VERSIONS[prefix])
        + bytes([depth])
        + (b"\x00" * 4 if depth == 0 else hashlib.sha256(chain_code).digest()[:4])
        + child.to_bytes(4, "big")
        + chain_code
        + body
    )
    return b58check(payload)


# --- things that are not secrets ----------------------------------------------------------------


def not_secret_formats(seed: bytes) -> dict[str, str]:
    """One of each public format, derived from 32 seed bytes (deterministic)."""
    h20 = hashlib.sha256(b"20" + seed).digest()[:20]
    h32 = hashlib.sha256(b"32" + seed).digest()
    h64 = hashlib.sha512(b"64" + seed).digest()
    point = bytes([2 + seed[0] % 2]) + hashlib.sha256(b"pt" + seed).digest()
    return {
        "evm_checksummed": eip55(h20),
        "evm_lowercase": "0x" + h20.hex(),
        "txid_bare_hex": h32.hex(),
        "txid_0x": "0x" + hashlib.sha256(b"tx" + seed).hexdigest(),
        "txid_upper_hex": hashlib.sha256(b"xrp" + seed).hexdigest().upper(),  # XRP/TRON style hashes
        "btc_p2pkh": b58check(b"\x00" + h20),
        "btc_p2sh": b58check(b"\x05" + h20),
        "btc_p2wpkh": segwit_address("bc", 0, h20),
        "btc_p2tr": segwit_address("bc", 1, h32),
        "tron": b58check(b"\x41" + h20),
        "solana_address": base58.b58encode(h32).decode(),
        "solana_signature": base58.b58encode(h64).decode(),
        "xrp_address": base58.b58encode_check(b"\x00" + h20, alphabet=base58.XRP_ALPHABET).decode(),
        "xpub": extended_key("xpub", h32, point),
        "zpub": extended_key("zpub", h32, point, depth=3, child=0x80000000),
        "public_key_hex": point.hex(),
        "xonly_public_key": h32.hex(),
    }


# --- seed phrases -------------------------------------------------------------------------------


def phrase_words(language: str, entropy: bytes) -> list[str]:
    return MNEMONICS[language].to_mnemonic(entropy).split("\u3000" if language == "japanese" else " ")


@dataclass(frozen=True)
class Placed:
    """A text and where each phrase word stands in it."""

    text: str
    word_spans: tuple[tuple[int, int], ...]
    around: str = ""  # the text before and after the phrase


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int]] = []

    def add(self, text: str, *, word: bool = False) -> None:
        if word:
            self.spans.append((self.length, self.length + len(text)))
        self.parts.append(text)
        self.length += len(text)

    def build(self) -> Placed:
        return Placed("".join(self.parts), tuple(self.spans))


def _cased(word: str, case: str) -> str:
    return {"lower": word, "title": word.capitalize(), "upper": word.upper()}[case]


LAYOUTS = (
    "spaces",
    "commas",
    "newlines",
    "numbered_dot",
    "numbered_paren",
    "numbered_hash",
    "numbered_colon",
    "fullwidth_spaces",
    "tabs_and_pipes",
    "solid",  # Chinese only: no separator at all
)


def lay_out(words: list[str], layout: str, case: str = "lower") -> Placed:
    builder = _Builder()
    for i, word in enumerate(words, start=1):
        if i > 1 or layout.startswith("numbered"):
            builder.add(
                {
                    "spaces": " ",
                    "commas": ", ",
                    "newlines": "\n",
                    "numbered_dot": f"{' ' if i > 1 else ''}{i}. ",
                    "numbered_paren": f"{chr(10) if i > 1 else ''}{i}) ",
                    "numbered_hash": f"{' ' if i > 1 else ''}#{i} ",
                    "numbered_colon": f"{chr(10) if i > 1 else ''}{i}: ",
                    "fullwidth_spaces": "\u3000",
                    "tabs_and_pipes": " | " if i % 2 else "\t",
                    "solid": "",
                }[layout]
            )
        builder.add(_cased(word, case), word=True)
    return builder.build()


EN_BEFORE = ("", "Hi, my wallet recovery words are: ", "Please check this:\n", "I typed ", "seed phrase = ")
EN_AFTER = ("", ". Can you help me?", "\nThanks", " - is my wallet safe?", "!!")
ZH_BEFORE = ("", "我的助记词是", "助记词：", "请帮我看看，我的钱包助记词如下：\n", "seed phrase: ")
ZH_AFTER = ("", "，请帮我看看", "。谢谢！", "\n是不是被盗了？", " 谢谢")


def embed(placed: Placed, before: str, after: str) -> Placed:
    shift = len(before)
    spans = tuple((s + shift, e + shift) for s, e in placed.word_spans)
    return Placed(before + placed.text + after, spans, around=f"{before} {after}")


# --- hypothesis strategies ---------------------------------------------------------------------


@st.composite
def entropies(draw) -> bytes:
    """Entropy as a wallet draws it: uniformly random bytes. Hypothesis's ``binary()`` favours zero
    bytes, i.e. phrases of the list's first word over and over ("的的的的的…"), which no wallet makes
    and which solid Chinese rightly reads as prose."""
    size = draw(st.sampled_from(ENTROPY_BYTES))
    return random.Random(draw(st.integers(min_value=0, max_value=2**64))).randbytes(size)


@st.composite
def pasted_phrases(draw) -> tuple[str, Placed]:
    """(language, text with the phrase in it) in any layout people paste."""
    language = draw(st.sampled_from(LANGUAGES))
    words = phrase_words(language, draw(entropies()))
    if language == "english":
        layout = draw(st.sampled_from([name for name in LAYOUTS if name != "solid"]))
        placed = lay_out(words, layout, draw(st.sampled_from(("lower", "title", "upper"))))
        return language, embed(placed, draw(st.sampled_from(EN_BEFORE)), draw(st.sampled_from(EN_AFTER)))
    layout = draw(st.sampled_from(LAYOUTS))
    placed = lay_out(words, layout)
    before = draw(st.sampled_from(ZH_BEFORE[1:] if layout == "solid" else ZH_BEFORE))
    return language, embed(placed, before, draw(st.sampled_from(ZH_AFTER)))


private_keys_32 = st.binary(min_size=32, max_size=32).filter(lambda key: any(key))


@st.composite
def wifs(draw) -> str:
    return wif(
        draw(private_keys_32),
        compressed=draw(st.booleans()),
        network=draw(st.sampled_from(tuple(WIF_VERSIONS))),
    )


@st.composite
def extended_private_keys(draw) -> str:
    prefix = draw(st.sampled_from(("xprv", "yprv", "zprv", "tprv", "uprv", "vprv", "Yprv", "Zprv")))
    return extended_key(
        prefix,
        draw(st.binary(min_size=32, max_size=32)),
        draw(private_keys_32),
        depth=draw(st.integers(0, 5)),
        child=draw(st.integers(0, 2**32 - 1)),
    )
