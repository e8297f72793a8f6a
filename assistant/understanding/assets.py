"""Assets (tickers) and networks named in a message, in English and Chinese.

Three kinds of names:
- plain names, always an asset (usdt, 泰达币) or always a network (trc20, 币安智能链);
- ambiguous tickers that are also English words or abbreviations (sol, trx, ton, link, op):
  an asset only when written in capitals or right after a number ("5 sol");
- chain names that are both (bitcoin, ethereum, solana, tron, 以太坊, 波场, and the tickers
  BTC/ETH/SOL/TRX/BNB/TON…), decided in this order: after a number, or in a pair (BTC/USDT), the
  coin; with a network cue ("ethereum network", "ETH 链", "走波场", "on tron"; for a ticker "on ETH"
  only when a token such as USDT rides on it), the network; followed by address/tx/hash/上 ("Solana
  tx", "tron address", "以太坊上"), the network; next to a token ("USDT tron", "波场的USDT"), the
  network the token went on; otherwise the coin (a ticker only if capitalised, as above).
"""

import re
from dataclasses import dataclass

from .text import CJK_CHARS, ascii_lower

# ticker: (unambiguous Latin names, Chinese names)
ASSET_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "BTC": (("btc", "xbt"), ("大饼",)),
    "ETH": (("eth", "ether"), ("以太币", "姨太", "二饼")),
    "USDT": (("usdt", "tether", "usdt0"), ("泰达币", "泰达")),
    "USDC": (("usdc", "usd coin"), ()),
    "BNB": ((), ("币安币",)),
    "TRX": (("tronix",), ("波场币",)),
    "SOL": ((), ()),
    "XRP": (("xrp", "ripple"), ("瑞波币", "瑞波")),
    "DOGE": (("doge", "dogecoin"), ("狗狗币", "狗币")),
    "LTC": (("ltc", "litecoin"), ("莱特币",)),
    "BCH": (("bch", "bitcoin cash"), ("比特币现金",)),
    "ADA": (("cardano",), ("艾达币",)),
    "DOT": (("polkadot",), ("波卡",)),
    "MATIC": (("matic",), ()),
    "POL": ((), ()),
    "AVAX": (("avax",), ("雪崩币",)),
    "TON": (("toncoin",), ()),
    "SHIB": (("shib", "shiba inu"), ("柴犬币",)),
    "DAI": ((), ()),
    "LINK": (("chainlink",), ()),
    "ARB": ((), ()),
    "OP": ((), ()),
    "FDUSD": (("fdusd",), ()),
    "BUSD": (("busd",), ()),
    "PEPE": ((), ()),
    "WBTC": (("wbtc",), ()),
    "ETC": (("ethereum classic",), ("以太经典",)),
    "XLM": (("xlm", "stellar"), ("恒星币",)),
    "ATOM": (("cosmos",), ()),
    "FIL": (("filecoin",), ()),
    "SUI": ((), ()),
    "APT": (("aptos",), ()),
}
# Tickers that are also words or abbreviations: an asset only in capitals or after a number.
AMBIGUOUS_TICKERS = {
    "sol": "SOL",
    "trx": "TRX",
    "ada": "ADA",
    "dot": "DOT",
    "ton": "TON",
    "link": "LINK",
    "arb": "ARB",
    "op": "OP",
    "dai": "DAI",
    "pepe": "PEPE",
    "etc": "ETC",
    "atom": "ATOM",
    "fil": "FIL",
    "sui": "SUI",
    "apt": "APT",
    "pol": "POL",
    "near": "NEAR",
}
# Capitals alone do not make these an asset: OP (original poster), ETC and APT are common in capitals.
NUMBER_ONLY_TICKERS = frozenset({"op", "etc", "apt", "near"})
# Chain names: asset or network depending on the cues around them.
CHAIN_NAMES: dict[str, tuple[str, str]] = {
    "bitcoin": ("BTC", "Bitcoin"),
    "btc": ("BTC", "Bitcoin"),
    "比特币": ("BTC", "Bitcoin"),
    "ethereum": ("ETH", "ERC20"),
    "eth": ("ETH", "ERC20"),
    "以太坊": ("ETH", "ERC20"),
    "以太": ("ETH", "ERC20"),
    "solana": ("SOL", "Solana"),
    "sol": ("SOL", "Solana"),
    "索拉纳": ("SOL", "Solana"),
    "tron": ("TRX", "TRC20"),
    "trx": ("TRX", "TRC20"),
    "波场": ("TRX", "TRC20"),
    "bnb": ("BNB", "BEP20"),
    "ton": ("TON", "TON"),
    "avalanche": ("AVAX", "Avalanche C-Chain"),
    "avax": ("AVAX", "Avalanche C-Chain"),
    "matic": ("MATIC", "Polygon"),
    "xrp": ("XRP", "XRP Ledger"),
    "doge": ("DOGE", "Dogecoin"),
    "ltc": ("LTC", "Litecoin"),
    "litecoin": ("LTC", "Litecoin"),
}
# Tickers among the chain names: "on ETH" is weaker evidence of a network than "on ethereum".
CHAIN_TICKERS = frozenset({"btc", "eth", "sol", "trx", "bnb", "ton", "avax", "matic", "xrp", "doge", "ltc"})
# Names that are a network whatever surrounds them.
NETWORK_NAMES: dict[str, str] = {
    "erc20": "ERC20",
    "erc-20": "ERC20",
    "erc 20": "ERC20",
    "trc20": "TRC20",
    "trc-20": "TRC20",
    "trc 20": "TRC20",
    "bep20": "BEP20",
    "bep-20": "BEP20",
    "bep 20": "BEP20",
    "bep2": "BEP2",
    "bep-2": "BEP2",
    "bsc": "BEP20",
    "bnb smart chain": "BEP20",
    "binance smart chain": "BEP20",
    "bnb chain": "BEP20",
    "arbitrum": "Arbitrum",
    "arbitrum one": "Arbitrum",
    "arb one": "Arbitrum",
    "optimism": "Optimism",
    "op mainnet": "Optimism",
    "polygon": "Polygon",
    "polygon pos": "Polygon",
    "spl": "Solana",
    "lightning": "Lightning",
    "lightning network": "Lightning",
    "c-chain": "Avalanche C-Chain",
    "avax c-chain": "Avalanche C-Chain",
    "avalanche c-chain": "Avalanche C-Chain",
    "avax-c": "Avalanche C-Chain",
    "zksync": "zkSync Era",
    "zksync era": "zkSync Era",
    "linea": "Linea",
    "xrpl": "XRP Ledger",
    "xrp ledger": "XRP Ledger",
    "omni": "Omni",
    "币安智能链": "BEP20",
    "币安链": "BEP20",
    "马蹄链": "Polygon",
    "闪电网络": "Lightning",
    "雪崩链": "Avalanche C-Chain",
    "阿比链": "Arbitrum",
}
# "Base" is an everyday word: a network only in "Base network/chain/mainnet", "on Base", "Base链".
BASE_NETWORK = "Base"
TOKEN_ASSETS = frozenset({"USDT", "USDC", "DAI", "FDUSD", "BUSD", "SHIB", "LINK", "PEPE", "WBTC", "ARB", "OP"})

_AFTER_CUE = re.compile(r"^\s*[-_ ]?\s*(?:network|chain|mainnet|blockchain|链|网络|主网|公链)", re.IGNORECASE)
_BEFORE_CUE = re.compile(r"(?:(?<![a-z])(?:on|via|over|through|thru)\s+(?:the\s+)?|走|用|通过|选了?|选择了?)\s*$")
_WALLET_AFTER = re.compile(r"^\s*(?:wallet|钱包)", re.IGNORECASE)
_ON_CHAIN_AFTER = re.compile(
    r"^\s*(?:address|addr|tx|txid|transaction|hash|signature|explorer|scan|地址|交易|哈希|上(?!周|个|次|午))",
    re.IGNORECASE,
)
# "TRX ID" and "trx hash" are a transaction, not the TRON coin.
_TRX_AS_TRANSACTION = re.compile(r"^\s*(?:id|ids|hash|hashes|no|number|#|号|哈希)(?![a-z])", re.IGNORECASE)
_NUMBER_BEFORE = re.compile(r"(?:\d|[零〇一二两三四五六七八九十百千万亿]|\d[kKwW万千])\s*(?:个|枚|颗)?\s*$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str  # "asset" | "network"
    value: str


def _latin_entries() -> dict[str, tuple[str, str]]:
    """lower-case name → (kind, value); kind "asset", "network", "chain", "ambiguous"."""
    entries: dict[str, tuple[str, str]] = {}
    for ticker, (latin, _zh) in ASSET_NAMES.items():
        for name in latin:
            entries[name] = ("asset", ticker)
    for name, ticker in AMBIGUOUS_TICKERS.items():
        entries[name] = ("ambiguous", ticker)
    for name in CHAIN_NAMES:
        if name.isascii():
            entries[name] = ("chain", name)
    for name, network in NETWORK_NAMES.items():
        if name.isascii():
            entries[name] = ("network", network)
    entries["base"] = ("base", BASE_NETWORK)
    return entries


def _cjk_entries() -> dict[str, tuple[str, str]]:
    entries: dict[str, tuple[str, str]] = {}
    for ticker, (_latin, zh) in ASSET_NAMES.items():
        for name in zh:
            entries[name] = ("asset", ticker)
    for name in CHAIN_NAMES:
        if not name.isascii():
            entries[name] = ("chain", name)
    for name, network in NETWORK_NAMES.items():
        if not name.isascii():
            entries[name] = ("network", network)
    return entries


def _alternation(names: list[str]) -> str:
    # Longest first: "bitcoin cash" before "bitcoin", "以太坊" before "以太".
    return "|".join(re.escape(n).replace(r"\ ", r"[\s_-]?") for n in sorted(names, key=len, reverse=True))


_LATIN = _latin_entries()
_CJK = _cjk_entries()
# Runs on ascii_lower(text): without re.IGNORECASE the engine can skip ahead on the first letters.
_LATIN_RE = re.compile(rf"(?<![A-Za-z])(?:{_alternation(list(_LATIN))})(?![A-Za-z])")
_CJK_RE = re.compile(_alternation(list(_CJK)))
# A lone "U" in Chinese text is USDT ("我的U没到账", "买U"); after a number it is handled with amounts.
_LONE_U = re.compile(r"(?<![A-Za-z0-9.])U(?![A-Za-z0-9]|盘|盾)")
_CJK_CHAR = re.compile(f"[{CJK_CHARS}]")


def _lookup(raw: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    key = re.sub(r"[\s_]+", " ", raw.lower())
    found = table.get(key)
    if found is None:  # "erc_20", "bnb-smart-chain": separators vary
        found = table.get(key.replace("-", " ")) or table.get(key.replace(" ", "-")) or table.get(key.replace(" ", ""))
    return found


def scan(text: str, *, cjk: bool) -> list[Mention]:
    """Every asset and network mention in `text` (identifiers and links already masked), in order."""
    raw: list[tuple[int, int, str, str, str]] = []  # start, end, kind, value, surface
    for m in _LATIN_RE.finditer(ascii_lower(text)):
        entry = _lookup(m.group(), _LATIN)
        if entry:
            raw.append((m.start(), m.end(), entry[0], entry[1], text[m.start() : m.end()]))
    if cjk:
        for m in _CJK_RE.finditer(text):
            entry = _CJK[m.group()]
            raw.append((m.start(), m.end(), entry[0], entry[1], m.group()))
        for m in _LONE_U.finditer(text):
            before, after = text[max(0, m.start() - 3) : m.start()].rstrip(), text[m.end() : m.end() + 3].lstrip()
            if _CJK_CHAR.match(before[-1:]) or _CJK_CHAR.match(after[:1]):
                raw.append((m.start(), m.end(), "asset", "USDT", "U"))
    raw.sort()
    # Only worth counting when a capitalised ambiguous ticker is there to be judged.
    shouting = any(kind in ("ambiguous", "chain") and surface.isupper() for _, _, kind, _, surface in raw) and (
        _mostly_capitals(text)
    )
    mentions: list[Mention] = []
    pending_chains: list[tuple[int, int, str]] = []
    for start, end, kind, value, surface in raw:
        if kind in ("asset", "network"):
            mentions.append(Mention(start, end, kind, value))
        elif kind == "base":
            if _network_cue(text, start, end, strict=True):
                mentions.append(Mention(start, end, "network", BASE_NETWORK))
        elif kind == "ambiguous":
            mention = _ambiguous(text, start, end, value, surface, shouting=shouting)
            if mention:
                mentions.append(mention)
        else:  # chain name: decided once the whole message is read
            pending_chains.append((start, end, value))
    tokens = [m for m in mentions if m.kind == "asset" and m.value in TOKEN_ASSETS]
    for start, end, name in pending_chains:
        mention = _chain(text, start, end, name, tokens=tokens, shouting=shouting)
        if mention:
            mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _chain(text: str, start: int, end: int, name: str, *, tokens: list[Mention], shouting: bool) -> Mention | None:
    key = name.lower()
    asset, network = CHAIN_NAMES[key]
    if _NUMBER_BEFORE.search(text[max(0, start - 12) : start]):
        return Mention(start, end, "asset", asset)
    if text[end : end + 1] == "/" or text[start - 1 : start] == "/":
        return Mention(start, end, "asset", asset)  # a trading pair: BTC/USDT
    is_ticker = key in CHAIN_TICKERS
    # "on ETH" is a network only when a token rides on it ("USDT on ETH"); "5x leverage on ETH" is the coin.
    if _network_cue(text, start, end, after_only=is_ticker and not tokens):
        return Mention(start, end, "network", network)
    # "Solana tx", "tron address", "以太坊上": the chain itself is meant.
    if _ON_CHAIN_AFTER.match(text[end : end + 14]):
        return Mention(start, end, "network", network)
    # A token (USDT…) travels on a chain: "USDT tron", "波场的USDT", "USDT to my tron wallet".
    if tokens and (
        any(t.start - 3 <= end and start <= t.end + 3 for t in tokens) or _WALLET_AFTER.match(text[end : end + 12])
    ):
        return Mention(start, end, "network", network)
    if key in AMBIGUOUS_TICKERS:
        return _ambiguous(text, start, end, asset, text[start:end], shouting=shouting)
    return Mention(start, end, "asset", asset)


def _network_cue(text: str, start: int, end: int, *, strict: bool = False, after_only: bool = False) -> bool:
    after = text[end : end + 12]
    if _AFTER_CUE.match(after):
        return True
    if after_only:
        return False
    before = text[max(0, start - 16) : start].lower()
    if strict:  # "Base": only capitalised after on/via, so "on base" in "database" talk does not count
        return text[start].isupper() and _BEFORE_CUE.search(before) is not None
    return _BEFORE_CUE.search(before) is not None


def _ambiguous(text: str, start: int, end: int, ticker: str, surface: str, *, shouting: bool) -> Mention | None:
    if ticker == "TRX" and _TRX_AS_TRANSACTION.match(text[end : end + 10]):
        return None
    if _NUMBER_BEFORE.search(text[max(0, start - 12) : start]):
        return Mention(start, end, "asset", ticker)
    if surface.lower() in NUMBER_ONLY_TICKERS:
        return None
    if surface.isupper() and not shouting:
        return Mention(start, end, "asset", ticker)
    return None


_UPPER = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = b"abcdefghijklmnopqrstuvwxyz"


def _mostly_capitals(text: str) -> bool:
    # Counted on the ASCII bytes with bytes.translate (C speed); a Python loop over 2,000 characters
    # cost ~2 ms, and str.translate is slow on Chinese text.
    ascii_bytes = text.encode("ascii", "ignore")
    upper = len(ascii_bytes) - len(ascii_bytes.translate(None, _UPPER))
    lower = len(ascii_bytes) - len(ascii_bytes.translate(None, _LOWER))
    return upper + lower >= 20 and upper > 0.7 * (upper + lower)


def collect(mentions: list[Mention]) -> tuple[list[str], list[str]]:
    """(assets, networks) in order of first mention, without repeats."""
    assets: list[str] = []
    networks: list[str] = []
    for m in mentions:
        target = assets if m.kind == "asset" else networks
        if m.value not in target:
            target.append(m.value)
    return assets, networks
