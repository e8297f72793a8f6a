"""Sign up, sign in and sign out for customers."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render, resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import SignInForm, SignUpForm
from .services import EmailTaken, customer_sign_up


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET): a link cannot sign anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are signed out."))
        return response


def _safe_next(request) -> str:
    return _safe_next_value(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = customer_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                name=form.cleaned_data["name"],
                language=translation.get_language(),
            )
        except EmailTaken:
            form.add_error("email", _("An account with this email already exists. Sign in instead."))
        else:
            login(request, user)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect(_safe_next(request))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next_value(request)}, status=status)


def _safe_next_value(request) -> str:
    """The ``next`` to carry through the form, only if it is ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if candidate and allowed else ""
