"""Social platforms: their names as people write them, and the link hosts that name an account."""

from __future__ import annotations

import re

# (code, English name). The names are brand names: the same in every language.
PLATFORMS: tuple[tuple[str, str], ...] = (
    ("x", "X (Twitter)"),
    ("telegram", "Telegram"),
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("youtube", "YouTube"),
    ("tiktok", "TikTok"),
    ("discord", "Discord"),
    ("reddit", "Reddit"),
    ("linkedin", "LinkedIn"),
    ("weibo", "Weibo"),
    ("wechat", "WeChat"),
    ("whatsapp", "WhatsApp"),
    ("line", "LINE"),
)
PLATFORM_NAMES = dict(PLATFORMS)

# Words that name a platform in a pasted value ("telegram @x", "@x on X", "推特 @x").
_ALIASES = {
    "x": "x",
    "twitter": "x",
    "tw": "x",
    "推特": "x",
    "telegram": "telegram",
    "tg": "telegram",
    "电报": "telegram",
    "飞机": "telegram",
    "instagram": "instagram",
    "ig": "instagram",
    "insta": "instagram",
    "facebook": "facebook",
    "fb": "facebook",
    "youtube": "youtube",
    "yt": "youtube",
    "tiktok": "tiktok",
    "抖音": "tiktok",
    "discord": "discord",
    "reddit": "reddit",
    "linkedin": "linkedin",
    "weibo": "weibo",
    "微博": "weibo",
    "wechat": "wechat",
    "微信": "wechat",
    "line": "line",
}

# Link hosts (A-label form, without "www."/"m."/"mobile.") → platform.
_LINK_HOSTS = {
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.dog": "telegram",
    "x.com": "x",
    "twitter.com": "x",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "youtube.com": "youtube",
    "tiktok.com": "tiktok",
    "reddit.com": "reddit",
    "linkedin.com": "linkedin",
    "weibo.com": "weibo",
}
WHATSAPP_HOSTS = frozenset({"wa.me", "api.whatsapp.com", "whatsapp.com"})
# Path words that are pages of the platform, not accounts.
_RESERVED = frozenset(
    {"home", "i", "intent", "search", "share", "hashtag", "explore", "settings", "login", "signup", "messages"}
    | {"notifications", "privacy", "tos", "about", "help", "watch", "results", "p", "reel", "reels", "stories"}
)
_ACCOUNT_PREFIXES = {  # path segments that precede the account name
    "youtube": ("c", "user"),
    "reddit": ("user", "u"),
    "linkedin": ("in", "company"),
    "telegram": ("s",),
    "tiktok": (),
}
_NAME = re.compile(r"[\w.\-]{1,64}")


def platform_from_word(word: str) -> str | None:
    return _ALIASES.get(word.strip(" :：()（）[]").casefold())


def _bare(host: str) -> str:
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def link_platform(host: str) -> str | None:
    return _LINK_HOSTS.get(_bare(host))


def is_whatsapp(host: str) -> bool:
    return _bare(host) in WHATSAPP_HOSTS


def account_from_path(platform: str, path: str) -> str | None:
    """The account a platform link names (``t.me/SupportdeskHelp`` → ``SupportdeskHelp``), or None."""
    segments = [s for s in path.split("/") if s]
    if segments and segments[0] in _ACCOUNT_PREFIXES.get(platform, ()):
        segments = segments[1:]
    if not segments:
        return None
    name = segments[0].removeprefix("@")
    if name.casefold() in _RESERVED or not _NAME.fullmatch(name):
        return None
    return name


def is_invite_path(platform: str, path: str) -> bool:
    """``t.me/+AbC…`` and ``t.me/joinchat/…`` open a group by invitation: they name no account."""
    first = next((s for s in path.split("/") if s), "")
    return platform == "telegram" and (first.startswith("+") or first == "joinchat")
