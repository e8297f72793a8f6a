"""Request-level guards that must run before any body is read."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuse bodies larger than ``REQUEST_MAX_BYTES`` with a 413 before anything parses them.

    Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not file parts, so without this
    a client could stream gigabytes into temporary files before a view says no.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return JsonResponse({"detail": _("The request is too large.")}, status=413)
        return self.get_response(request)
