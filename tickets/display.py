"""How SLA state reads to a person: shared by the admin, the API and the customer pages."""

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Ticket
from .reference_data import SEEDED_NAMES


@dataclass(frozen=True)
class SlaDisplay:
    css: str  # "ok", "warning", "breached", "paused", "none"
    text: str
    title: str
    seconds_left: int | None
    # For the page's countdown script (tickets/static/tickets/sla-countdown.js), ISO 8601: the
    # deadline and the earliest warning point; "" when the clock is not running.
    due: str = ""
    warn: str = ""


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
        due, warn = ticket.sla_due.isoformat(), _first_warning(ticket)
        if seconds < 0:
            text = formats["overdue"] % {"time": self.humanise(left)}
            return SlaDisplay("breached", text, title, int(seconds), due, warn)
        css = "warning" if warn and datetime.fromisoformat(warn) <= now else "ok"
        return SlaDisplay(css, formats["left"] % {"time": self.humanise(left)}, title, int(seconds), due, warn)

    def countdown_formats(self) -> dict[str, str]:
        """The phrases the countdown script needs, as the server says them (one wording)."""
        return {key: self.formats[key] for key in ("s", "min", "h", "d", "overdue", "left")}


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


def _first_warning(ticket: Ticket) -> str:
    """The earliest warning point of the running clocks, ISO 8601 ("" for none): past it, the
    countdown is amber."""
    points = [datetime.fromisoformat(c["warn_at"]) for c in ticket.sla_clocks.values() if c.get("warn_at")]
    return min(points).isoformat() if points else ""


def reference_name(name) -> str:
    """A seeded SLA policy's or keyword rule's name (``reference_data.SEEDED_NAMES``: "Urgent",
    "Fallback (any ticket)"…) in the reader's language. They are stored once, in English, like
    every other row an admin may rename; a name an admin typed is shown as typed, in whatever
    language they wrote it. ``name`` may be the policy itself, or None."""
    text = "" if name is None else str(getattr(name, "name", name))
    return _(text) if text in SEEDED_NAMES else text
