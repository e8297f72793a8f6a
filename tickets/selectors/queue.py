"""The queue: the one selector that lists tickets for an agent (or a customer's own), filtered and
sorted, for the workspace's queue page and the API alike.

Both edges build a ``QueueFilters`` (the admin from its query string, ``tickets.admin.queue_page``;
the API from its filter serializer) and read ``ticket_queue(user, filters, sort)``. The meaning of
each filter lives here once:
- *overdue*: a deadline still running has passed, now (``sla_due`` in the past);
- *breached*: an SLA target was missed at some point (``sla_breached_at`` set), even if met since;
- *due within the hour*, *paused*, and the ready views (mine, unassigned in my teams, breaching
  soon, escalated, waiting on the customer).
"""

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tickets import roles
from tickets.models import ACTIVE_STATUSES, Status, Ticket, Tier
from tickets.search import ticket_search_filter

from .access import tickets_visible_to

BREACHING_SOON = timedelta(hours=1)
VIEWS = ("mine", "unassigned", "breaching", "escalated", "waiting")

# The one set of orders (the API's names; the queue page's are labels for these). Each is an index
# scan that stops at the page's last row.
SORTS = {
    "sla_due": (F("sla_due").asc(nulls_last=True), "id"),
    "-sla_due": (F("sla_due").desc(nulls_last=True), "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
DEFAULT_SORT = "sla_due"  # nearest SLA deadline first, no deadline last


@dataclass(frozen=True)
class QueueFilters:
    """What to narrow the queue to; None (or empty) means "any"."""

    view: str | None = None  # one of VIEWS
    status: str | None = None
    priority: str | None = None
    type_id: int | None = None
    team_id: int | None = None
    tier: int | None = None
    assignee: str | int | None = None  # "me", "none", or a user id
    tag: str | None = None
    language: str | None = None
    channel: str | None = None
    overdue: bool | None = None
    breached: bool | None = None
    due_within_hour: bool = False
    paused: bool = False
    search: str = ""

    def given(self) -> dict:
        """The filters in force, by name (for logging and tests)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "", False)}


def ticket_queue(
    user, filters: QueueFilters = QueueFilters(), sort: str = DEFAULT_SORT, *, now: datetime | None = None
) -> QuerySet[Ticket]:
    """The tickets ``user`` may see (``access.tickets_visible_to``), narrowed by ``filters``, in
    ``sort`` order (KeyError for an order that is not in SORTS: edges validate it first)."""
    now = now or timezone.now()
    queryset = tickets_visible_to(user)
    queryset = _view(queryset, filters.view, user, now) if filters.view else queryset
    exact = {
        "status": filters.status,
        "priority": filters.priority,
        "type_id": filters.type_id,
        "team_id": filters.team_id,
        "tier": filters.tier,
        "language": filters.language,
        "channel": filters.channel,
        "tags__name": filters.tag,
    }
    queryset = queryset.filter(**{name: value for name, value in exact.items() if value not in (None, "")})
    queryset = _assignee(queryset, filters.assignee, user)
    queryset = _sla(queryset, filters, now)
    if filters.search:
        queryset = queryset.filter(ticket_search_filter(filters.search))
    return queryset.order_by(*SORTS[sort])


def _view(queryset: QuerySet, view: str, user, now: datetime) -> QuerySet:
    active = Q(status__in=ACTIVE_STATUSES)
    if view == "mine":
        return queryset.filter(active, assignee=user)
    if view == "unassigned":
        mine = Q(team_id__in=roles.team_ids(user)) | Q(team__isnull=True)
        if roles.is_supervisor(user) and not roles.team_ids(user):
            mine = Q()
        return queryset.filter(active, mine, assignee__isnull=True)
    if view == "breaching":
        return queryset.filter(active, sla_due__gte=now, sla_due__lt=now + BREACHING_SOON)
    if view == "escalated":
        return queryset.filter(active, tier__gt=Tier.FRONT_LINE)
    if view == "waiting":
        return queryset.filter(status=Status.PENDING)
    return queryset


def _assignee(queryset: QuerySet, assignee, user) -> QuerySet:
    if assignee in (None, ""):
        return queryset
    if assignee == "me":
        return queryset.filter(assignee=user)
    if assignee == "none":
        return queryset.filter(assignee__isnull=True)
    return queryset.filter(assignee_id=assignee)


def _sla(queryset: QuerySet, filters: QueueFilters, now: datetime) -> QuerySet:
    if filters.overdue is True:
        queryset = queryset.filter(sla_due__lt=now)
    elif filters.overdue is False:
        queryset = queryset.exclude(sla_due__lt=now)
    if filters.breached is True:
        queryset = queryset.filter(sla_breached_at__isnull=False)
    elif filters.breached is False:
        queryset = queryset.filter(sla_breached_at__isnull=True)
    if filters.due_within_hour:
        queryset = queryset.filter(sla_due__gte=now, sla_due__lt=now + BREACHING_SOON)
    if filters.paused:
        queryset = queryset.filter(sla_paused_at__isnull=False)
    return queryset
