"""The queue sidebar: each section's query-string parameter, its labels and choices, and which
``selectors.QueueFilters`` field a chosen value sets. What a filter means is the selector's
(``tickets.selectors.queue``); this module only offers and reads the choices.

The parameter names are those the Django admin's own filters used, so links and bookmarks keep
working. A value that is not one of a section's choices is ignored: a hand-edited URL never answers
with an error.
"""

from collections.abc import Callable, Iterable

from django.utils.translation import gettext_lazy as _

from supportdesk.languages import Language
from supportdesk.text import has_control_characters
from tickets import refdata
from tickets.models import Channel, Priority, Status, Tag, Tier

from . import sidebar_choices
from .ids import parse_id


def clean_value(raw: str | None) -> str | None:
    """A query-string value worth looking at: present, short, and without control characters
    (PostgreSQL refuses NUL in a string, and no choice contains one)."""
    if not raw or len(raw) > 200 or has_control_characters(raw):
        return None
    return raw


class QueueFilter:
    """One sidebar section: ``param`` in the query string, the ``choices`` offered and the
    ``QueueFilters`` fields a chosen value sets."""

    param: str
    title: str

    fixed_choices: tuple = ()  # (value, label) for filters whose choices never change

    def choices(self, request) -> list[tuple[str, str]]:
        return [(str(value), label) for value, label in self.fixed_choices]

    def accepts(self, value: str) -> bool:
        """Whether ``value`` is worth applying; answered without a query."""
        return any(value == str(choice) for choice, _label in self.fixed_choices)

    def to_filters(self, value: str) -> dict:
        raise NotImplementedError


class ReadyViewFilter(QueueFilter):
    """Saved views, as Zendesk and Zammad have them; also shown as tabs above the queue."""

    param, title = "view", _("view")
    fixed_choices = (
        ("mine", _("My open tickets")),
        ("unassigned", _("Unassigned in my teams")),
        ("breaching", _("Breaching soon")),
        ("escalated", _("Escalated")),
        ("waiting", _("Waiting on customer")),
    )

    def to_filters(self, value):
        return {"view": value}


class SlaStateFilter(QueueFilter):
    param, title = "sla", _("SLA")
    fixed_choices = (
        ("overdue", _("Overdue now")),
        ("hour", _("Due within the hour")),
        ("breached", _("Breached at some point")),
        ("paused", _("Clock paused")),
    )
    FIELDS = {
        "overdue": {"overdue": True},
        "hour": {"due_within_hour": True},
        "breached": {"breached": True},
        "paused": {"paused": True},
    }

    def to_filters(self, value):
        return self.FIELDS[value]


class FieldFilter(QueueFilter):
    """A field of the ticket with fixed choices (status, priority, tier, language, channel)."""

    def __init__(self, field: str, title, choices, convert=str) -> None:
        self.field, self.param, self.title, self.fixed_choices = field, f"{field}__exact", title, tuple(choices)
        self.convert = convert

    def to_filters(self, value):
        return {self.field: self.convert(value)}


class RelatedFilter(QueueFilter):
    """A ticket's type or team, named in the page's language; the rows come from the per-process
    reference data (``tickets.refdata``), not a query per page."""

    def __init__(self, field: str, title, rows: Callable[[], Iterable]) -> None:
        self.field, self.param, self.title, self.rows = field, f"{field}__id__exact", title, rows

    def choices(self, request):
        return [(str(row.pk), row.name) for row in self.rows()]

    def accepts(self, value):
        return parse_id(value) is not None

    def to_filters(self, value):
        return {f"{self.field}_id": parse_id(value)}


class AssigneeFilter(QueueFilter):
    """By assignee, with "me" and "unassigned" first; lists staff only (not every customer)."""

    param, title = "assignee", _("assignee")

    def choices(self, request):
        return [("me", _("Me")), ("none", _("Unassigned")), *sidebar_choices.snapshot.get().staff]

    def accepts(self, value):
        # Someone who has left the desk is no longer listed, but their tickets can still be found.
        return value in ("me", "none") or parse_id(value) is not None

    def to_filters(self, value):
        return {"assignee": value if value in ("me", "none") else parse_id(value)}


class TagFilter(QueueFilter):
    param, title = "tag", _("tag")

    def choices(self, request):
        return [(name, name) for name in sidebar_choices.snapshot.get().tags]

    def accepts(self, value):
        return len(value) <= Tag._meta.get_field("name").max_length

    def to_filters(self, value):
        return {"tag": value}


# The sidebar's order: what an agent narrows by most often first.
QUEUE_FILTERS: tuple[QueueFilter, ...] = (
    ReadyViewFilter(),
    SlaStateFilter(),
    FieldFilter("status", _("status"), Status.choices),
    FieldFilter("priority", _("priority"), Priority.choices),
    RelatedFilter("type", _("type"), lambda: refdata.get().types_by_id.values()),
    RelatedFilter("team", _("team"), lambda: refdata.get().teams),
    FieldFilter("tier", _("tier"), Tier.choices, convert=int),
    AssigneeFilter(),
    TagFilter(),
    FieldFilter("language", _("language"), Language.choices),
    FieldFilter("channel", _("channel"), Channel.choices),
)
