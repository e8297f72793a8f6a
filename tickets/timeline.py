"""A timeline event's change as an agent reads it, in the page's language.

Events store machine values (``{"status": "new"}`` → ``{"status": "open"}``, a team's slug, an ISO
deadline); the ticket page shows "Status: New → Open · Team: Specialists · Due: 2026-11-24 09:30
UTC". A key this module does not know is shown as stored rather than hidden.
"""

from datetime import UTC, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import refdata
from .display import reference_name
from .models import Channel, Message, Priority, Status, Tier

LABELS = {
    "status": gettext_lazy("Status"),
    "priority": gettext_lazy("Priority"),
    "tier": gettext_lazy("Tier"),
    "team": gettext_lazy("Team"),
    "type": gettext_lazy("Type"),
    "assignee": gettext_lazy("Assignee"),
    "reason": gettext_lazy("Reason"),
    "tags": gettext_lazy("Tags"),
    "rating": gettext_lazy("Rating"),
    "count": gettext_lazy("Screenshots"),
    "screenshots": gettext_lazy("Screenshots"),
    "channel": gettext_lazy("Channel"),
    "emergency": gettext_lazy("Emergency"),
    "policy": gettext_lazy("SLA policy"),
    "first_response_due": gettext_lazy("First response due"),
    "next_response_due": gettext_lazy("Next response due"),
    "resolution_due": gettext_lazy("Resolution due"),
    "paused": gettext_lazy("Clock paused"),
    "target": gettext_lazy("Target"),
    "due": gettext_lazy("Due"),
    "rules": gettext_lazy("Rules"),
    "from": gettext_lazy("Merged from"),
    "into": gettext_lazy("Merged into"),
    "messages": gettext_lazy("Messages moved"),
    "role": gettext_lazy("By"),
}
HIDDEN = frozenset({"message"})  # a message's id: the thread above shows the message itself
CHOICES = {"status": Status, "priority": Priority, "tier": Tier, "channel": Channel, "role": Message.AuthorRole}
TARGETS = {
    "first_response": gettext_lazy("first response"),
    "next_response": gettext_lazy("next response"),
    "resolution": gettext_lazy("resolution"),
}
REASONS = {"sla_breach": gettext_lazy("SLA breached"), "first_reply": gettext_lazy("first reply")}
NOTHING = "—"


def event_change_text(before: dict | None, after: dict | None, *, people: dict[str, str] | None = None) -> str:
    """The change in one line: "Status: New → Open · Reason: …". ``people``: display names by
    username (events record an assignee's username; a name no longer known is shown as stored)."""
    before, after, people = before or {}, after or {}, people or {}
    parts = []
    for key in dict.fromkeys([*before, *after]):
        if key in HIDDEN:
            continue
        label = str(LABELS.get(key, key))
        if key in before and key in after:
            parts.append(f"{label}: {_value(key, before[key], people)} → {_value(key, after[key], people)}")
        else:
            parts.append(f"{label}: {_value(key, after[key] if key in after else before[key], people)}")
    return " · ".join(parts)


def _value(key: str, value, people: dict[str, str]) -> str:
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_value(key, item, people) for item in value)
    if key == "assignee":
        return people.get(value, str(value))
    if key == "policy":
        return reference_name(value)
    if key in CHOICES:
        return str(dict(CHOICES[key].choices).get(value, value))
    if key == "team":
        return next((team.name for team in refdata.get().teams if team.slug == value), str(value))
    if key == "target":
        return str(TARGETS.get(value, value))
    if key == "reason":
        return str(REASONS.get(value, value))
    if key == "due" or key.endswith("_due"):
        return _deadline(value)
    return str(value)


def _deadline(value) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
