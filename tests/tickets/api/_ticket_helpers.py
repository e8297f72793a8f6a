"""Helpers shared by the ticket API's test modules: endpoint URLs, a clean screenshot, a ticket, a multipart POST."""

from tests.tickets.api._create_helpers import multipart as build_multipart
from tests.tickets.make import make_ticket as shared_make_ticket
from tests.tickets.test_images import png_bytes
from tickets.images import sanitize_image
from tickets.models import Ticket

LIST = "/api/v1/tickets/"


def detail_url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.reference}/"


def messages_url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.reference}/messages/"


def screenshots_url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.reference}/screenshots/"


def clean(name="shot.png", content=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return sanitize_image(SimpleUploadedFile(name, content or png_bytes(), content_type="image/png"))


def make_ticket(requester=None, *, type_slug="trading", **fields) -> Ticket:
    return shared_make_ticket(
        requester, type_slug=type_slug, email=getattr(requester, "email", "") or "guest@example.net", **fields
    )


def multipart(client, url, files, fields=None):
    body, content_type = build_multipart(fields or {}, files)
    return client.generic("POST", url, body, content_type=content_type)
