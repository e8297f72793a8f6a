"""Desk configuration in the admin. Only admins (superusers) add, change or delete it; agents and
supervisors with the view permission may read it (they see which policy applies and why)."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import CustomerTier
from accounts.names import display_name
from safety import guard
from supportdesk.admin_base import ConfigurationAdmin, ScopedModelAdmin
from tickets import canned, roles, selectors
from tickets.display import humanise, reference_name
from tickets.models import (
    BusinessCalendar,
    BusinessHours,
    CannedResponse,
    CustomerNote,
    Holiday,
    Priority,
    PriorityRule,
    SlaPolicy,
    Tag,
    Team,
    TicketType,
)


class AdminEditsOnly(ConfigurationAdmin):
    """Defence in depth: even a group given the change permission by mistake cannot edit this;
    and only those who edit it find it listed on the index (``ConfigurationAdmin``)."""

    def has_add_permission(self, request, *args):
        return roles.is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return roles.is_admin(request.user)


@admin.register(Team)
class TeamAdmin(AdminEditsOnly, ScopedModelAdmin):
    list_display = ("slug", "name_en", "name_zh_hans", "tier", "email")
    list_filter = ("tier",)
    filter_horizontal = ("members",)
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(TicketType)
class TicketTypeAdmin(AdminEditsOnly, ScopedModelAdmin):
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
class BusinessCalendarAdmin(AdminEditsOnly, ScopedModelAdmin):
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
class SlaPolicyAdmin(AdminEditsOnly, ScopedModelAdmin):
    form = SlaPolicyForm
    list_display = (
        "display_name",
        "position",
        "active",
        "conditions",
        "first_response",
        "next_response",
        "resolution",
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
        from tickets.tasks import sla_recompute_policy_task

        for policy in queryset:
            transaction.on_commit(lambda pk=policy.pk: sla_recompute_policy_task.delay(pk))
        self.message_user(
            request,
            _("The workers are moving the deadlines of the open tickets under %(count)d policy(ies).")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, policy):
        return reference_name(policy)

    # Targets as people say them ("15 min", "3 d 0 h"), not "0:15:00" / "3 days, 0:00:00".
    @admin.display(description=_("first response target"), ordering="first_response_target")
    def first_response(self, policy):
        return humanise(policy.first_response_target)

    @admin.display(description=_("next response target"), ordering="next_response_target")
    def next_response(self, policy):
        return humanise(policy.next_response_target) if policy.next_response_target else "-"

    @admin.display(description=_("resolution target"), ordering="resolution_target")
    def resolution(self, policy):
        return humanise(policy.resolution_target)

    @admin.display(description=_("applies to"))
    def conditions(self, policy):
        labels = dict(Priority.choices)
        parts = [", ".join(str(labels.get(p, p)) for p in policy.priorities) or _("any priority")]
        if policy.customer_tiers:
            parts.append(", ".join(policy.customer_tiers))
        return " · ".join(str(p) for p in parts)


@admin.register(PriorityRule)
class PriorityRuleAdmin(AdminEditsOnly, ScopedModelAdmin):
    list_display = ("display_name", "position", "active", "priority", "ticket_type", "tier")
    list_editable = ("position", "active")

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, rule):
        return reference_name(rule)


class CannedResponseForm(forms.ModelForm):
    class Meta:
        model = CannedResponse
        fields = ["title", "title_zh_hans", "language", "team", "body", "position", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" not in self.fields:
            return  # a read-only view (view permission only) builds the form without fields
        self.fields["body"].help_text = format_html_join(
            "<br>", "<code>{{{{ {} }}}}</code>: {}", ((name, label) for name, label in canned.PLACEHOLDERS.items())
        )

    def clean_body(self):
        body = self.cleaned_data["body"]
        kind = guard.asks_for_secret(body)
        if kind is not None:
            raise forms.ValidationError(guard.refusal_message(kind), code="asks_for_secret")
        unknown = canned.unknown_placeholders(body)
        if unknown:
            raise forms.ValidationError(
                _("Unknown placeholder(s): %(names)s.") % {"names": ", ".join(unknown)}, code="placeholder"
            )
        return body


@admin.register(CannedResponse)
class CannedResponseAdmin(AdminEditsOnly, ScopedModelAdmin):
    form = CannedResponseForm
    list_display = ("agent_title", "language", "team", "position", "active", "updated_at")
    list_filter = ("language", "team", "active")
    search_fields = ("title", "title_zh_hans", "body")

    @admin.display(description=_("title"), ordering="title")
    def agent_title(self, response):
        return response.agent_title


@admin.register(Tag)
class TagAdmin(AdminEditsOnly, ScopedModelAdmin):
    """Agents create tags from the ticket page; admins rename or remove them here."""

    list_display = ("name",)
    search_fields = ("name",)


@admin.register(CustomerNote)
class CustomerNoteAdmin(ScopedModelAdmin):
    """Notes are written from the ticket page's customer panel; this list is for looking them up,
    about the customers of the tickets this user may open (``selectors.customer_notes_visible_to``)."""

    list_display = ("email", "account", "body", "author_name", "created_at")
    search_fields = ("=email", "body")
    list_select_related = ("author", "account")
    readonly_fields = ("email", "account", "body", "author_name", "created_at")

    def get_queryset(self, request):
        return selectors.customer_notes_visible_to(request.user).select_related("author", "account")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return roles.is_admin(request.user)

    @admin.display(description=_("author"), ordering="author__first_name")
    def author_name(self, note):
        return display_name(note.author)
