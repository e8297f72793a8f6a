"""Suggest a ticket type from free text (the assistant, the e-mail channel): pure, no database.

Each type has a table of phrases with weights (3 = says the type on its own, 2 = strong hint,
1 = weak hint); the type with the largest sum wins. Latin phrases match whole words after light
stemming (a trailing "s" dropped: "withdrawals" = "withdrawal"); Chinese phrases match as
substrings, as in `rules.keyword_matches`. Urgency is not decided here: that stays with the
keyword rules of `rules.route()`.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .rules import normalise

TYPE_SLUGS = ("deposit_withdrawal", "trading", "account_security", "account_access", "verification", "api", "other")
# On a tie the earlier type wins: security first, because missing it costs the most.
_TIE_ORDER = ("account_security", "deposit_withdrawal", "account_access", "verification", "api", "trading", "other")

PHRASES: dict[str, dict[str, int]] = {
    "deposit_withdrawal": {
        "deposit": 3, "deposited": 3, "depositing": 3, "withdraw": 3, "withdrawal": 3, "withdrew": 3,
        "withdrawing": 3, "withdrawn": 2, "not credited": 3, "not arrived": 3, "hasn't arrived": 3,
        "haven't received": 2, "not received": 2, "didn't arrive": 3, "never arrived": 3, "not showing": 2,
        "still pending": 2, "pending": 1, "stuck": 1, "wrong network": 3, "wrong chain": 3, "memo": 3, "tag": 1,
        "destination tag": 3, "txid": 2, "tx hash": 2, "transaction id": 2, "transaction hash": 2, "hash": 1,
        "confirmation": 1, "credited": 2, "top up": 2, "topped up": 2, "transfer": 1, "transferred": 1, "sent": 1,
        "send": 1, "address": 1, "network": 1, "blockchain": 1, "explorer": 2, "etherscan": 2, "tronscan": 2,
        "on chain": 2, "onchain": 2, "receive": 1, "received": 1, "arrive": 2, "arrived": 2, "cash out": 2,
        "payout": 1, "erc20": 1, "trc20": 1, "bep20": 1,
        "充值": 3, "提现": 3, "提币": 3, "到账": 3, "充币": 3, "入金": 3, "出金": 3, "转错": 3, "充错": 3,
        "链上": 2, "备注": 2, "标签": 2, "区块确认": 2, "确认数": 2, "交易哈希": 2, "哈希": 2,
        "转账": 1, "地址": 1, "网络": 1, "没收到": 2, "未收到": 2, "审核中": 1, "提不出": 3, "提不了": 3,
        "区块浏览器": 2, "充了": 3, "提了": 2, "转了": 1, "打到": 1,
    },
    "trading": {
        "trade": 2, "trading": 2, "order": 2, "limit order": 3, "market order": 3, "stop loss": 3, "stop-loss": 3,
        "filled": 3, "not filled": 3, "partially filled": 3, "fee": 2, "trading fee": 3, "maker": 2, "taker": 2,
        "spot": 2, "future": 2, "perpetual": 2, "margin": 2, "leverage": 3, "liquidation": 3, "liquidated": 3,
        "position": 2, "p2p": 2, "convert": 2, "swap": 1, "buy": 1, "bought": 1, "sell": 1, "sold": 1,
        "slippage": 3, "funding rate": 3, "price": 1, "chart": 2, "candle": 2, "pnl": 3, "profit": 1, "loss": 1,
        "cancel": 1, "cancelled": 1, "canceled": 1, "open order": 3, "copy trading": 3, "seller": 2, "buyer": 2,
        "merchant": 2, "release": 1,
        "下单": 3, "订单": 2, "挂单": 3, "成交": 3, "未成交": 3, "手续费": 2, "合约": 3, "杠杆": 3, "爆仓": 3,
        "强平": 3, "现货": 3, "止损": 3, "限价": 3, "市价": 3, "买入": 2, "卖出": 2, "闪兑": 3, "滑点": 3,
        "仓位": 3, "平仓": 3, "开仓": 3, "资金费率": 3, "委托": 2, "撤单": 3, "交易对": 3, "k线": 3, "盈亏": 3,
        "c2c": 2, "想买": 2, "怎么买": 2, "购买": 2,
        "放币": 3, "卖家": 2, "买家": 2, "商家": 2, "兑换": 2, "跟单": 3, "价格": 1, "买了": 1, "卖了": 1,
    },
    "account_security": {
        "hacked": 5, "hacker": 4, "hack": 2, "steal": 3, "wasn't me": 4, "really your": 3, "is that you": 3,
        "is this you": 3, "someone changed": 5, "somebody changed": 5,
        "never approved": 4, "didn't approve": 4,
        "safe": 1, "xpub": 2, "stolen": 5, "stole": 4, "unauthorized": 5, "unauthorised": 5,
        "compromised": 5, "suspicious": 3, "someone logged": 5, "someone else": 2, "not me": 3, "phishing": 4,
        "scam": 3, "scammed": 5, "scammer": 4, "fake": 3, "impersonating": 4, "pretending": 3, "drained": 5,
        "freeze my account": 4, "lock my account": 4, "takeover": 5, "taken over": 5, "sim swap": 5,
        "anti-phishing": 4, "anti phishing": 4, "whitelist": 2, "official": 2, "legit": 3, "telegram": 2,
        "whatsapp": 2, "security": 2, "private key": 3, "seed phrase": 3, "recovery phrase": 3, "malware": 4,
        "virus": 3, "really you": 3, "from you": 2, "didn't make": 3, "did not make": 3, "didn't authorize": 5,
        "didn't authorise": 5, "gone": 1, "disappeared": 2, "unknown device": 4, "new device": 2,
        "被盗": 5, "盗号": 5, "被黑": 5, "黑客": 4, "异地登录": 5, "陌生登录": 5, "冻结账户": 3, "冻结我的账户": 4,
        "钓鱼": 4, "被骗": 5, "诈骗": 4, "骗子": 4, "可疑": 3, "不是我操作": 5, "不是本人操作": 5, "未经授权": 5,
        "未授权": 5, "资产被转走": 5, "被转走": 5, "安全": 2, "冒充": 4, "假客服": 5, "自称": 3, "官方": 2,
        "防钓鱼码": 4, "白名单": 2, "私钥": 3, "助记词": 3, "被盗号": 5, "没有操作": 3, "没操作": 3, "有人登录": 5,
        "不是我本人操作": 5, "被人盗": 5, "是你们的": 3, "你们的人": 3, "非本人操作": 5, "被人登录": 5, "被人登": 5,
        "陌生设备": 4, "没有授权": 5, "没授权": 5,
        "不见了": 2, "没了": 1, "官网": 2, "网址": 1, "电报": 2, "病毒": 3,
    },
    "account_access": {
        "login": 3, "log in": 3, "logged out": 2, "sign in": 3, "signin": 3, "can't log": 3, "cannot log": 3,
        "password": 3, "reset password": 3, "forgot password": 3, "forgot my password": 3, "2fa": 3,
        "google authenticator": 3, "authenticator": 3, "verification code": 3, "sms code": 3, "email code": 3,
        "otp": 3, "code": 1, "locked": 3, "locked out": 3, "restricted": 2, "account locked": 3, "frozen": 2,
        "unlock": 3,
        "change email": 3, "change my email": 3, "change the email": 3, "change phone": 3, "change my phone": 3,
        "change the phone": 3, "new phone": 2,
        "lost phone": 3, "lost my phone": 3, "phone number": 2, "register": 2, "registration": 3, "sign up": 3,
        "signup": 3, "create account": 3, "create an account": 3, "disabled": 2, "captcha": 3, "passkey": 3,
        "yubikey": 3, "security key": 2, "email address": 2, "access my account": 3, "get into my account": 3,
        "登录": 3, "登陆": 3, "密码": 3, "忘记密码": 3, "重置密码": 3, "验证码": 3, "谷歌验证": 3, "谷歌验证器": 3,
        "二次验证": 3, "双重验证": 3, "身份验证器": 3, "收不到": 2, "手机号": 2, "换手机": 3, "换了手机": 3,
        "邮箱": 2, "账户锁定": 3, "锁定": 2, "冻结": 2, "解冻": 3, "注册": 3, "进不去": 3, "登不上": 3,
        "无法登录": 3, "短信": 1, "解绑": 3, "绑定": 2, "改邮箱": 3, "换邮箱": 3, "手机丢了": 3, "账号被锁": 3,
    },
    "verification": {
        "kyc": 4, "identity verification": 4, "verify my identity": 4, "verification": 2, "verified": 2,
        "id card": 3, "passport": 3, "selfie": 3, "face verification": 4, "face": 1, "liveness": 3,
        "proof of address": 4, "verification level": 4, "document": 2, "driver's license": 3,
        "driving licence": 3, "identity": 2, "verify": 1, "rejected": 1, "under review": 1, "utility bill": 3,
        "实名认证": 4, "身份认证": 4, "实名": 3, "身份证": 3, "护照": 3, "人脸识别": 4, "人脸": 3, "自拍": 3,
        "认证失败": 4, "高级认证": 4, "地址证明": 4, "认证": 2, "审核": 1, "驾照": 3, "真人认证": 4, "证件": 3,
    },
    "api": {
        "api": 4, "api key": 4, "rate limit": 4, "websocket": 4, "endpoint": 4, "429": 3, "signature": 2,
        "invalid signature": 4, "timestamp": 2, "rest api": 4, "sdk": 3, "ip whitelist": 3, "recvwindow": 4,
        "error code": 2, "-1021": 3, "webhook": 3, "bot": 1, "python": 2, "http": 1, "json": 3, "request": 1,
        "接口": 4, "签名": 2, "限频": 4, "频率限制": 4, "量化": 3, "量化机器人": 2, "密钥": 3, "报错": 1,
    },
    "other": {
        "feature request": 3, "suggestion": 3, "partnership": 3, "listing": 3, "list your": 2, "complaint": 2,
        "feedback": 2, "career": 3, "job": 2, "affiliate": 3, "referral": 3, "airdrop": 2, "tax": 2,
        "statement": 2, "invoice": 2, "delete my account": 3, "close my account": 3, "marketing": 2,
        "投诉": 2, "建议": 3, "合作": 3, "上币": 3, "招聘": 3, "返佣": 3, "邀请": 2, "空投": 2, "注销": 3, "发票": 2,
        "对账单": 2, "税": 2,
    },
}  # fmt: skip


@dataclass(frozen=True)
class TypeSuggestion:
    slug: str
    confidence: float  # 0..1: the winner's share of all the weight found (0.3 when nothing matched)
    scores: dict[str, int]


_TOKEN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_CJK_CHAR = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _split_tables() -> tuple[dict[str, list[tuple[tuple[str, ...], str, int]]], list[tuple[str, int, str]]]:
    """Latin phrases indexed by their first (stemmed) word; Chinese phrases as a list of substrings."""
    latin: dict[str, list[tuple[tuple[str, ...], str, int]]] = {}
    cjk: list[tuple[str, int, str]] = []
    for slug, phrases in PHRASES.items():
        for phrase, weight in phrases.items():
            if phrase.isascii():
                words = tuple(_stem(w) for w in _TOKEN.findall(phrase.lower()))
                latin.setdefault(words[0], []).append((words, slug, weight))
            else:
                cjk.append((phrase.lower(), weight, slug))
    return latin, cjk


_LATIN, _CJK = _split_tables()


_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


@lru_cache(maxsize=32)
def _normalise(text: str) -> str:
    """rules.normalise, cheaper: a full NFKC pass over 2,000 Chinese characters costs ~1 ms, and
    Chinese text is usually not NFKC only because of full-width punctuation (，！？). Those map to
    ASCII directly; NFKC runs only if anything else is left (same result: NFKC is idempotent).
    Cached: the assistant and the e-mail channel may ask about one text twice in a turn."""
    text = text or ""
    if not unicodedata.is_normalized("NFKC", text):
        text = _FULL_WIDTH.sub(lambda m: " " if m.group() == "\u3000" else chr(ord(m.group()) - 0xFEE0), text)
        if not unicodedata.is_normalized("NFKC", text):
            return normalise(text)
    return re.sub(r"\s+", " ", text.casefold()).strip()


def score(text: str) -> dict[str, int]:
    """The weight each type gets from the text; each phrase counts once, however often it is said."""
    return _score(_normalise(text))


def _score(haystack: str) -> dict[str, int]:
    scores = dict.fromkeys(TYPE_SLUGS, 0)
    words = [_stem(w) for w in _TOKEN.findall(haystack)]
    found: set[tuple[tuple[str, ...], str]] = set()
    for i, word in enumerate(words):
        for phrase, slug, weight in _LATIN.get(word, ()):
            if (phrase, slug) not in found and tuple(words[i : i + len(phrase)]) == phrase:
                found.add((phrase, slug))
                scores[slug] += weight
    if _CJK_CHAR.search(haystack):
        for phrase, weight, slug in _CJK:
            if phrase in haystack:
                scores[slug] += weight
    return scores


# Weight 5 marks theft or takeover: it decides account_security on its own, whatever else the message
# is about ("someone logged in and withdrew 5 BTC" is not a withdrawal question), unless negated.
DECISIVE = 5
_NEGATION = r"(?:not|n't|never|no|without|没有|没|不是|并未|并没有)\s*(?:[a-z']+\s+){0,2}"


def _decisive_table() -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str]]:
    phrases = {p: w for p, w in PHRASES["account_security"].items() if w >= DECISIVE}
    alternation = lambda ps: "|".join(re.escape(p) for p in sorted(ps, key=len, reverse=True))  # noqa: E731
    latin = re.compile(rf"(?<![a-z0-9])(?:{alternation(p for p in phrases if p.isascii())})(?![a-z0-9])")
    cjk = re.compile(alternation(p for p in phrases if not p.isascii()))
    return phrases, latin, cjk


_DECISIVE_WEIGHTS, _DECISIVE_LATIN, _DECISIVE_CJK = _decisive_table()
_NEGATED_LATIN = re.compile(_NEGATION + "$")
_NEGATED_CJK = re.compile(r"(?:没有|没|不是|并未|并没有)$")


def _decisive_phrases(haystack: str) -> tuple[bool, int]:
    """(a theft phrase is said, total weight of the theft phrases that are only negated: "not hacked")."""
    said: set[str] = set()
    negated: set[str] = set()
    for pattern, negation, reach in ((_DECISIVE_LATIN, _NEGATED_LATIN, 24), (_DECISIVE_CJK, _NEGATED_CJK, 3)):
        for m in pattern.finditer(haystack):
            is_negated = negation.search(haystack[max(0, m.start() - reach) : m.start()]) is not None
            (negated if is_negated else said).add(m.group())
    return bool(said), sum(_DECISIVE_WEIGHTS[p] for p in negated - said)


def suggest_type(text: str) -> TypeSuggestion:
    """The most likely ticket type slug for the text, with a confidence and the per-type scores."""
    haystack = _normalise(text)
    scores = _score(haystack)
    if scores["account_security"] >= DECISIVE:
        said, negated_weight = _decisive_phrases(haystack)
        if said:
            total = sum(scores.values())
            return TypeSuggestion("account_security", round(max(0.6, scores["account_security"] / total), 3), scores)
        scores["account_security"] -= negated_weight
    total = sum(scores.values())
    if total == 0:
        return TypeSuggestion("other", 0.3, scores)
    best = max(_TIE_ORDER, key=lambda slug: (scores[slug], -_TIE_ORDER.index(slug)))
    return TypeSuggestion(best, round(scores[best] / total, 3), scores)
