"""Defanging: show a reported link or address so that nothing turns it back into a link by accident.

``https://x.io`` → ``hxxps://x[.]io``; dots between name parts → ``[.]``; ``@`` in links and e-mail
addresses → ``[@]``. Phone numbers and bare account names (``@name``) stay as they are.
"""

from __future__ import annotations

import re

from .parse import parse
from .types import Kind

_SCHEME = re.compile(r"\b(h)tt(ps?)(?=:)", re.IGNORECASE)
_FTP = re.compile(r"\bftp(?=:)", re.IGNORECASE)
# A dot between two name characters (any script); also the ideographic and full-width dots browsers accept.
_DOT = re.compile(r"(?<=[\w-])[.。．｡](?=[\w-])")
# An "@" inside a word (user@host, official.com@evil.io), not the one that starts an account name.
_AT = re.compile(r"(?<=\S)@")


def defang(value: str) -> str:
    text = value.strip()
    parsed = parse(text)
    if parsed.kind == Kind.PHONE and not parsed.via:
        return text
    if parsed.kind == Kind.HANDLE and not re.search(r"[./:]", text):
        return text  # "@SupportdeskHelp", "telegram @x": nothing clickable
    text = _SCHEME.sub(lambda m: f"hxx{m.group(2).lower()}", text)
    text = _FTP.sub("fxp", text)
    text = _DOT.sub(lambda m: f"[{m.group()}]", text)  # keep an ideographic "。" visible as written
    return _AT.sub("[@]", text)
