"""Helpers shared by the ticket page's test modules: a ticket with facts, the page's URLs, the messages shown."""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.tickets.make import make_ticket
from tickets.images import sanitize_image
from tickets.models import Ticket

POST_ENDPOINTS = ("reply", "assign-me", "tier", "merge", "tags", "customer-note")


def _png(name="proof.png"):
    buf = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "PNG")
    return sanitize_image(SimpleUploadedFile(name, buf.getvalue(), content_type="image/png"))


def _ticket(requester=None, *, email=None, language="en", title="Withdrawal stuck", **facts) -> Ticket:
    facts = {
        "network": "TRC20",
        "transaction_id": "0xabc123def4567890abc123def4567890",
        "amount": Decimal("250.5"),
        **facts,
    }
    return make_ticket(
        requester,
        email=email,
        language=language,
        title=title,
        description="My USDT withdrawal is pending since yesterday.",
        **facts,
    )


def _page_url(ticket) -> str:
    return f"/admin/tickets/ticket/{ticket.pk}/change/"


def _url(ticket, endpoint) -> str:
    return f"/admin/tickets/ticket/{ticket.pk}/{endpoint}/"


def _seen(client, ticket) -> int:
    return client.get(_page_url(ticket)).context["seen_message"]


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]
