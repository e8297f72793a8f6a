"""How SLA state reads to a person: shared by the admin, the API and the customer pages."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from .models import Ticket


@dataclass(frozen=True)
class SlaDisplay:
    css: str  # "ok", "warning", "breached", "paused", "none"
    text: str
    title: str
    seconds_left: int | None


def humanise(delta: timedelta) -> str:
    seconds = int(abs(delta.total_seconds()))
    if seconds < 60:
        return _("%(n)d s") % {"n": seconds}
    if seconds < 3600:
        return _("%(n)d min") % {"n": seconds // 60}
    if seconds < 86400:
        return _("%(h)d h %(m)02d min") % {"h": seconds // 3600, "m": seconds % 3600 // 60}
    return _("%(d)d d %(h)d h") % {"d": seconds // 86400, "h": seconds % 86400 // 3600}


def sla_display(ticket: Ticket, *, now: datetime) -> SlaDisplay:
    """The nearest running deadline as "12 min left", amber past its warning point, red when overdue."""
    if ticket.sla_paused_at:
        return SlaDisplay("paused", _("paused"), _("Waiting on the customer or a third party"), None)
    if ticket.sla_due is None:
        return SlaDisplay("none", "—", "", None)
    left = ticket.sla_due - now
    title = ticket.sla_due.strftime("%Y-%m-%d %H:%M UTC")
    if left.total_seconds() < 0:
        return SlaDisplay(
            "breached", _("overdue %(time)s") % {"time": humanise(left)}, title, int(left.total_seconds())
        )
    warned = _warning_point_passed(ticket, now=now)
    return SlaDisplay(
        "warning" if warned else "ok", _("%(time)s left") % {"time": humanise(left)}, title, int(left.total_seconds())
    )


def _warning_point_passed(ticket: Ticket, *, now: datetime) -> bool:
    for clock in ticket.sla_clocks.values():
        warn_at = clock.get("warn_at")
        if warn_at and datetime.fromisoformat(warn_at) <= now:
            return True
    return False


def event_change_text(before, after) -> str:
    """A timeline event's change in one line: "status: new → open · reason: …"."""
    before, after = before or {}, after or {}
    parts = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if isinstance(old, list) or isinstance(new, list):
            old, new = ", ".join(map(str, old or [])), ", ".join(map(str, new or []))
        if key in before and key in after:
            parts.append(f"{key}: {old} → {new}")
        else:
            parts.append(f"{key}: {new if key in after else old}")
    return " · ".join(parts)
