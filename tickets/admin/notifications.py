"""An agent's notifications: the e-mails sent to them or their teams, readable in the workspace."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.names import display_name
from supportdesk.admin_base import ScopedModelAdmin
from tickets import selectors
from tickets.models import Notification


class AddressedToFilter(admin.SimpleListFilter):
    title = _("addressed to")
    parameter_name = "to"

    def lookups(self, request, model_admin):
        return [("me", _("Me and my teams")), ("all", _("Everyone"))]

    def choices(self, changelist):
        # "Me and my teams" is the default view, so the unfiltered choice is labelled for it.
        for lookup, title in self.lookup_choices:
            selected = self.value() == lookup or (self.value() is None and lookup == "me")
            yield {
                "selected": selected,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset  # already limited to the tickets this user may see (get_queryset)
        return queryset.filter(Q(recipient=request.user) | Q(team__members=request.user)).distinct()


@admin.register(Notification)
class NotificationAdmin(ScopedModelAdmin):
    """An agent's notifications: the e-mails sent to them or their teams, readable in the workspace.

    Scoped like the tickets they are about: a notification tells what its ticket says (and a
    guest's once held a signed link), so an agent reads only those of tickets they may open.
    """

    list_display = ("headline", "kind", "ticket", "to_email", "created_at", "sent_at", "attempts")
    list_filter = (AddressedToFilter, "kind", "sent_at")
    list_select_related = ("ticket",)
    exclude = ("recipient",)  # shown by name (recipient_name), as everywhere in the workspace
    readonly_fields = (
        "ticket",
        "recipient_name",
        "to_email",
        "subject",
        "body",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "claimed_until",
    )

    def get_queryset(self, request):
        return selectors.rows_of_visible_tickets(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("recipient"))
    def recipient_name(self, notification):
        return display_name(notification.recipient)

    @admin.display(description=_("subject"))
    def headline(self, notification):
        # Rendered by the worker at delivery; until then, say what it is about.
        if notification.subject:
            return notification.subject
        reference = notification.ticket.reference if notification.ticket_id else ""
        return f"[{reference}] {notification.get_kind_display()}"
