"""The API's error shape in the OpenAPI schema, for every app's views."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

# What each 4xx means, unless a view says more precisely.
ERROR_DESCRIPTIONS = {
    400: "Invalid input: `errors` per field, or `detail` for an unreadable body.",
    401: "No or invalid credentials.",
    403: "Not allowed.",
    404: "Unknown, or not yours: the two are indistinguishable on purpose.",
    409: "The request conflicts with the current state (for example, the ticket is closed).",
    413: "The request body is too large.",
    415: "Unsupported content type.",
    422: "This Idempotency-Key was already used with a different request.",
    429: "Too many requests; retry after the `Retry-After` header.",
}


class ErrorSerializer(serializers.Serializer):
    """Every 4xx: ``errors`` for invalid input (field → messages), ``detail`` otherwise."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per input field; `non_field_errors` for the request as a whole.",
    )
    detail = serializers.CharField(required=False)


def error_responses(*codes: int, **descriptions: str) -> dict:
    """``responses`` entries for ``extend_schema``: ``error_responses(400, 404, e404="No such article.")``."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=descriptions.get(f"e{code}", ERROR_DESCRIPTIONS[code]))
        for code in codes
    }
