"""Official channels in the admin. Only admins (superusers) add, change or delete them: a wrong entry
would tell customers that a scammer's channel is ours. Staff with the view permission may read them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from safety.models import OfficialChannel
from supportdesk.admin_base import ConfigurationAdmin, ScopedModelAdmin


@admin.register(OfficialChannel)
class OfficialChannelAdmin(ConfigurationAdmin, ScopedModelAdmin):
    list_display = ("display_value", "kind", "platform", "label", "active", "updated_at")
    list_filter = ("kind", "platform", "active")
    search_fields = ("value", "label", "notes")
    readonly_fields = ("created_at", "updated_at")
    fields = ("kind", "platform", "value", "label", "notes", "active", "created_at", "updated_at")
    ordering = ("kind", "platform", "value")

    @admin.display(description=_("channel"), ordering="value")
    def display_value(self, obj: OfficialChannel) -> str:
        return obj.display

    # Defence in depth: even a group given the change permission by mistake cannot edit this.
    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
