"""Sign-up and sign-in forms. Customers are known by their e-mail address."""

import math

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from supportdesk import limits
from supportdesk.forms import LocalPhoneMixin, OneLineField, phone_country_field
from supportdesk.languages import Language

from . import anti_phishing, signin_limits
from .emails import send_account_email

# The username is the e-mail address, so it must fit the username column.
EMAIL_MAX_LENGTH = 150


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    name = OneLineField(
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
        # Whether the address has an account is never said here (an e-mail goes to its owner).
        return self.cleaned_data["email"].strip().lower()

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
    """Refuses, without checking the password, an attempt ``signin_limits`` holds back; counts
    each failure and clears this address's count on success."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        wait = signin_limits.wait_seconds(self.request, username)
        if wait is not None:
            if wait >= 120:
                message = _("Too many failed sign-ins. Wait %(minutes)d minutes, then try again.") % {
                    "minutes": math.ceil(wait / 60)
                }
            else:
                message = _("This account had many failed sign-ins. Wait %(seconds)d seconds, then try again.") % {
                    "seconds": wait
                }
            raise forms.ValidationError(message, code="throttled")
        signin_limits.record_attempt(self.request, username)
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


class PasswordResetRequestForm(PasswordResetForm):
    """Django's "forgot password" form, mailing through ``accounts.emails`` in the account's
    language; an address gets at most ``password_reset_email`` mails per window (the page says the
    same either way, as it does for an address with no account)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email")
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "autofocus": True})

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        user = context["user"]
        if limits.hit("password_reset_email", to_email) is not None:
            return
        with translation.override(user.language):
            path = reverse(
                "accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
            )
        send_account_email(
            to=to_email, template="password_reset", context={"user": user, "path": path}, language=user.language
        )


class AccountForm(LocalPhoneMixin, forms.Form):
    """The customer's own profile: the name agents use, a phone, the language of our e-mails and the
    anti-phishing code every e-mail shows."""

    first_name = OneLineField(label=_("Name"), max_length=150, required=False)
    phone_field = "phone"
    phone_country = phone_country_field()
    phone = OneLineField(
        label=_("Phone"),
        max_length=32,
        required=False,
        help_text=_("Local, or with + and the country code, for example +44 20 7946 0958."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    language = forms.ChoiceField(label=_("Language for e-mails"), choices=Language.choices)
    anti_phishing_code = forms.CharField(
        label=_("Anti-phishing code"),
        max_length=anti_phishing.MAX_LENGTH,
        required=False,
        validators=[anti_phishing.validate_code],
        help_text=_("4 to 20 letters or digits of your choosing. Leave it empty to stop showing a code."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, phone_region: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_phone_country(phone_region)

    def clean_phone(self):
        return self.cleaned_local_phone()
