"""Two-factor sign-in (TOTP) for staff, with django-otp.

Staff sign in with their password as before (the admin's login or the site's); while
``STAFF_2FA_REQUIRED`` is on (the default whenever ``DJANGO_DEBUG`` is false) every request of a
staff member whose session is not yet verified is sent to enrol an authenticator app (first time)
or to type its current code. Customers are not affected. django-otp throttles wrong codes.

API tokens are separate credentials handed out by admins; token-authenticated API calls carry no
session and are not gated here. A staff *session* calling the API unverified, or a script asking
for JSON only, gets a JSON 403 instead of the redirect.
"""

import base64
import time
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

EXEMPT_URL_NAMES = {
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:logout",
    "admin:logout",
    "javascript-catalog",
    "set_language",
    "healthz",
}


def verification_required(request) -> bool:
    user = getattr(request, "user", None)
    return bool(
        settings.STAFF_2FA_REQUIRED
        and user is not None
        and user.is_authenticated
        and user.is_staff
        and not user.is_verified()
    )


def _exempt(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in EXEMPT_URL_NAMES


def _wants_json(request) -> bool:
    """A script's request (the ticket page's activity poll asks for JSON only), which a redirect
    to an HTML page would not help; a browser's navigation prefers HTML."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if verification_required(request) and not _exempt(request.path_info):
            if request.path_info.startswith("/api/") or _wants_json(request):
                return JsonResponse({"detail": _("Two-factor verification is required for staff.")}, status=403)
            step = "two_factor_verify" if user_has_device(request.user) else "two_factor_setup"
            return redirect(f"{reverse(f'accounts:{step}')}?next={quote(request.get_full_path())}")
        return self.get_response(request)


_ENROLMENT_SESSION_KEY = "two_factor_enrolment_key"


def enrolment_start(request) -> TOTPDevice:
    """A new secret for this enrolment page, kept in this browser session only (never in the
    database until confirmed): someone else signed in with the same password, in another session,
    never sees it, and a page drawn later replaces it."""
    key = random_hex(20)
    request.session[_ENROLMENT_SESSION_KEY] = key
    return _unsaved_device(request.user, key)


def enrolment_pending(request) -> TOTPDevice | None:
    """The device this session is enrolling (the secret its last setup page showed), or None."""
    key = request.session.get(_ENROLMENT_SESSION_KEY)
    if not isinstance(key, str) or len(key) != 40:
        return None
    return _unsaved_device(request.user, key)


def enrolment_confirm(request, device: TOTPDevice, token: str) -> bool:
    """Save the device, confirmed, if ``token`` is its current code. A wrong code stores nothing
    (django-otp's ``verify_token`` would save the unconfirmed device, secret and all, to count the
    failure) and lets the person try the next code against the same QR code."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not token.isdigit() or not totp.verify(int(token), device.tolerance):
        return False
    device.last_t = totp.t()
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    request.session.pop(_ENROLMENT_SESSION_KEY, None)
    return True


def _unsaved_device(user, key: str) -> TOTPDevice:
    return TOTPDevice(user=user, name=_("Authenticator app"), key=key, confirmed=False)


def has_confirmed_device(user) -> bool:
    return any(devices_for_user(user, confirmed=True))


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG QR code (generated here: the secret never leaves the server)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")
