from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import TokenProxy

from supportdesk.admin_base import ScopedModelAdmin

from . import anti_phishing
from .forms import AdminSignInForm
from .models import User

# The admin's login counts failures like the site's sign-in (accounts.signin_limits).
admin.site.login_form = AdminSignInForm


@admin.register(User)
class UserAdmin(ScopedModelAdmin, BaseUserAdmin):
    list_display = ("username", "email", "email_verified_at", "tier", "is_staff", "date_joined")
    list_filter = ("tier", "is_staff", "is_superuser", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Support"), {"fields": ("phone", "language", "tier", "email_verified_at", "anti_phishing")}),
    )
    readonly_fields = ("email_verified_at", "anti_phishing")

    @admin.display(description=_("anti-phishing code"))
    def anti_phishing(self, user) -> str:
        # Only its owner reads the code: anyone who knows it can forge a mail the customer trusts.
        return anti_phishing.masked(user.anti_phishing_code) or "—"


def _scoped(model) -> None:
    """Re-register a library's admin (staff groups, API tokens, 2FA devices) on our base, so an id
    that is not there, or not this user's to see, is a 404 as everywhere else in the workspace."""
    library_admin = type(admin.site._registry[model])
    admin.site.unregister(model)
    admin.site.register(model, type(library_admin.__name__, (ScopedModelAdmin, library_admin), {}))


for _model in (Group, TokenProxy, TOTPDevice):
    _scoped(_model)
