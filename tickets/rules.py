"""Pure routing rules: which priority, type and tier a new ticket starts with.

A ticket starts from its type's defaults; keyword rules (admin-edited, e.g. "stolen", "被盗")
may raise it to urgent, re-type it as account security and send it to tier 3; a VIP customer
is then raised one priority level. Customers never choose any of this.
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

PRIORITY_ORDER = ("low", "normal", "high", "urgent")
MIN_TIER, MAX_TIER = 1, 3
# An emergency (an account taken over, money leaving it) is urgent and goes straight to the top
# tier, whether it is known when the ticket is filed or told later.
EMERGENCY_PRIORITY, EMERGENCY_TIER = "urgent", MAX_TIER
VIP_TIERS = frozenset({"vip1", "vip2", "vip3"})


@dataclass(frozen=True)
class Routing:
    priority: str
    type_id: int
    tier: int


@dataclass(frozen=True)
class KeywordRule:
    name: str
    keywords: tuple[str, ...]
    priority: str | None = None
    type_id: int | None = None
    tier: int | None = None


def normalise(text: str) -> str:
    """Full-width forms folded (ＵＳＤＴ → USDT), case folded, runs of space collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "").casefold()).strip()


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def keyword_matches(text: str, keyword: str) -> bool:
    """Whole words for Latin script (so "stolen" does not match "stolenwords"), substrings for
    Chinese, which is written without spaces."""
    keyword = normalise(keyword)
    if not keyword:
        return False
    if _has_cjk(keyword):
        return keyword in text
    return re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", text) is not None


def raise_priority(priority: str, steps: int = 1) -> str:
    index = min(PRIORITY_ORDER.index(priority) + steps, len(PRIORITY_ORDER) - 1)
    return PRIORITY_ORDER[index]


def route(*, base: Routing, text: str, rules: list[KeywordRule], customer_tier: str) -> tuple[Routing, list[str]]:
    """Apply every matching rule in order (a later rule never lowers what an earlier one raised),
    then the VIP raise. Returns the routing and the names of the rules that applied."""
    haystack = normalise(text)
    routing, applied = base, []
    for rule in rules:
        if not any(keyword_matches(haystack, k) for k in rule.keywords):
            continue
        applied.append(rule.name)
        if rule.priority and PRIORITY_ORDER.index(rule.priority) > PRIORITY_ORDER.index(routing.priority):
            routing = replace(routing, priority=rule.priority)
        if rule.type_id is not None:
            routing = replace(routing, type_id=rule.type_id)
        if rule.tier is not None and rule.tier > routing.tier:
            routing = replace(routing, tier=rule.tier)
    if customer_tier in VIP_TIERS:
        routing = replace(routing, priority=raise_priority(routing.priority))
    return routing, applied


def next_tier(tier: int, steps: int = 1) -> int:
    """The tier ``steps`` up (down when negative), within 1 to 3: escalation by hand moves one step,
    the sweep one per breached target. Equal to ``tier`` when it is already at the edge."""
    return max(MIN_TIER, min(MAX_TIER, tier + steps))


def reopen_window(days: int) -> timedelta:
    """How long after it was solved a ticket takes the requester's reply (and reopens)."""
    return timedelta(days=max(0, days))


def reopen_until(solved_at: datetime | None, days: int) -> datetime | None:
    """The last moment a reply reopens a ticket solved at ``solved_at``; None if it is not solved."""
    return None if solved_at is None else solved_at + reopen_window(days)
