"""The workspace's index (``supportdesk.admin_site``): what an agent opens the admin for, first.
Links only, no counts: the index must stay as cheap as the admin's own."""

from urllib.parse import urlencode

from django.urls import reverse

from tickets import roles

from .filters import ReadyViewFilter


def workspace_shortcuts(request) -> dict:
    """The queue and its ready views for those who may see tickets, the reports for supervisors,
    the help-centre analytics for those who may read articles, and the notifications."""
    user = request.user
    shortcuts: dict = {}
    if user.has_perm("tickets.view_ticket"):
        queue = reverse("admin:tickets_ticket_changelist")
        shortcuts["queue_url"] = queue
        shortcuts["ready_views"] = [
            (label, f"{queue}?{urlencode({ReadyViewFilter.param: value})}")
            for value, label in ReadyViewFilter.fixed_choices
        ]
    if roles.is_supervisor(user):
        shortcuts["reports_url"] = reverse("admin:tickets_ticket_reports")
    if user.has_perm("knowledgebase.view_article"):
        shortcuts["analytics_url"] = reverse("admin:knowledgebase_article_analytics")
    if user.has_perm("tickets.view_notification"):
        shortcuts["notifications_url"] = reverse("admin:tickets_notification_changelist")
    return shortcuts
