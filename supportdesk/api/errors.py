"""One error shape for the whole API.

Validation problems become ``{"errors": {field: [messages]}}``; everything else keeps DRF's
``{"detail": message}``. Both with a 4xx status.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from supportdesk.exceptions import DomainError


def _as_field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {key: value if isinstance(value, list) else [value] for key, value in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": detail}
    return {"non_field_errors": [detail]}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        response = Response({"errors": exc.as_dict()}, status=exc.http_status)
        if getattr(exc, "wait", None):
            response["Retry-After"] = str(exc.wait)
        return response
    if isinstance(exc, RequestDataTooBig):
        # Form fields or a JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE: the same answer as the
        # size-limit middleware gives for the whole request.
        return Response({"detail": _("The request is too large.")}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, SuspiciousOperation):
        # Too many fields or files, a body over the limit, a malformed multipart stream.
        return Response({"detail": _("The request could not be read.")}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        return Response({"errors": _as_field_errors(exc.detail)}, status=exc.status_code)
    return drf_exception_handler(exc, context)
