"""The queue's filters: ready views, SLA state, the ticket's own fields, assignee and tag.

Each filter reads one query-string parameter (the names the Django admin's own filters used, so
links and bookmarks keep working), offers its choices to the sidebar and narrows the queryset.
A value that is not one of its choices is ignored: a hand-edited URL never answers with an error.
"""

from collections.abc import Callable, Iterable
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supportdesk.languages import Language
from supportdesk.text import has_control_characters
from tickets import refdata, roles
from tickets.models import ACTIVE_STATUSES, Channel, Priority, Status, Tag, Tier

from . import sidebar_choices
from .ids import parse_id

BREACHING_SOON = timedelta(hours=1)


def clean_value(raw: str | None) -> str | None:
    """A query-string value worth looking at: present, short, and without control characters
    (PostgreSQL refuses NUL in a string, and no choice contains one)."""
    if not raw or len(raw) > 200 or has_control_characters(raw):
        return None
    return raw


class QueueFilter:
    """One sidebar section: ``param`` in the query string, the ``choices`` offered and how a
    chosen value narrows the queue."""

    param: str
    title: str

    fixed_choices: tuple = ()  # (value, label) for filters whose choices never change

    def choices(self, request) -> list[tuple[str, str]]:
        return [(str(value), label) for value, label in self.fixed_choices]

    def accepts(self, value: str) -> bool:
        """Whether ``value`` is worth applying; answered without a query."""
        return any(value == str(choice) for choice, _label in self.fixed_choices)

    def apply(self, queryset: QuerySet, value: str, request) -> QuerySet:
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

    def apply(self, queryset, value, request):
        user, now = request.user, timezone.now()
        active = Q(status__in=ACTIVE_STATUSES)
        if value == "mine":
            return queryset.filter(active, assignee=user)
        if value == "unassigned":
            mine = Q(team_id__in=roles.team_ids(user)) | Q(team__isnull=True)
            if roles.is_supervisor(user) and not roles.team_ids(user):
                mine = Q()
            return queryset.filter(active, mine, assignee__isnull=True)
        if value == "breaching":
            return queryset.filter(active, sla_due__gte=now, sla_due__lt=now + BREACHING_SOON)
        if value == "escalated":
            return queryset.filter(active, tier__gt=Tier.FRONT_LINE)
        return queryset.filter(status=Status.PENDING)  # "waiting"


class SlaStateFilter(QueueFilter):
    param, title = "sla", _("SLA")
    fixed_choices = (
        ("overdue", _("Overdue now")),
        ("hour", _("Due within the hour")),
        ("breached", _("Breached at some point")),
        ("paused", _("Clock paused")),
    )

    def apply(self, queryset, value, request):
        now = timezone.now()
        if value == "overdue":
            return queryset.filter(sla_due__lt=now)
        if value == "hour":
            return queryset.filter(sla_due__gte=now, sla_due__lt=now + BREACHING_SOON)
        if value == "breached":
            return queryset.filter(sla_breached_at__isnull=False)
        return queryset.filter(sla_paused_at__isnull=False)  # "paused"


class FieldFilter(QueueFilter):
    """A field of the ticket with fixed choices (status, priority, tier, language, channel)."""

    def __init__(self, field: str, title, choices) -> None:
        self.field, self.param, self.title, self.fixed_choices = field, f"{field}__exact", title, tuple(choices)

    def apply(self, queryset, value, request):
        return queryset.filter(**{self.field: value})


class RelatedFilter(QueueFilter):
    """A ticket's type or team, named in the page's language; the rows come from the per-process
    reference data (``tickets.refdata``), not a query per page."""

    def __init__(self, field: str, title, rows: Callable[[], Iterable]) -> None:
        self.field, self.param, self.title, self.rows = field, f"{field}__id__exact", title, rows

    def choices(self, request):
        return [(str(row.pk), row.name) for row in self.rows()]

    def accepts(self, value):
        return parse_id(value) is not None

    def apply(self, queryset, value, request):
        return queryset.filter(**{f"{self.field}_id": parse_id(value)})


class AssigneeFilter(QueueFilter):
    """By assignee, with "me" and "unassigned" first; lists staff only (not every customer)."""

    param, title = "assignee", _("assignee")

    def choices(self, request):
        return [("me", _("Me")), ("none", _("Unassigned")), *sidebar_choices.snapshot.get().staff]

    def accepts(self, value):
        # Someone who has left the desk is no longer listed, but their tickets can still be found.
        return value in ("me", "none") or parse_id(value) is not None

    def apply(self, queryset, value, request):
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=parse_id(value))


class TagFilter(QueueFilter):
    param, title = "tag", _("tag")

    def choices(self, request):
        return [(name, name) for name in sidebar_choices.snapshot.get().tags]

    def accepts(self, value):
        return len(value) <= Tag._meta.get_field("name").max_length

    def apply(self, queryset, value, request):
        return queryset.filter(tags__name=value)


# The sidebar's order: what an agent narrows by most often first.
QUEUE_FILTERS: tuple[QueueFilter, ...] = (
    ReadyViewFilter(),
    SlaStateFilter(),
    FieldFilter("status", _("status"), Status.choices),
    FieldFilter("priority", _("priority"), Priority.choices),
    RelatedFilter("type", _("type"), lambda: refdata.get().types_by_id.values()),
    RelatedFilter("team", _("team"), lambda: refdata.get().teams),
    FieldFilter("tier", _("tier"), Tier.choices),
    AssigneeFilter(),
    TagFilter(),
    FieldFilter("language", _("language"), Language.choices),
    FieldFilter("channel", _("channel"), Channel.choices),
)
