"""The queue: the ticket changelist, nearest SLA deadline first, with its search, columns and
bulk actions. Mixed into ``TicketAdmin`` (``tickets.admin.tickets``), which holds the configuration."""

from functools import cached_property

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tickets import roles, selectors, services
from tickets.display import sla_display
from tickets.exceptions import DomainError
from tickets.search import ticket_search_filter

from .filters import ReadyViewFilter
from .forms import BulkAssignForm, BulkPriorityForm, BulkStatusForm, BulkTagForm, ReasonForm
from .ids import parse_id


class CappedCountPaginator(Paginator):
    """Counting a million matching rows costs more than showing the page: count at most ``CAP``.
    Past it the queue says "more than 1,000" and offers the first 10 pages: an agent narrows a
    view with filters long before reading that deep."""

    CAP = 1_000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP


class QueueMixin:
    # -- the queue -----------------------------------------------------------------------------

    def get_queryset(self, request):
        return selectors.agent_queue(request.user)

    def get_ordering(self, request):
        return selectors.agent_queue(request.user).query.order_by

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(ticket_search_filter(term)), False

    @admin.display(description=gettext_lazy("priority"), ordering="priority")
    def priority_badge(self, ticket):
        return format_html('<span class="prio prio-{}">{}</span>', ticket.priority, ticket.get_priority_display())

    @admin.display(description=gettext_lazy("tier"), ordering="tier")
    def tier_short(self, ticket):
        return format_html('<span title="{}">T{}</span>', ticket.get_tier_display(), ticket.tier)

    @admin.display(description=gettext_lazy("last update"), ordering="updated_at")
    def last_update(self, ticket):
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            ticket.updated_at.isoformat(),
            ticket.updated_at.strftime("%Y-%m-%d %H:%M UTC"),
            naturaltime(ticket.updated_at),
        )

    @admin.display(description=gettext_lazy("requester"), ordering="contact_email")
    def requester_email(self, ticket):
        return ticket.contact_email

    @admin.display(description=gettext_lazy("SLA"), ordering="sla_due")
    def sla_state(self, ticket):
        """Time left to the nearest running deadline: red when overdue, amber inside the warning point."""
        state = sla_display(ticket, now=timezone.now())
        return format_html('<span class="sla sla-{}" title="{}">{}</span>', state.css, state.title, state.text)

    def response_action(self, request, queryset):
        """The admin trusts ``_selected_action`` to hold ids; a tampered value would be a 500, so
        answer it as an empty selection."""
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(parse_id(value) is None for value in selected):
            self.message_user(
                request,
                _("Items must be selected in order to perform actions on them. No items have been changed."),
                messages.WARNING,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def changelist_view(self, request, extra_context=None):
        views = [(value, label) for value, label in ReadyViewFilter.lookups(None, request, self)]
        extra_context = {
            **(extra_context or {}),
            "ready_views": views,
            "current_view": request.GET.get("view", ""),
            "title": _("Ticket queue"),
            "reports_url": reverse("admin:tickets_ticket_reports") if roles.is_supervisor(request.user) else None,
        }
        return super().changelist_view(request, extra_context)

    # -- bulk actions ------------------------------------------------------------------------------

    @admin.action(description=gettext_lazy("Assign…"), permissions=["change"])
    def assign_selected(self, request, queryset):
        def apply(ticket, data):
            choice = data["assignee"]
            if choice == "me":
                assignee = request.user
            elif choice == "none":
                assignee = None
            else:
                assignee = get_user_model().objects.get(pk=int(choice))
            services.ticket_assign(ticket=ticket, actor=request.user, assignee=assignee)

        return self._bulk(request, queryset, "assign_selected", _("Assign tickets"), BulkAssignForm, apply)

    @admin.action(description=gettext_lazy("Set status…"), permissions=["change"])
    def set_status_selected(self, request, queryset):
        def apply(ticket, data):
            services.ticket_change_status(ticket=ticket, actor=request.user, status=data["status"])

        return self._bulk(request, queryset, "set_status_selected", _("Set the status"), BulkStatusForm, apply)

    @admin.action(description=gettext_lazy("Set priority…"), permissions=["change"])
    def set_priority_selected(self, request, queryset):
        def apply(ticket, data):
            services.ticket_set_priority(ticket=ticket, actor=request.user, priority=data["priority"])

        return self._bulk(request, queryset, "set_priority_selected", _("Set the priority"), BulkPriorityForm, apply)

    @admin.action(description=gettext_lazy("Add tags…"), permissions=["change"])
    def tag_selected(self, request, queryset):
        def apply(ticket, data):
            services.ticket_tags_change(ticket=ticket, actor=request.user, add=data["tags"])

        return self._bulk(request, queryset, "tag_selected", _("Add tags"), BulkTagForm, apply)

    @admin.action(description=gettext_lazy("Escalate to the next tier…"), permissions=["change"])
    def escalate_selected(self, request, queryset):
        def apply(ticket, data):
            services.ticket_escalate(ticket=ticket, actor=request.user, reason=data["reason"])

        return self._bulk(request, queryset, "escalate_selected", _("Escalate to the next tier"), ReasonForm, apply)

    @admin.action(description=gettext_lazy("De-escalate to the tier below…"), permissions=["change"])
    def deescalate_selected(self, request, queryset):
        def apply(ticket, data):
            services.ticket_deescalate(ticket=ticket, actor=request.user, reason=data["reason"])

        return self._bulk(
            request, queryset, "deescalate_selected", _("De-escalate to the tier below"), ReasonForm, apply
        )

    def _bulk(self, request, queryset, action, title, form_class, apply):
        """Ask for the value on an intermediate page, then apply it ticket by ticket through the
        service; a ticket the service refuses is reported and the others still change."""
        form = form_class(request.POST if request.POST.get("confirm") else None)
        if form.is_valid():
            data = form.cleaned_data
            done, refused = 0, []
            for ticket in queryset:
                try:
                    apply(ticket, data)
                    done += 1
                except DomainError as exc:
                    refused.append(f"{ticket.reference}: {exc.message}")
            if done:
                self.message_user(request, _("%(count)d ticket(s) changed.") % {"count": done}, messages.SUCCESS)
            for line in refused:
                self.message_user(request, line, messages.WARNING)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "tickets": queryset,
            "action": action,
            "intro": _("Every change is recorded on each ticket's timeline."),
        }
        return TemplateResponse(request, "admin/tickets/ticket/bulk_action.html", context)
