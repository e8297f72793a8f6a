"""Host names: IDNA 2008 with UTS #46 mapping (the ``idna`` package), and the registrable domain from
the public suffix list bundled with ``tldextract``.

Python's own ``"idna"`` codec is IDNA 2003 (it maps ``ß`` to ``ss`` and accepts symbols browsers refuse);
it is never used here. ``tldextract`` is built with no suffix-list URLs and no cache directory, so it reads
the snapshot inside the package and never touches the network or the disk.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import idna
import tldextract

from . import text

MAX_HOST_LENGTH = 253
_IPV4_PART = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)")
_PLAIN_ASCII_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+")
_LOOSE_ASCII_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)+")


@cache
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@dataclass(frozen=True, slots=True)
class Host:
    raw: str  # as written, NFC, lower-cased, without a trailing dot
    ascii: str  # the A-label form (punycode) that DNS sees; "" when the name is not valid
    unicode: str  # the U-label form a person reads (falls back to ``raw`` when not valid)
    valid: bool
    is_ip: bool
    mapped: bool  # UTS 46 changed more than letter case: full-width letters, ideographic dots ...
    punycode: bool  # written as xn--
    invisible: tuple[str, ...]
    subdomain: str
    domain: str  # the registrable label: "supportdesk" in help.supportdesk.com.cn
    suffix: str  # the public suffix: "com.cn"

    @property
    def registrable(self) -> str:
        """The site a browser really visits: ``evil.io`` for ``supportdesk.com.evil.io``."""
        return f"{self.domain}.{self.suffix}" if self.domain and self.suffix else self.unicode

    @property
    def labels_before_suffix(self) -> str:
        return f"{self.subdomain}.{self.domain}".strip(".")

    def is_within(self, official: str) -> bool:
        """This host is ``official`` or one of its subdomains (A-label comparison)."""
        return bool(self.ascii) and (self.ascii == official or self.ascii.endswith("." + official))


def _is_ip(name: str) -> bool:
    parts = name.split(".")
    return name.startswith("[") or (0 < len(parts) <= 4 and all(_IPV4_PART.fullmatch(p) for p in parts))


def parse_host(written: str) -> Host:
    """A host as a browser would read it. Never raises: an invalid name comes back with ``valid=False``."""
    raw = unicodedata.normalize("NFC", written).lower().rstrip(".")
    invisible = tuple(text.invisible_chars(raw))
    punycode = any(label.startswith("xn--") for label in raw.split("."))
    if _is_ip(raw):
        return Host(raw, raw, raw, True, True, False, False, invisible, "", "", "")
    ascii_name = unicode_name = ""
    valid = 0 < len(raw) <= MAX_HOST_LENGTH
    if valid and not punycode and _PLAIN_ASCII_HOST.fullmatch(raw):
        ascii_name = unicode_name = raw  # the common case: nothing for IDNA to map or check
    elif valid:
        try:
            ascii_name = idna.encode(raw, uts46=True, transitional=False).decode("ascii").rstrip(".")
            if punycode:
                unicode_name = idna.decode(ascii_name)
            else:  # what encode() checked, before punycode: decoding it again would only repeat the checks
                unicode_name = idna.uts46_remap(raw, std3_rules=False, transitional=False).rstrip(".")
        except (idna.IDNAError, UnicodeError, ValueError):
            # Underscores and the like: browsers still open such ASCII names; anything else is not a host.
            if _LOOSE_ASCII_HOST.fullmatch(raw):
                ascii_name = unicode_name = raw
            else:
                valid = False
    shown = unicode_name or raw
    mapped = valid and not punycode and unicode_name != raw
    parts = _extractor()(shown) if "." in shown else None
    return Host(
        raw=raw,
        ascii=ascii_name,
        unicode=shown,
        valid=valid and "." in shown and all(shown.split(".")),
        is_ip=False,
        mapped=mapped,
        punycode=punycode,
        invisible=invisible,
        subdomain=parts.subdomain if parts else "",
        domain=parts.domain if parts else shown,
        suffix=parts.suffix if parts else "",
    )
