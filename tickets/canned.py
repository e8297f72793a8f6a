"""Canned responses: ``{{ placeholder }}`` substitution, nothing more.

Deliberately not the Django template engine: a canned text is data an admin types, and it must
not be able to reach template tags, filters or object attributes. Unknown placeholders are left
visible so the agent sees and fixes them before sending; the admin form refuses them on save.
"""

import re

from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

# name → what it is, for the admin's help text.
PLACEHOLDERS = {
    "customer_name": _("the customer's name (or the start of their e-mail address)"),
    "reference": _("the ticket reference, e.g. SD-7KQ2MX"),
    "ticket_title": _("the ticket title"),
    "agent_name": _("your first name"),
    "asset": _("the asset on the ticket, e.g. USDT"),
    "network": _("the network on the ticket, e.g. TRC20"),
}


def unknown_placeholders(body: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(body or "") if name not in PLACEHOLDERS})


def customer_name(ticket) -> str:
    requester = ticket.requester
    if requester is not None:
        name = requester.get_full_name().strip() or requester.first_name.strip()
        if name:
            return name
    return (ticket.contact_email or "").split("@")[0]


def agent_name(agent) -> str:
    return (agent.first_name or agent.get_full_name() or agent.get_username()).strip()


def placeholder_values(*, ticket, agent) -> dict[str, str]:
    return {
        "customer_name": customer_name(ticket),
        "reference": ticket.reference,
        "ticket_title": ticket.title,
        "agent_name": agent_name(agent),
        "asset": ticket.asset,
        "network": ticket.network,
    }


def render(body: str, values: dict[str, str]) -> str:
    """Fill the known placeholders; leave unknown ones as written."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), body)
