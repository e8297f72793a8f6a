"""Requests refused before anything parses them: what Django itself would answer with a 500 or
let fill the disk.

- A ``charset`` in Content-Type that is unknown, not a text encoding (``rot13``) or not
  ASCII-compatible (``utf-16``). Django looks the charset up with ``codecs.lookup`` only, then
  decodes the query string with it *inside* ``WSGIRequest.__init__`` (the ``encoding`` setter
  evaluates ``request.GET``), before any middleware runs: every URL with a query string became a
  500. ``GuardedWSGIRequest`` leaves such a charset out of the request's parameters and marks the
  request; ``RequestGuardMiddleware`` answers it with a 400.
- Bodies larger than ``REQUEST_MAX_BYTES`` (413). Django limits form fields
  (DATA_UPLOAD_MAX_MEMORY_SIZE) but not file parts, so a client could stream gigabytes into
  temporary files before a view says no.
"""

import codecs

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

# A query string and a form body are ASCII-framed ("a=b&c=d"): a charset that re-encodes these
# characters (UTF-16, UTF-32, EBCDIC) cannot be decoded the way the client meant.
_ASCII_PROBE = "azAZ09=&%+-_.~;/"


def acceptable_charset(name: str) -> bool:
    """True for a text encoding that keeps ASCII as ASCII (UTF-8, Latin-1, GB18030, …)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return False
    if not getattr(info, "_is_text_encoding", True):
        return False
    try:
        return _ASCII_PROBE.encode(info.name) == _ASCII_PROBE.encode("ascii")
    except (UnicodeError, LookupError):
        return False


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header value, as sent."""
    for param in content_type.split(";")[1:]:
        key, _sep, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"')
    return None


class GuardedWSGIRequest(WSGIRequest):
    """A WSGIRequest that never decodes with an unusable charset (see the module docstring)."""

    unreadable_charset: str | None = None

    def _set_content_type_params(self, meta):
        charset = charset_of(meta.get("CONTENT_TYPE", ""))
        if charset is not None and not acceptable_charset(charset):
            self.unreadable_charset = charset
            main_type = meta.get("CONTENT_TYPE", "").split(";", 1)[0]
            meta = {**meta, "CONTENT_TYPE": main_type}
        super()._set_content_type_params(meta)


class GuardedWSGIHandler(WSGIHandler):
    request_class = GuardedWSGIRequest


def bad_request(request, message: str):
    """The 400 every layer answers with: JSON under /api/, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    try:
        body = loader.render_to_string("400.html", {"message": message}, request)
    except Exception:  # the error page must never turn a 400 into a 500
        body = message
    return HttpResponseBadRequest(body)


class RequestGuardMiddleware:
    """The 413 for an oversized body and the 400 for an unusable charset, before any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return JsonResponse({"detail": _("The request is too large.")}, status=413)
        if getattr(request, "unreadable_charset", None) is not None:
            return bad_request(request, _("The request's character set is not supported: send UTF-8."))
        return self.get_response(request)
