"""Deflections: a ticket-form suggestion the customer opened, after which their browser session filed
no ticket.

The article page remembers each opened suggestion's search log id in the session; the ticket-filing
pages call ``ticket_filed`` once the ticket exists, which marks those rows in one UPDATE and forgets
them. The counting rule lives in ``knowledgebase.analytics``. Clients of the REST API have no browser
session, so a ticket filed through the API cannot be tied to a suggestion and is not counted against one.
"""

from django.utils import timezone

from knowledgebase import services

SESSION_KEY = "kb_opened_suggestions"


def suggestion_opened(request, *, search_log_id: int) -> None:
    """Remember the opened suggestion (the newest few; reopening one does not duplicate it)."""
    opened = request.session.get(SESSION_KEY)
    opened = [value for value in opened if isinstance(value, int)] if isinstance(opened, list) else []
    if search_log_id in opened:
        return
    request.session[SESSION_KEY] = [*opened, search_log_id][-services.SEARCH_LOG_IDS_MAX :]


def ticket_filed(request) -> int:
    """This session has just filed a ticket: its opened suggestions did not deflect it. Returns rows marked."""
    opened = request.session.get(SESSION_KEY)
    if not opened:
        return 0
    del request.session[SESSION_KEY]
    if not isinstance(opened, list):
        return 0
    return services.search_logs_mark_ticket_filed(search_log_ids=opened, now=timezone.now())
