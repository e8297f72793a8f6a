"""Sign-up and sign-in forms. Customers are known by their e-mail address."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import signin_limits
from .selectors import email_in_use

# The username is the e-mail address, so it must fit the username column.
EMAIL_MAX_LENGTH = 150


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=150,
        required=False,
        help_text=_("How our agents should address you."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password and not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if email_in_use(email):
            raise forms.ValidationError(
                _("An account with this email already exists. Sign in instead."),
                code="email_taken",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError(_("The two passwords differ."), code="mismatch"))
        elif password1:
            # A throwaway user lets the similarity validator compare the password with the e-mail and name.
            candidate = get_user_model()(
                username=cleaned.get("email") or "", email=cleaned.get("email") or "", first_name=cleaned.get("name")
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class LimitedSignInMixin:
    """Refuses, without checking the password, an account or address with too many recent
    failures (``signin_limits``); counts each failure and clears the count on success."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if signin_limits.blocked(self.request, username):
            raise forms.ValidationError(
                _("Too many failed sign-ins. Wait %(minutes)d minutes, then try again.")
                % {"minutes": signin_limits.WINDOW // 60},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            signin_limits.record_failure(self.request, username)
            raise
        signin_limits.clear(self.request, username)
        return cleaned


class AdminSignInForm(LimitedSignInMixin, AdminAuthenticationForm):
    """The admin's login form with the same limits (installed in ``accounts.admin``)."""


class SignInForm(LimitedSignInMixin, AuthenticationForm):
    """Django's sign-in form, labelled for customers; staff may still type their username."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That email and password do not match an account. Check both and try again."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Email")
        username.widget.attrs.update({"autocomplete": "username", "inputmode": "email", "spellcheck": "false"})
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("The code is 6 digits."))
        return token
