"""Private keys: WIF and extended private keys by their checksum, raw keys by what the text calls them.

WIF (``5…``, ``K…``, ``L…``, ``9…``, ``c…``) and ``xprv``-style keys carry a Base58Check
checksum, so a match is certain and no context is needed. Addresses, ``xpub`` keys and Solana
signatures are Base58 too, but their version bytes, lengths or prefixes differ.

A raw 64-hex private key and a transaction hash look exactly alike (and so do a Solana secret key
and a Solana signature): only the words around them tell them apart. They are redacted when the
nearest describing word before them says key (private key, 私钥, ``key:``), or, with no describing
word before, when one follows right after ("… is my private key"). A txid, hash or signature word
that is nearer wins, so a transaction hash is never redacted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import base58

from .prepared import Prepared

_B58 = "1-9A-HJ-NP-Za-km-z"
_BASE58 = re.compile(f"[{_B58}]+")
# Long runs of letters and digits: WIF is 51-52 characters, an extended key 111, a Solana secret
# key 87-88, a hex key 64 (66 with 0x). Only white-space tokens this long are searched.
_LONG_ALNUM = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{50,}(?![0-9A-Za-z])")
_HEX_KEY = re.compile(r"(?:0[xX])?[0-9a-fA-F]{64}")
_MIN_TOKEN = 50

WIF_VERSIONS = (0x80, 0xEF)  # mainnet, testnet
EXTENDED_PRIVATE_PREFIXES = ("xprv", "yprv", "zprv", "tprv", "uprv", "vprv", "Yprv", "Zprv")
_EXTENDED_KEY_BYTES = 78

KEY_WORDS = re.compile(
    r"private[\s_-]*key|priv[\s_-]*key|privkey|secret[\s_-]*key|api[\s_-]*secret|私钥|私鑰|密钥|密鑰|"
    r"\bkey\s*(?:is\s*)?[:=：]|\bkey\s+is\b|\bsecret\s*(?:is\s*)?[:=：]",
    re.IGNORECASE,
)
NOT_KEY_WORDS = re.compile(
    r"tx[\s_-]*id|\btxn?\b|hash|transaction|signature|\bsig\b|\bblock|public|pub[\s_-]*key|"
    r"交易|哈希|签名|簽名|区块|區塊|公钥|公鑰",
    re.IGNORECASE,
)
_KEY_HINTS = ("key", "secret", "私钥", "私鑰", "密钥", "密鑰")  # every KEY_WORDS match contains one
# "not a private key", "不是私钥": the word names what the value is not.
_NEGATED = re.compile(r"(?:\bnot|n't|\bno|不是|并非|並非|而非)\s*(?:a|an|my|the|我的)?\s*$", re.IGNORECASE)
_LOOK_BEFORE = 80  # characters before a hex string searched for what it is called
_LOOK_AFTER = 30  # ... and after it ("<hex> is my private key")


def find_private_keys(prep: Prepared) -> Iterable[tuple[int, int]]:
    # Keys hold no separator, so each lies inside one word of ``spaced``.
    if max(map(len, prep.words), default=0) < _MIN_TOKEN:
        return  # no word is long enough to hold a key: most messages stop here (decided in C)
    long_words = [word for word in prep.words if len(word) >= _MIN_TOKEN]
    text = prep.text
    for word in dict.fromkeys(long_words):
        # A word with fewer than 50 ASCII characters (Chinese prose) cannot hold a key.
        if len(word.encode("ascii", "ignore")) < _MIN_TOKEN:
            continue
        simple = word.isascii() and word.isalnum()  # the common case: the word is the run
        for start in _occurrences(prep.spaced, word):
            if simple:
                runs = [(start, start + len(word))]
            else:
                runs = [run.span() for run in _LONG_ALNUM.finditer(text, start, start + len(word))]
            for run_start, run_end in runs:
                if _is_key(prep, run_start, run_end):
                    yield run_start, run_end


def _occurrences(text: str, token: str) -> Iterable[int]:
    """Where ``token`` stands as a whole white-space token of ``text``."""
    position = text.find(token)
    while position != -1:
        end = position + len(token)
        if (position == 0 or text[position - 1].isspace()) and (end == len(text) or text[end].isspace()):
            yield position
        position = text.find(token, position + 1)


def _is_key(prep: Prepared, start: int, end: int) -> bool:
    value = prep.text[start:end]
    if _HEX_KEY.fullmatch(value):
        return called_a_key(prep.text, start, end, lower=prep.lower)
    if not _BASE58.fullmatch(value):
        return False
    if is_wif(value) or is_extended_private_key(value):
        return True
    # A Solana (ed25519) secret key looks like a Solana signature: only what it is called tells.
    return 86 <= len(value) <= 88 and called_a_key(prep.text, start, end, lower=prep.lower) and _decodes_to(value, 64)


def is_wif(value: str) -> bool:
    if not (len(value) == 51 and value[0] in "59") and not (len(value) == 52 and value[0] in "KLc"):
        return False
    payload = _decode_check(value)
    if payload is None or payload[0] not in WIF_VERSIONS:
        return False
    key = payload[1:]
    return len(key) == 32 or (len(key) == 33 and key[32] == 0x01)


def is_extended_private_key(value: str) -> bool:
    if not value.startswith(EXTENDED_PRIVATE_PREFIXES):
        return False
    payload = _decode_check(value)
    # BIP32: 4 version, 1 depth, 4 fingerprint, 4 child number, 32 chain code, 0x00 + 32 key bytes.
    return payload is not None and len(payload) == _EXTENDED_KEY_BYTES and payload[45] == 0x00


def called_a_key(text: str, start: int, end: int, *, lower: str | None = None) -> bool:
    """Whether the words nearest before (else right after) ``text[start:end]`` call it a private key."""
    lower = text.lower() if lower is None else lower
    window = lower[max(0, start - _LOOK_BEFORE) : end + _LOOK_AFTER]
    if not any(hint in window for hint in _KEY_HINTS):
        return False  # no key word anywhere near: a txid or a hash (the common case, decided in C)
    before = text[max(0, start - _LOOK_BEFORE) : start]
    key = _last(KEY_WORDS, before)
    if key is not None and _NEGATED.search(before, 0, key.start()):
        key = None
    other = _last(NOT_KEY_WORDS, before)
    if key is not None or other is not None:
        if key is None:
            return False
        # "public key:" is not a private key: a describing word right before "key" wins.
        return other is None or (key.start() > other.end() and before[other.end() : key.start()].strip(" _-") != "")
    after = text[end : end + _LOOK_AFTER]
    key_after = KEY_WORDS.search(after)
    if key_after is None:
        return False
    other_after = NOT_KEY_WORDS.search(after)
    return other_after is None or other_after.start() > key_after.start()


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


def _decode_check(value: str) -> bytes | None:
    try:
        return base58.b58decode_check(value)
    except ValueError:
        return None


def _decodes_to(value: str, size: int) -> bool:
    try:
        return len(base58.b58decode(value)) == size
    except ValueError:
        return False
