"""Queue filters: the ready views, SLA state, assignee ("me", "unassigned") and tags."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets import roles, selectors
from tickets.admin.ids import parse_id
from tickets.models import ACTIVE_STATUSES, Status, Tag, Tier

BREACHING_SOON = timedelta(hours=1)


class ReadyViewFilter(admin.SimpleListFilter):
    """Saved views, as Zendesk and Zammad have them; also shown as tabs above the queue."""

    title = _("view")
    parameter_name = "view"

    def lookups(self, request, model_admin):
        return [
            ("mine", _("My open tickets")),
            ("unassigned", _("Unassigned in my teams")),
            ("breaching", _("Breaching soon")),
            ("escalated", _("Escalated")),
            ("waiting", _("Waiting on customer")),
        ]

    def queryset(self, request, queryset):
        value, user, now = self.value(), request.user, timezone.now()
        active = Q(status__in=ACTIVE_STATUSES)
        if value == "mine":
            return queryset.filter(active, assignee=user)
        if value == "unassigned":
            mine = Q(team_id__in=roles.team_ids(user)) | Q(team__isnull=True)
            if roles.is_supervisor(user) and not roles.team_ids(user):
                mine = Q()
            return queryset.filter(active, mine, assignee__isnull=True)
        if value == "breaching":
            return queryset.filter(active, sla_due__gte=now, sla_due__lt=now + BREACHING_SOON)
        if value == "escalated":
            return queryset.filter(active, tier__gt=Tier.FRONT_LINE)
        if value == "waiting":
            return queryset.filter(status=Status.PENDING)
        return queryset


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


def staff_choices():
    """Agents and supervisors by name: the people tickets can be assigned to."""
    return [(str(user.pk), user.get_full_name() or user.get_username()) for user in selectors.staff_assignable()]


class AssigneeFilter(admin.SimpleListFilter):
    """By assignee, with "me" and "unassigned" first; lists staff only (not every customer)."""

    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [("me", _("Me")), ("none", _("Unassigned")), *staff_choices()]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        assignee_id = parse_id(value) if value else None
        if assignee_id is not None:
            return queryset.filter(assignee_id=assignee_id)
        return queryset


class TagFilter(admin.SimpleListFilter):
    title = _("tag")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        return [(tag.name, tag.name) for tag in Tag.objects.order_by("name")[:100]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__name=self.value())
        return queryset
