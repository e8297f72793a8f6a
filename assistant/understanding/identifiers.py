"""Transaction IDs and addresses: shape first, then the checksum, so a look-alike string is not an address.

Order matters and each match is masked before the next pass reads the text: 64-hex hashes, then
``0x`` EVM addresses, then Bech32, then every Base58 token (Bitcoin, TRON, XRP, then Solana).
"""

import re
from dataclasses import dataclass, field

from . import checksums
from .facts import Address

_EDGE_L = r"(?<![0-9A-Za-z])"
_EDGE_R = r"(?![0-9A-Za-z])"
_HEX64 = re.compile(_EDGE_L + r"(?:0[xX])?[0-9a-fA-F]{64}" + _EDGE_R)
_EVM = re.compile(_EDGE_L + r"0[xX][0-9a-fA-F]{40}" + _EDGE_R)
_BECH32 = re.compile(_EDGE_L + r"(?:bc|tb|BC|TB)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}" + _EDGE_R)
_BASE58 = re.compile(_EDGE_L + r"[1-9A-HJ-NP-Za-km-z]{25,88}" + _EDGE_R)

# A 64-hex string or a 64-byte Base58 string may be a private key, not a hash: when the nearest
# word around it names a key, it is not extracted (the secret guard redacts it before storage).
_KEY_WORDS = re.compile(
    r"private\s*key|priv\s*key|privkey|secret|(?<![a-z])key(?![a-z])|私钥|密钥|秘钥|助记词|seed", re.IGNORECASE
)
_TX_WORDS = re.compile(
    r"(?<![a-z])(?:tx|txid|txn|txhash|hash|transaction|signature|sig)(?![a-z])|交易|哈希|记录|凭证|签名", re.IGNORECASE
)
_SOLANA_CONTEXT = re.compile(r"solana|(?<![a-z])(?:sol|spl|phantom)(?![a-z])|索拉纳", re.IGNORECASE)

_BITCOIN_VERSIONS = {0x00, 0x05, 0x6F, 0xC4}  # P2PKH, P2SH; testnet P2PKH, P2SH
_TRON_VERSION = 0x41
_XRP_VERSION = 0x00
_BEFORE, _AFTER = 60, 30


@dataclass
class IdentifierScan:
    transaction_ids: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    invalid_addresses: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)


def said_to_be_a_key(text: str, start: int, end: int) -> bool:
    """True when a key word is nearer to the value than any transaction word (both sides looked at)."""
    before, after = text[max(0, start - _BEFORE) : start], text[end : end + _AFTER]
    key_distance = _nearest(_KEY_WORDS, before, after)
    if key_distance is None:
        return False
    tx_distance = _nearest(_TX_WORDS, before, after)
    return tx_distance is None or key_distance < tx_distance


def _nearest(pattern: re.Pattern[str], before: str, after: str) -> int | None:
    # "that's the hash, not a key": a negated key word says the opposite, so it does not count.
    distances = [len(before) - m.end() for m in pattern.finditer(before) if not _negated(before, m.start())]
    distances += [m.start() for m in pattern.finditer(after) if not _negated(after, m.start())]
    return min(distances) if distances else None


_NEGATION = re.compile(
    r"(?:not|n't|no|never|不是|并非|非|不)\s*(?:a|an|the|my|我的)?\s*(?:private\s*|priv\s*)?$", re.IGNORECASE
)


def _negated(text: str, start: int) -> bool:
    return _NEGATION.search(text[max(0, start - 14) : start]) is not None


def _looks_random(token: str) -> bool:
    """Real Base58 keys mix digits, capitals and small letters; long words and names do not."""
    return any(c.isdigit() for c in token) and any(c.isupper() for c in token) and any(c.islower() for c in token)


def _base58_chain(token: str, *, solana_context: bool) -> str | None:
    length = len(token)
    if length <= 35 and token[0] in "123mn":
        payload = checksums.b58decode_check(token)
        if payload is not None and len(payload) == 21 and payload[0] in _BITCOIN_VERSIONS:
            return "bitcoin"
    if length == 34 and token[0] == "T":
        payload = checksums.b58decode_check(token)
        if payload is not None and len(payload) == 21 and payload[0] == _TRON_VERSION:
            return "tron"
    if length <= 35 and token[0] == "r":
        payload = checksums.b58decode_check(token, alphabet=checksums.RIPPLE_ALPHABET)
        if payload is not None and len(payload) == 21 and payload[0] == _XRP_VERSION:
            return "xrp"
    if 32 <= length <= 44 and (solana_context or _looks_random(token)):
        raw = checksums.b58decode(token)
        if raw is not None and len(raw) == 32:
            return "solana"
    return None


def _is_solana_signature(token: str) -> bool:
    # 64 bytes: 86–88 characters for real signatures, fewer only with leading zero bytes.
    if len(token) < 64:
        return False
    raw = checksums.b58decode(token)
    return raw is not None and len(raw) == 64


def _hex_key(value: str) -> str:
    return value.lower()


def scan(text: str) -> IdentifierScan:
    """Find transaction IDs and addresses in folded text; report the spans they occupy."""
    found = IdentifierScan()
    seen: set[str] = set()

    def claim(match: re.Match[str]) -> None:
        found.spans.append(match.span())

    for m in _HEX64.finditer(text):
        claim(m)
        if said_to_be_a_key(text, m.start(), m.end()):
            continue
        key = _hex_key(m.group())
        if key not in seen:
            seen.add(key)
            found.transaction_ids.append(m.group())
    for m in _EVM.finditer(text):
        if _overlaps(m.span(), found.spans):
            continue
        claim(m)
        value = m.group()
        key = _hex_key(value)
        if key in seen:
            continue
        seen.add(key)
        if checksums.evm_checksum_ok(value):
            found.addresses.append(Address(value=value, chain="evm"))
        else:
            found.invalid_addresses.append(value)
    for m in _BECH32.finditer(text):
        if _overlaps(m.span(), found.spans):
            continue
        decoded = checksums.segwit_decode(m.group())
        if decoded is None or decoded[0] not in ("bc", "tb"):
            continue
        claim(m)
        key = m.group().lower()
        if key not in seen:
            seen.add(key)
            found.addresses.append(Address(value=m.group(), chain="bitcoin"))
    solana_context: bool | None = None
    for m in _BASE58.finditer(text):
        if _overlaps(m.span(), found.spans):
            continue
        token = m.group()
        if _is_solana_signature(token):
            claim(m)
            if not said_to_be_a_key(text, m.start(), m.end()) and token not in seen:
                seen.add(token)
                found.transaction_ids.append(token)
            continue
        if len(token) > 44:
            continue
        if solana_context is None:
            solana_context = _SOLANA_CONTEXT.search(text) is not None
        chain = _base58_chain(token, solana_context=solana_context)
        if chain is None:
            continue
        claim(m)
        if token not in seen:
            seen.add(token)
            found.addresses.append(Address(value=token, chain=chain))
    return found


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)
