"""The agent side in the Django admin. Status, priority, assignee and team change only through
services (the form's save calls them), so every change leaves an event."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import CustomerTier

from . import services
from .display import sla_display
from .exceptions import DomainError
from .models import (
    BusinessCalendar,
    BusinessHours,
    Holiday,
    Message,
    Notification,
    Priority,
    PriorityRule,
    Screenshot,
    SlaPolicy,
    Team,
    Ticket,
    TicketEvent,
    TicketType,
)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_zh_hans", "tier", "email")
    list_filter = ("tier",)
    filter_horizontal = ("members",)
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(TicketType)
class TicketTypeAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_zh_hans", "default_priority", "default_team", "position", "active")
    list_editable = ("position", "active")
    list_filter = ("active", "default_priority")


class BusinessHoursInline(admin.TabularInline):
    model = BusinessHours
    extra = 0


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "timezone")
    inlines = [BusinessHoursInline, HolidayInline]


class SlaPolicyForm(forms.ModelForm):
    """Conditions as checkboxes rather than raw JSON."""

    priorities = forms.MultipleChoiceField(
        choices=Priority.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("priorities"),
        help_text=_("None ticked: any priority."),
    )
    customer_tiers = forms.MultipleChoiceField(
        choices=CustomerTier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("customer tiers"),
        help_text=_("None ticked: any customer tier."),
    )

    class Meta:
        model = SlaPolicy
        fields = [
            "name",
            "position",
            "active",
            "priorities",
            "ticket_types",
            "customer_tiers",
            "first_response_target",
            "next_response_target",
            "resolution_target",
            "calendar",
            "warning_percent",
            "warning_before",
            "pause_on_hold",
            "escalate_on_breach",
            "raise_priority_on_breach",
        ]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    form = SlaPolicyForm
    list_display = (
        "name",
        "position",
        "active",
        "conditions",
        "first_response_target",
        "next_response_target",
        "resolution_target",
        "calendar",
        "escalate_on_breach",
    )
    list_editable = ("position", "active")
    filter_horizontal = ("ticket_types",)
    fieldsets = (
        (None, {"fields": ("name", "position", "active")}),
        (_("Applies to (first matching policy wins)"), {"fields": ("priorities", "ticket_types", "customer_tiers")}),
        (
            _("Targets"),
            {"fields": ("first_response_target", "next_response_target", "resolution_target", "calendar")},
        ),
        (
            _("Warnings and escalation"),
            {
                "fields": (
                    "warning_percent",
                    "warning_before",
                    "pause_on_hold",
                    "escalate_on_breach",
                    "raise_priority_on_breach",
                )
            },
        ),
    )

    actions = ["recompute_open_tickets"]

    @admin.action(description=_("Move the deadlines of open tickets to the current targets"), permissions=["change"])
    def recompute_open_tickets(self, request, queryset):
        from .tasks import sla_recompute_policy_task

        for policy in queryset:
            transaction.on_commit(lambda pk=policy.pk: sla_recompute_policy_task.delay(pk))
        self.message_user(
            request,
            _("The workers are moving the deadlines of the open tickets under %(count)d policy(ies).")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )

    @admin.display(description=_("applies to"))
    def conditions(self, policy):
        parts = [", ".join(policy.priorities) or _("any priority")]
        if policy.customer_tiers:
            parts.append(", ".join(policy.customer_tiers))
        return " · ".join(str(p) for p in parts)


@admin.register(PriorityRule)
class PriorityRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "active", "priority", "ticket_type", "tier")
    list_editable = ("position", "active")


class MessageInline(admin.StackedInline):
    model = Message
    extra = 0
    can_delete = False
    fields = ("created_at", "author", "author_role", "internal", "channel", "body", "attached")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("screenshots"))
    def attached(self, message):
        return _thumbnails(message.screenshots.all())


class ScreenshotInline(admin.TabularInline):
    model = Screenshot
    extra = 0
    can_delete = False
    fields = ("preview", "original_name", "image_format", "width", "height", "size", "uploaded_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("preview"))
    def preview(self, shot):
        return _thumbnails([shot])


class EventInline(admin.TabularInline):
    model = TicketEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "actor", "before", "after")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _thumbnails(shots):
    return format_html_join(
        " ",
        '<a href="{0}" target="_blank" rel="noopener"><img src="{0}" alt="{1}" '
        'style="max-height:120px;max-width:200px;border:1px solid #ccc;border-radius:4px"></a>',
        ((reverse("screenshot", args=[s.public_id]), s.original_name) for s in shots),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class SlaStateFilter(admin.SimpleListFilter):
    title = _("SLA")
    parameter_name = "sla"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue now")),
            ("hour", _("Due within the hour")),
            ("breached", _("Breached at some point")),
            ("paused", _("Clock paused")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "overdue":
            return queryset.filter(sla_due__lt=now)
        if self.value() == "hour":
            return queryset.filter(sla_due__gte=now, sla_due__lt=now + timedelta(hours=1))
        if self.value() == "breached":
            return queryset.filter(sla_breached_at__isnull=False)
        if self.value() == "paused":
            return queryset.filter(sla_paused_at__isnull=False)
        return queryset


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "title",
        "type",
        "priority",
        "status",
        "tier",
        "team",
        "assignee",
        "sla_state",
        "created_at",
    )
    list_filter = (SlaStateFilter, "status", "priority", "type", "team", "tier", "channel", "language")
    actions = ["escalate_selected", "deescalate_selected"]

    class Media:
        css = {"all": ["tickets/admin.css"]}

    list_select_related = ("type", "team", "assignee")
    search_fields = ("=reference", "title", "contact_email", "contact_phone", "=transaction_id")
    ordering = ("sla_due", "id")
    date_hierarchy = "created_at"
    list_per_page = 100
    inlines = [MessageInline, ScreenshotInline, EventInline]
    raw_id_fields = ("requester",)
    readonly_fields = (
        "reference",
        "title",
        "description",
        "type",
        "transaction_id",
        "asset",
        "network",
        "amount",
        "occurred_at",
        "attempted_steps",
        "contact_email",
        "contact_phone",
        "language",
        "channel",
        "requester",
        "created_at",
        "updated_at",
        "first_responded_at",
        "solved_at",
        "closed_at",
        "first_response_due",
        "next_response_due",
        "resolution_due",
        "sla_due",
        "tier",
        "sla_policy",
        "sla_paused_at",
        "sla_breached_at",
        "sla_state",
    )
    fieldsets = (
        (None, {"fields": ("reference", "title", "description", "type", "language", "channel")}),
        (_("Facts"), {"fields": ("transaction_id", "asset", "network", "amount", "occurred_at", "attempted_steps")}),
        (_("Contact"), {"fields": ("requester", "contact_email", "contact_phone")}),
        (_("Handling"), {"fields": ("status", "priority", "tier", "team", "assignee")}),
        (
            _("SLA"),
            {
                "fields": (
                    "sla_state",
                    "sla_policy",
                    "first_response_due",
                    "next_response_due",
                    "resolution_due",
                    "sla_due",
                    "sla_paused_at",
                    "sla_breached_at",
                    "first_responded_at",
                    "solved_at",
                    "closed_at",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return False  # tickets come from customers, the API and e-mail

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        """Route each changed handling field through its service instead of a raw save."""
        operations = {
            "status": lambda t: services.ticket_change_status(ticket=t, actor=request.user, status=obj.status),
            "priority": lambda t: services.ticket_set_priority(ticket=t, actor=request.user, priority=obj.priority),
            "assignee": lambda t: services.ticket_assign(ticket=t, actor=request.user, assignee=obj.assignee),
            "team": lambda t: services.ticket_set_team(ticket=t, actor=request.user, team=obj.team),
        }
        current = Ticket.objects.get(pk=obj.pk)
        for name in form.changed_data:
            if name in operations:
                try:
                    operations[name](current)
                except DomainError as exc:
                    self.message_user(request, str(exc.message), messages.ERROR)

    @admin.display(description=_("SLA"), ordering="sla_due")
    def sla_state(self, ticket):
        """Time left to the nearest running deadline: red when overdue, amber inside the warning point."""
        state = sla_display(ticket, now=timezone.now())
        return format_html('<span class="sla sla-{}" title="{}">{}</span>', state.css, state.title, state.text)

    @admin.action(description=_("Escalate to the next tier…"), permissions=["change"])
    def escalate_selected(self, request, queryset):
        return self._tier_change(
            request, queryset, services.ticket_escalate, "escalate_selected", _("Escalate to the next tier")
        )

    @admin.action(description=_("De-escalate to the tier below…"), permissions=["change"])
    def deescalate_selected(self, request, queryset):
        return self._tier_change(
            request, queryset, services.ticket_deescalate, "deescalate_selected", _("De-escalate to the tier below")
        )

    def _tier_change(self, request, queryset, operation, action, title):
        """Ask for the reason on an intermediate page, then move each ticket through the service."""
        form = ReasonForm(request.POST if request.POST.get("confirm") else None)
        if form.is_valid():
            moved, refused = 0, []
            for ticket in queryset:
                try:
                    operation(ticket=ticket, actor=request.user, reason=form.cleaned_data["reason"])
                    moved += 1
                except DomainError as exc:
                    refused.append(f"{ticket.reference}: {exc.message}")
            if moved:
                self.message_user(request, _("%(count)d ticket(s) moved.") % {"count": moved}, messages.SUCCESS)
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
            "intro": _("Every change is recorded on the ticket's timeline with your reason."),
        }
        return TemplateResponse(request, "admin/tickets/ticket/tier_change.html", context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "status" in form.base_fields and obj is not None:
            from .models import STATUS_TRANSITIONS

            allowed = {obj.status, *STATUS_TRANSITIONS[obj.status]}
            form.base_fields["status"].choices = [c for c in form.base_fields["status"].choices if c[0] in allowed]
        return form


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
        if self.value() == "all" and request.user.is_superuser:
            return queryset
        return queryset.filter(Q(recipient=request.user) | Q(team__members=request.user)).distinct()


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """An agent's notifications: the e-mails sent to them or their teams, readable in the workspace."""

    list_display = ("headline", "kind", "ticket", "to_email", "created_at", "sent_at", "attempts")
    list_filter = (AddressedToFilter, "kind", "sent_at")
    list_select_related = ("ticket",)
    readonly_fields = (
        "ticket",
        "recipient",
        "to_email",
        "subject",
        "body",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "claimed_until",
    )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("subject"))
    def headline(self, notification):
        # Rendered by the worker at delivery; until then, say what it is about.
        if notification.subject:
            return notification.subject
        reference = notification.ticket.reference if notification.ticket_id else ""
        return f"[{reference}] {notification.get_kind_display()}"
