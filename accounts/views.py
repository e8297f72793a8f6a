"""Sign up, sign in and sign out for customers; the two-factor step for staff."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from supportdesk import limits, phones

from . import two_factor
from .forms import AccountForm, PasswordResetRequestForm, SignInForm, SignUpForm, TokenForm
from .services import (
    ACCOUNT_FIELDS,
    account_update,
    customer_sign_up,
    email_verification_send,
    email_verify,
    password_reset_completed,
)
from .tokens import email_verification_user

_SIGNUP_EMAIL_SESSION_KEY = "signup_email"


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Staff who asked for no page land on their queue (as from the admin's sign-in form).
        if self.request.user.is_staff:
            return resolve_url(settings.STAFF_LOGIN_REDIRECT_URL)
        return super().get_default_redirect_url()


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET): a link cannot sign anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are signed out."))
        return response


def _safe_next(request) -> str:
    return _safe_next_value(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _too_many(form, wait: int) -> None:
    form.add_error(
        None, _("Too many attempts from your network. Wait %(seconds)d seconds, then try again.") % {"seconds": wait}
    )


@require_http_methods(["GET", "POST"])
def signup(request):
    """Open an account. The answer is the same whether the address is new or has an account
    already (its owner gets an e-mail instead), so sign-up tells nobody who is a customer."""
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        wait = limits.hit("signup", limits.client_address(request))
        if wait is None:
            customer_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                name=form.cleaned_data["name"],
                language=translation.get_language(),
            )
            request.session[_SIGNUP_EMAIL_SESSION_KEY] = form.cleaned_data["email"]
            return redirect("accounts:signup_done")
        _too_many(form, wait)
        status = 429
    elif form.is_bound:
        status = 400
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next_value(request)}, status=status)


@require_GET
def signup_done(request):
    return render(request, "accounts/signup_done.html", {"email": request.session.get(_SIGNUP_EMAIL_SESSION_KEY, "")})


@require_http_methods(["GET", "POST"])
def verify_email(request, token: str):
    """The link mailed at sign-up: a page with one button (mail scanners follow links, only people
    press buttons). Confirming proves the address and, the first time, signs the account in."""
    user = email_verification_user(token)
    if user is None:
        return render(request, "accounts/verify_email.html", {"invalid": True}, status=400)
    if request.method == "POST":
        first = email_verify(user=user, now=timezone.now())
        if first and not request.user.is_authenticated:
            login(request, user, backend="accounts.backends.EmailOrUsernameBackend")
        messages.success(request, _("Your e-mail address is confirmed."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/verify_email.html", {"account": user, "already": user.email_verified})


@login_required
@require_POST
def verify_email_resend(request):
    user = request.user
    if user.email_verified or not user.email:
        return redirect(settings.LOGIN_REDIRECT_URL)
    wait = limits.hit("verify_resend", f"user:{user.pk}")
    if wait is not None:
        messages.error(
            request,
            _("We sent a link a moment ago. Wait %(minutes)d minutes before asking again.")
            % {"minutes": max(1, wait // 60)},
        )
    elif email_verification_send(user=user):
        messages.success(request, _("We sent a new link to %(email)s.") % {"email": user.email})
    else:
        messages.error(request, _("We could not send the e-mail just now. Try again in a few minutes."))
    return redirect(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """The customer's own profile, language and anti-phishing code (shown to them and no one else)."""
    user = request.user
    initial = {name: getattr(user, name) for name in ACCOUNT_FIELDS}
    region = phones.region_for(translation.get_language(), request.headers.get("Accept-Language", ""))
    form = AccountForm(request.POST or None, initial=initial, phone_region=region)
    if request.method == "POST" and form.is_valid():
        if account_update(user=user, **{name: form.cleaned_data[name] for name in ACCOUNT_FIELDS}):
            messages.success(request, _("Your account is updated."))
        return redirect("account")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accounts/account.html", {"form": form, "account": user}, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgot password?": the same answer for every address; at most ``password_reset`` requests per
    network address and ``password_reset_email`` mails per address in their windows."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        wait = limits.hit("password_reset", limits.client_address(request))
        if wait is not None:
            form = self.get_form()
            form.is_valid()
            _too_many(form, wait)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_reset_completed(user=form.user, now=timezone.now())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _safe_next_value(request) -> str:
    """The ``next`` to carry through the form, only if it is ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if candidate and allowed else ""


def _staff_only(request):
    """The two-factor pages exist for signed-in staff only; nobody else learns anything from them."""
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404


def _staff_next(request) -> str:
    return _safe_next_value(request) or resolve_url(settings.STAFF_LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Enrol an authenticator app: scan the QR code, type the code it shows."""
    _staff_only(request)
    if two_factor.has_confirmed_device(request.user):
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={quote(_staff_next(request))}")
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        device = two_factor.enrolment_pending(request)
        if device is None:  # this session never showed a secret (or it was used): draw one
            return redirect(request.get_full_path())
        if form.is_valid():
            if two_factor.enrolment_confirm(request, device, form.cleaned_data["token"]):
                otp_login(request, device)
                messages.success(request, _("Two-factor sign-in is on for your account."))
                return redirect(_staff_next(request))
            form.add_error("token", _("That code is not right. Check the time on your phone and try the next code."))
    else:
        device = two_factor.enrolment_start(request)
    context = {
        "form": form,
        "qr_svg": mark_safe(two_factor.qr_svg(device)),  # noqa: S308  generated by qrcode from our own data
        "secret": two_factor.secret_base32(device),
        "next": _safe_next_value(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of a staff sign-in: the current code of their authenticator app."""
    _staff_only(request)
    if not two_factor.has_confirmed_device(request.user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?next={quote(_staff_next(request))}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_staff_next(request))
        form.add_error("token", _("That code is not right, or too many tries: wait a moment and try the next code."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next_value(request)})
