"""``TicketAdmin``: who may see and change which ticket, and the queue's configuration. The
behaviour lives in two mixins: ``queue`` (the changelist and bulk actions) and ``ticket_page``
(the conversation view and its actions)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from tickets import roles, selectors
from tickets.models import Ticket
from tickets.templatetags.ticket_queue import COLUMNS

from .filters import AssigneeFilter, ReadyViewFilter, SlaStateFilter, TagFilter
from .forms import HandlingForm
from .queue import CappedCountPaginator, QueueMixin
from .ticket_page import TicketPageMixin

__all__ = ["CappedCountPaginator", "TicketAdmin"]


@admin.register(Ticket)
class TicketAdmin(QueueMixin, TicketPageMixin, admin.ModelAdmin):
    # The countdown and priority first: what an agent scans for. The row renderer owns the order.
    list_display = COLUMNS
    list_display_links = ("reference", "title")
    list_filter = (
        ReadyViewFilter,
        SlaStateFilter,
        "status",
        "priority",
        "type",
        "team",
        "tier",
        AssigneeFilter,
        TagFilter,
        "language",
        "channel",
    )
    search_fields = ("reference",)  # shows the box; get_search_results decides what a term means
    search_help_text = gettext_lazy("Reference, e-mail, phone (+country code), transaction ID or words of the title")
    list_per_page = 100
    show_full_result_count = False
    # Facet counts are one COUNT per filter choice over the whole queue: too slow at a million rows.
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedCountPaginator
    form = HandlingForm
    fieldsets = ((None, {"fields": ("status", "priority", "type", "team", "assignee")}),)
    change_form_template = "admin/tickets/ticket/workspace.html"
    change_list_template = "admin/tickets/ticket/queue.html"
    actions = [
        "assign_selected",
        "set_status_selected",
        "set_priority_selected",
        "tag_selected",
        "escalate_selected",
        "deescalate_selected",
    ]

    class Media:
        css = {"all": ["tickets/admin.css"]}

    def has_add_permission(self, request):
        return False  # tickets come from customers, the API and e-mail

    def has_delete_permission(self, request, obj=None):
        return roles.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or selectors.agent_may_see(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or selectors.agent_may_see(request.user, obj)
        )
