"""The floor under every write on the site and in the admin: ``site_write`` per account, or per
address for visitors who are not signed in.

Pages with a tighter allowance of their own apply it themselves (``supportdesk.limits``); this
catches every other POST, PUT, PATCH and DELETE, including ones added later, so no writing route is
without a limit. The REST API is left to its throttles (``supportdesk.api.throttling``), which every
API view applies. A view whose own limits must not be shared with anything else (the emergency
freeze: a neighbour on the same network must not block a victim) says so with
``view.own_write_limits = True``.
"""

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from . import limits

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def too_many_requests(request, wait: int) -> HttpResponse:
    message = _("Too many requests in a short time. Wait %(seconds)d seconds, then try again.") % {"seconds": wait}
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = HttpResponse(loader.render_to_string("429.html", {"message": message}, request), status=429)
    response["Retry-After"] = str(wait)
    return response


class WriteLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or request.path.startswith("/api/"):
            return None
        if getattr(view_func, "own_write_limits", False):
            return None
        user = getattr(request, "user", None)
        key = f"user:{user.pk}" if user is not None and user.is_authenticated else limits.client_address(request)
        wait = limits.hit("site_write", key)
        return None if wait is None else too_many_requests(request, wait)
