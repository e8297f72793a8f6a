"""Conversations in the workspace, read-only: what the visitor and the assistant said.

Scoped like the tickets they became: an agent reads a conversation only when they may open its
ticket; one that never became a ticket (a stranger's talk with the bot, possibly about a theft) is
for supervisors. Messages are shown inline; nobody edits a transcript.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from assistant.models import Conversation, Message
from supportdesk.admin_base import ScopedModelAdmin
from tickets import selectors


class MessageInline(admin.TabularInline):
    model = Message
    fields = ("created_at", "author", "body", "intent", "low_confidence", "helpful")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Conversation)
class ConversationAdmin(ScopedModelAdmin):
    list_display = ("short_id", "state", "language", "ticket", "urgent", "suggested_type", "created_at")
    list_filter = ("state", "language", "urgent")
    list_select_related = ("ticket",)
    readonly_fields = (
        "public_id",
        "state",
        "language",
        "customer",
        "facts",
        "suggested_type",
        "urgent",
        "ticket",
        "created_at",
        "last_activity_at",
        "handed_over_at",
        "closed_at",
    )
    exclude = ("visitor_hash",)
    inlines = [MessageInline]

    def get_queryset(self, request):
        return selectors.rows_of_visible_tickets(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("conversation"))
    def short_id(self, conversation):
        return conversation.public_id[:8] + "…"
