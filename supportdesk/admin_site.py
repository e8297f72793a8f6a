"""The admin site as the agent workspace: its name in both languages, where staff land after
signing in, and an index that leads with the work (the queue's views, reports, help-centre
analytics) before the list of models.

Installed through ``supportdesk.apps.WorkspaceAdminConfig`` (the admin app's ``default_site``), so
``admin.site`` and every ``@admin.register`` use it. The workspace's own pages belong to the apps
that serve them: the index asks ``tickets.admin.home`` for its shortcuts when it is drawn.
"""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WorkspaceAdminSite(admin.AdminSite):
    site_header = _("Supportdesk · Agent workspace")
    site_title = _("Supportdesk · Agent workspace")
    index_title = _("Agent workspace")
    index_template = "admin/workspace_index.html"

    def login(self, request, extra_context=None):
        """Staff who signed in without asking for a page land on their queue, not on the list of
        models (the admin's login sends "next" as the index when nothing else was asked for)."""
        response = super().login(request, extra_context)
        signed_in = request.method == "POST" and response.status_code == 302 and request.user.is_authenticated
        if signed_in and response.url in (reverse("admin:index", current_app=self.name), ""):
            response["Location"] = resolve_url(settings.STAFF_LOGIN_REDIRECT_URL)
        return response

    def index(self, request, extra_context=None):
        from tickets.admin.home import workspace_shortcuts  # an app's pages; imported once apps are ready

        return super().index(request, {**workspace_shortcuts(request), **(extra_context or {})})
