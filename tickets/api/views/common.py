"""What every ticket API view shares: the reference lookup (someone else's ticket is a 404), the
detail shape, the error schema, and the throttle on endpoints under one reference."""

import re

from django.http import Http404
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from supportdesk.api.schema import error_responses
from supportdesk.api.throttling import ScopedRateThrottle
from tickets import roles, selectors
from tickets.models import REFERENCE_REGEX

from ..serializers import ticket_output_class

_REFERENCE = re.compile(REFERENCE_REGEX)


def api_errors(*codes: int) -> dict:
    return error_responses(*codes, e409="The ticket is closed.")


def get_ticket(request, reference: str):
    # Anything that cannot be a reference is a 404 without a query (and without NUL bytes
    # reaching PostgreSQL).
    if not _REFERENCE.fullmatch(reference.upper()):
        raise Http404
    return selectors.ticket_get_for_user(reference=reference, user=request.user)


def ticket_detail(request, ticket, *, new: bool = False, with_screenshots: bool = True) -> dict:
    """The detail shape; for a ticket just created (``new``) there is nothing to read back but
    the screenshots that came with it."""
    agent = roles.is_agent(request.user)
    if new:
        messages = []
        screenshots = list(selectors.ticket_attachments(ticket=ticket)) if with_screenshots else []
    else:
        messages = selectors.ticket_messages(ticket=ticket, include_internal=agent)
        screenshots = selectors.ticket_screenshots(ticket=ticket, include_internal=agent)
    context = {"request": request, "now": timezone.now(), "messages": messages, "screenshots": screenshots}
    return ticket_output_class(agent=agent, detail=True)(ticket, context=context).data


def uploaded_screenshots(request) -> list:
    return request.FILES.getlist("screenshots")


class TicketScopedApi(APIView):
    """Endpoints under one ticket's reference: throttled so references cannot be swept."""

    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, ScopedRateThrottle]
    throttle_scope = "reference_lookup"
