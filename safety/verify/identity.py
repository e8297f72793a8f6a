"""One key per channel, however it was pasted: what a fake-channel report is deduplicated on.

``https://SupportDesk-Help.com/login?x=1``, ``supportdesk-help.com`` and ``hxxps://supportdesk-help[.]com``
are one site; ``+1 (415) 555-0199`` and ``+14155550199`` one number; ``@Fake_Help`` on Telegram one account.
"""

import unicodedata

from .parse import parse
from .types import Kind

MAX_KEY = 255


def channel_key(value: str) -> str:
    """``kind:identity`` of a pasted value; ``raw:...`` when it cannot be read as a channel."""
    text = value.strip().replace("[.]", ".").replace("[@]", "@").replace("hxxp", "http")
    parsed = parse(text)
    if not parsed.problem:
        if parsed.kind == Kind.WEB and parsed.host is not None:
            return _key("web", parsed.host.ascii or parsed.host.raw)
        if parsed.kind == Kind.EMAIL and parsed.host is not None:
            return _key("email", f"{parsed.local.lower()}@{parsed.host.ascii or parsed.host.raw}")
        if parsed.kind == Kind.PHONE and (parsed.phone or parsed.phone_digits):
            return _key("phone", parsed.phone or parsed.phone_digits)
        if parsed.kind == Kind.HANDLE and parsed.handle:
            return _key("handle", f"{parsed.platform}:{parsed.handle.lower()}")
    return _key("raw", unicodedata.normalize("NFKC", text).casefold())


def _key(kind: str, identity: str) -> str:
    return f"{kind}:{identity}"[:MAX_KEY]
