"""How SLA state reads to a person: shared by the admin, the API and the customer pages."""

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Ticket


@dataclass(frozen=True)
class SlaDisplay:
    css: str  # "ok", "warning", "breached", "paused", "none"
    text: str
    title: str
    seconds_left: int | None


class SlaPhrases:
    """The countdown's words in one language, looked up once: the queue writes two per row, and a
    catalogue lookup (with the active language read from a context-local) cost more than the
    formatting. Catalogues do not change at run time, so each language's phrases are kept."""

    def __init__(self, language: str | None = None) -> None:
        self.formats = _formats(language or get_language())

    def humanise(self, delta: timedelta) -> str:
        formats, seconds = self.formats, int(abs(delta.total_seconds()))
        if seconds < 60:
            return formats["s"] % {"n": seconds}
        if seconds < 3600:
            return formats["min"] % {"n": seconds // 60}
        if seconds < 86400:
            return formats["h"] % {"h": seconds // 3600, "m": seconds % 3600 // 60}
        return formats["d"] % {"d": seconds // 86400, "h": seconds % 86400 // 3600}

    def sla(self, ticket: Ticket, *, now: datetime) -> SlaDisplay:
        """The nearest running deadline as "12 min left", amber past its warning point, red when
        overdue. ``ticket`` needs only ``sla_due``, ``sla_paused_at`` and ``sla_clocks``."""
        formats = self.formats
        if ticket.sla_paused_at:
            return SlaDisplay("paused", formats["paused"], formats["paused_title"], None)
        if ticket.sla_due is None:
            return SlaDisplay("none", "—", "", None)
        left = ticket.sla_due - now
        seconds = left.total_seconds()
        title = ticket.sla_due.strftime("%Y-%m-%d %H:%M UTC")
        if seconds < 0:
            return SlaDisplay("breached", formats["overdue"] % {"time": self.humanise(left)}, title, int(seconds))
        css = "warning" if _warning_point_passed(ticket, now=now) else "ok"
        return SlaDisplay(css, formats["left"] % {"time": self.humanise(left)}, title, int(seconds))


@functools.lru_cache(maxsize=16)
def _formats(language: str | None) -> dict[str, str]:
    with translation.override(language):
        return {
            "s": _("%(n)d s"),
            "min": _("%(n)d min"),
            "h": _("%(h)d h %(m)02d min"),
            "d": _("%(d)d d %(h)d h"),
            "paused": _("paused"),
            "paused_title": _("Waiting on the customer or a third party"),
            "overdue": _("overdue %(time)s"),
            "left": _("%(time)s left"),
        }


def humanise(delta: timedelta) -> str:
    return SlaPhrases().humanise(delta)


def sla_display(ticket: Ticket, *, now: datetime) -> SlaDisplay:
    return SlaPhrases().sla(ticket, now=now)


def _warning_point_passed(ticket: Ticket, *, now: datetime) -> bool:
    for clock in ticket.sla_clocks.values():
        warn_at = clock.get("warn_at")
        if warn_at and datetime.fromisoformat(warn_at) <= now:
            return True
    return False
