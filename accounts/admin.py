from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminSignInForm
from .models import User

# The admin's login counts failures like the site's sign-in (accounts.signin_limits).
admin.site.login_form = AdminSignInForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "tier", "is_staff", "date_joined")
    list_filter = ("tier", "is_staff", "is_superuser", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Support"), {"fields": ("phone", "language", "tier")}))
