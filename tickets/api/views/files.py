"""``/screenshots/<id>/``: the only way to read a stored screenshot."""

import re

from django.http import FileResponse, Http404
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from tickets import selectors
from tickets.access import guest_grants

from .common import api_errors


class ScreenshotFileApi(APIView):
    """Serves one stored screenshot to those allowed to see its ticket.

    Token, session, or a guest's session holding the ticket's signed link. The bytes are ours
    (re-encoded on upload), and the headers make sure a browser treats them as an image only.
    """

    permission_classes = [AllowAny]

    def perform_content_negotiation(self, request, force=False):
        # The client asks for image/*; errors still go out as JSON rather than a 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="screenshots_retrieve",
        responses={
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            (200, "image/webp"): OpenApiTypes.BINARY,
            **api_errors(401, 404, 429),
        },
        description="The image itself, for the ticket's requester (or a guest holding its link) and agents.",
    )
    def get(self, request, public_id):
        shot = selectors.screenshot_get_for_user(
            public_id=public_id, user=request.user, guest_grants=guest_grants(request)
        )
        try:
            handle = shot.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=shot.content_type)
        response["Content-Disposition"] = content_disposition_header(False, _download_name(shot))
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response


def _download_name(shot) -> str:
    # ASCII letters, digits, dot, dash and underscore only, and always the real extension:
    # nothing the uploader chose can break out of the header or pose as another file type.
    stem = (shot.original_name or "").rsplit(".", 1)[0]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:60]
    return f"{stem or 'screenshot'}.{shot.extension}"
