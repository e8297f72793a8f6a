"""The queue: tickets nearest their SLA deadline first, with the ready views, filters, search
and bulk actions. Mixed into ``TicketAdmin`` (``tickets.admin.tickets``).

The queue is the page agents load most, so it is its own view rather than the admin's
``ChangeList``: ``queue_page`` reads the request into a queryset and 100 rows of plain values,
``queue_table`` renders them, and the page keeps the admin's chrome, markup and actions.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tickets import roles, services
from tickets.display import SlaPhrases
from tickets.exceptions import DomainError

from .filters import ReadyViewFilter
from .forms import BulkAssignForm, BulkPriorityForm, BulkStatusForm, BulkTagForm, ReasonForm
from .ids import parse_id
from .queue_page import (
    DEFAULT_SORT,
    PAGE_PARAM,
    SEARCH_PARAM,
    SORT_PARAM,
    QueuePage,
    queue_filtered,
    queue_page,
    row_names,
)
from .queue_sidebar import queue_sidebar
from .queue_table import queue_table

NOTHING_SELECTED = gettext_lazy(
    "Items must be selected in order to perform actions on them. No items have been changed."
)
SORT_CHOICES = (
    (DEFAULT_SORT, gettext_lazy("Nearest deadline")),
    ("updated", gettext_lazy("Recently updated")),
    ("newest", gettext_lazy("Newest")),
    ("oldest", gettext_lazy("Oldest")),
)
SEARCH_HELP = gettext_lazy("Reference, e-mail, phone (+country code), transaction ID or words of the title")


class QueueMixin:
    # -- the queue -----------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._queue_action(request, queue_filtered(request))
        page = queue_page(request)
        actions = self.get_action_choices(request) if self.get_actions(request) else []
        context = {
            **_page_chrome(self.admin_site, request),
            **(extra_context or {}),
            "opts": self.opts,
            "title": _("Ticket queue"),
            "page": page,
            "table": mark_safe(  # noqa: S308 - queue_table escapes every value it writes
                queue_table(
                    page.rows,
                    names=row_names(page.rows),
                    now=timezone.now(),
                    checkboxes=bool(actions),
                    preserved=page.params,
                )
            ),
            "ready_views": [(value, label) for value, label in ReadyViewFilter.fixed_choices],
            "current_view": page.params.get(ReadyViewFilter.param, ""),
            "sidebar": mark_safe(queue_sidebar(request, page)),  # noqa: S308 - escaped there
            "pagination": _pagination(page),
            "sorts": [
                {
                    "label": label,
                    "url": page.query_string(**{SORT_PARAM: None if value == DEFAULT_SORT else value}),
                    "current": value == page.sort,
                }
                for value, label in SORT_CHOICES
            ],
            "search_param": SEARCH_PARAM,
            "search_help_text": SEARCH_HELP,
            "hidden_params": [(k, v) for k, v in page.params.items() if k != SEARCH_PARAM],
            "actions": actions,
            "selection_note": _("0 of %(cnt)s selected") % {"cnt": len(page.rows)},
            "sla_phrases": SlaPhrases().countdown_formats(),
            "count_text": _count_text(page),
            "reports_url": reverse("admin:tickets_ticket_reports") if roles.is_supervisor(request.user) else None,
        }
        return TemplateResponse(request, self.change_list_template, context)

    def _queue_action(self, request, page: QueuePage):
        """A bulk action posted from the queue (or its confirmation page), as the admin's changelist
        runs them; "select all" means every ticket the page's filters and search match."""
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        posted_action = "index" in request.POST or helpers.ACTION_CHECKBOX_NAME in request.POST
        if self.get_actions(request) and posted_action and "_save" not in request.POST:
            if selected:
                response = self.response_action(request, page.queryset)
                if response:
                    return response
            elif "index" in request.POST:
                self.message_user(request, NOTHING_SELECTED, messages.WARNING)
        return HttpResponseRedirect(request.get_full_path())

    def response_action(self, request, queryset):
        """The admin trusts ``_selected_action`` to hold ids; a tampered value would be a 500, so
        answer it as an empty selection."""
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(parse_id(value) is None for value in selected):
            self.message_user(request, NOTHING_SELECTED, messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

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


def _page_chrome(site, request) -> dict:
    """``AdminSite.each_context`` without the app list: the queue needs the page's width for its
    twelve columns, and listing every model (a URL and four permission checks each) cost 1.6 ms,
    an eighth of the page. The header, user tools and breadcrumbs are the admin's as usual."""
    script_name = request.META["SCRIPT_NAME"]
    return {
        "site_title": site.site_title,
        "site_header": site.site_header,
        "site_url": script_name if site.site_url == "/" and script_name else site.site_url,
        "has_permission": site.has_permission(request),
        "available_apps": [],
        "is_popup": False,
        "is_nav_sidebar_enabled": False,
    }


def _pagination(page: QueuePage) -> list[dict]:
    if page.pages == 1:
        return []
    return [
        {"number": n, "url": page.query_string(**{PAGE_PARAM: str(n)}), "current": n == page.number}
        for n in range(1, page.pages + 1)
    ]


def _count_text(page: QueuePage) -> str:
    if page.capped:
        return _("More than %(cap)s tickets match: narrow the view with the filters or the search.") % {
            "cap": f"{page.cap:,}"
        }
    return ngettext("%(count)s ticket", "%(count)s tickets", page.count) % {"count": page.count}
