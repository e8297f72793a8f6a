from django.contrib.admin.apps import AdminConfig


class WorkspaceAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the workspace's site (``supportdesk.admin_site``)."""

    default_site = "supportdesk.admin_site.WorkspaceAdminSite"
