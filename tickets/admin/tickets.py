"""``TicketAdmin``: who may see and change which ticket, and the queue's configuration. The
behaviour lives in two mixins: ``queue`` (the changelist and bulk actions) and ``ticket_page``
(the conversation view and its actions)."""

from django.contrib import admin

from supportdesk.admin_base import ScopedModelAdmin
from tickets import roles, selectors
from tickets.models import Ticket

from .forms import HandlingForm
from .queue import QueueMixin
from .ticket_page import TicketPageMixin

__all__ = ["TicketAdmin"]


@admin.register(Ticket)
class TicketAdmin(QueueMixin, TicketPageMixin, ScopedModelAdmin):
    # The queue is its own view (``queue``): no list_display, list_filter or search_fields here.
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

    def get_queryset(self, request):
        # The scope of every view of this admin (the queue builds its own, from the same selector).
        return selectors.tickets_visible_to(request.user)

    def has_add_permission(self, request):
        return False  # tickets come from customers and the API

    def has_delete_permission(self, request, obj=None):
        return roles.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or selectors.agent_may_see(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or selectors.agent_may_see(request.user, obj)
        )
