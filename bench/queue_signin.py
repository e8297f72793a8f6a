"""Staff for the queue benchmark, signed in as a person does: the admin's login form with a
password, then the two-factor page with the current code of a TOTP device made for them (computed
here, RFC 6238), so every measured request carries a real, verified session."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, Request, build_opener

from bench.child import run_child

QUEUE_PATH = "/admin/tickets/ticket/"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(
    key_hex: str, *, step: int = 30, t0: int = 0, digits: int = 6, drift: int = 0, now: float | None = None
) -> str:
    """The code an authenticator app shows for a django-otp ``TOTPDevice`` (RFC 6238, HMAC-SHA1)."""
    counter = int(((time.time() if now is None else now) - t0) // step) + drift
    mac = hmac.new(bytes.fromhex(key_hex), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


STAFF_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from tickets.roles import agents_group, supervisors_group
from tickets.models import Team

User = get_user_model()
out = {{}}
for role in ("agent", "supervisor"):
    user, _ = User.objects.update_or_create(
        username="bench-queue-" + role,
        defaults={{"email": "bench-queue-" + role + "@supportdesk.example", "is_staff": True, "is_active": True,
                   "first_name": role.title()}},
    )
    user.set_password({password!r})
    user.save()
    if role == "agent":
        user.groups.add(agents_group())
        Team.objects.get(slug="frontline").members.add(user)
    else:
        user.groups.add(supervisors_group())
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="bench authenticator", confirmed=True)
    out[role] = {{"id": user.pk, "username": user.username, "key": device.key, "step": device.step,
                  "t0": device.t0, "digits": device.digits, "drift": device.drift,
                  "teams": list(user.support_teams.values_list("id", flat=True))}}
print("STAFF " + json.dumps(out))
"""


class Browser:
    """Cookies and redirects as a browser keeps them, for signing in (not for the load)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.jar = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def open(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        url = path if path.startswith("http") else self.base_url + path
        body = urlencode(data).encode() if data is not None else None
        request = Request(url, data=body, headers={"Accept": "text/html"})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.url, response.read().decode("utf-8", "replace")
        except HTTPError as exc:
            return exc.code, exc.url, exc.read().decode("utf-8", "replace")

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar if c.name in ("sessionid", "csrftoken"))


def _csrf(page: str, where: str) -> str:
    match = CSRF_FIELD.search(page)
    if not match:
        raise RuntimeError(f"{where}: no CSRF token in the page")
    return match.group(1)


def sign_in(base_url: str, staff: dict, password: str) -> dict:
    """Password on /admin/login/, then the TOTP code on the two-factor page; returns the Cookie
    header of the verified session and the two-factor URL the server sent the session to."""
    browser = Browser(base_url)
    login = f"/admin/login/?next={quote(QUEUE_PATH)}"
    status, _, page = browser.open(login)
    if status != 200:
        raise RuntimeError(f"/admin/login/ answered {status}")
    form = {"username": staff["username"], "password": password, "next": QUEUE_PATH}
    status, url, page = browser.open(login, {**form, "csrfmiddlewaretoken": _csrf(page, "/admin/login/")})
    if "/2fa/verify/" not in urlsplit(url).path:
        raise RuntimeError(f"after the password the server did not ask for the second factor: {status} {url}")
    verify_url = url
    code = totp(staff["key"], step=staff["step"], t0=staff["t0"], digits=staff["digits"], drift=staff["drift"])
    form = {"token": code, "next": QUEUE_PATH, "csrfmiddlewaretoken": _csrf(page, "the two-factor page")}
    status, url, page = browser.open(verify_url, form)
    if status != 200 or urlsplit(url).path != QUEUE_PATH or 'id="changelist"' not in page:
        raise RuntimeError(f"the TOTP code was not accepted: {status} {url}")
    return {"cookie": browser.cookie_header(), "two_factor_url": urlsplit(verify_url).path}


def create_staff(env: dict[str, str], password: str) -> dict:
    """``agent`` (front-line team only: a team-scoped queue) and ``supervisor`` (every ticket)."""
    script = STAFF_SCRIPT.format(password=password)
    args = ["manage.py", "shell", "-c", script]
    return run_child(args, env=env, marker="STAFF", what="creating the bench staff", timeout=120)
