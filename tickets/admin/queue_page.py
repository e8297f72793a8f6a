"""One page of the queue, read from the request: the filters and search it names, a capped count
and the rows of the page as plain values.

The queue view renders it and bulk actions act on its ``queryset``; nothing here touches HTML.
"""

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from accounts.names import NAME_FIELDS, display_name_of
from supportdesk.text import strip_control_characters
from tickets import refdata, selectors
from tickets.search import MAX_TERM

from . import sidebar_choices
from .filters import QUEUE_FILTERS, clean_value
from .ids import parse_id

PER_PAGE = 100
# Counting a million matching rows costs more than showing the page: count at most COUNT_CAP. Past
# it the queue says "more than 1,000" and offers the first 10 pages; an agent narrows a view with
# the filters long before reading that deep.
COUNT_CAP = 1_000
SEARCH_PARAM, PAGE_PARAM, SORT_PARAM = "q", "p", "sort"
DEFAULT_SORT = "deadline"  # nearest SLA deadline first
# The page's names for the selector's orders (tickets.selectors.queue.SORTS); "deadline", the
# default, is not written into links.
SORTS = {"deadline": "sla_due", "updated": "-updated", "newest": "-created", "oldest": "created"}

# What a row shows, from the ticket table alone: the names of its type, team and assignee come
# from the per-process snapshots (``queue_table``), so the query has no join to plan or run.
ROW_FIELDS = (
    *("pk", "reference", "title", "priority", "status", "tier", "contact_email", "updated_at"),
    *("sla_due", "sla_paused_at", "sla_clocks", "type_id", "team_id", "assignee_id"),
)


@dataclass
class QueuePage:
    params: dict[str, str]  # the filters and search in force, cleaned, in the sidebar's order
    queryset: QuerySet  # filtered and searched, not sliced: what "select all" acts on
    number: int = 1
    count: int = 0  # at most COUNT_CAP + 1
    rows: list[dict] = field(default_factory=list)

    @property
    def term(self) -> str:
        return self.params.get(SEARCH_PARAM, "")

    @property
    def sort(self) -> str:
        return self.params.get(SORT_PARAM, DEFAULT_SORT)

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def pages(self) -> int:
        return max(1, math.ceil(min(self.count, COUNT_CAP) / PER_PAGE))

    def query_string(self, **changes: str | None) -> str:
        """This page's filters with ``changes`` applied (None removes one), always from page 1."""
        params = {**self.params, **changes}
        return "?" + urlencode({key: value for key, value in params.items() if value is not None})


@dataclass(frozen=True)
class RowNames:
    """The names a page's rows show for their type, team and assignee ids, in the active language."""

    types: dict[int, str]
    teams: dict[int, str]
    people: dict[int, str]


def row_names(rows: list[dict]) -> RowNames:
    """From the snapshots; an assignee no longer on the staff list (or not yet on this process's
    copy of it) costs one query for all such rows."""
    data = refdata.get()
    people = {int(pk): name for pk, name in sidebar_choices.snapshot.get().staff}
    missing = {row["assignee_id"] for row in rows if row["assignee_id"] and row["assignee_id"] not in people}
    if missing:
        found = get_user_model().objects.filter(pk__in=missing)
        for pk, *names in found.values_list("pk", *NAME_FIELDS):
            people[pk] = display_name_of(*names)
    return RowNames(
        types={pk: ticket_type.name for pk, ticket_type in data.types_by_id.items()},
        teams={team.pk: team.name for team in data.teams},
        people=people,
    )


def search_term(raw: str | None) -> str:
    return strip_control_characters(raw or "").strip()[:MAX_TERM]


def queue_filtered(request) -> QueuePage:
    """The queue as the request's query string narrows it (``selectors.ticket_queue``), without
    reading any rows."""
    params: dict[str, str] = {}
    chosen: dict = {}
    for queue_filter in QUEUE_FILTERS:
        value = clean_value(request.GET.get(queue_filter.param))
        if value is not None and queue_filter.accepts(value):
            params[queue_filter.param] = value
            chosen.update(queue_filter.to_filters(value))
    term = search_term(request.GET.get(SEARCH_PARAM))
    if term:
        params[SEARCH_PARAM] = term
        chosen["search"] = term
    sort = request.GET.get(SORT_PARAM)
    if sort in SORTS:
        params[SORT_PARAM] = sort
    queryset = selectors.ticket_queue(request.user, selectors.QueueFilters(**chosen), SORTS.get(sort, "sla_due"))
    return QueuePage(params=params, queryset=queryset)


def queue_page(request) -> QueuePage:
    """The page the request asks for, with its rows. The first page needs no count when it is
    not full; a later page is counted first, so a number past the end shows the last page."""
    page = queue_filtered(request)
    wanted = parse_id(request.GET.get(PAGE_PARAM, "1")) or 1
    if wanted == 1:
        page.rows = _rows(page.queryset, 0)
        page.count = len(page.rows) if len(page.rows) < PER_PAGE else _capped_count(page.queryset)
        return page
    page.count = _capped_count(page.queryset)
    page.number = min(wanted, page.pages)
    page.rows = _rows(page.queryset, (page.number - 1) * PER_PAGE)
    return page


def _rows(queryset: QuerySet, offset: int) -> list[dict]:
    return list(queryset.values(*ROW_FIELDS)[offset : offset + PER_PAGE])


def _capped_count(queryset: QuerySet) -> int:
    return queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
