"""Every admin is as narrow as its list: a front-line agent opens no record of a security ticket.

The review found ``NotificationAdmin`` scoped its list but not its change view: a front-line agent
read a tier-3 ticket's mail (and the guest's signed link) by walking ids. This walks every
registered ModelAdmin: each one is either tied to tickets (and then its change, history and delete
pages answer 403 or 404 for a record of a security ticket, and its list leaves the record out) or
declared here as holding no ticket's data. A new admin fails until it is put in one of the two.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from assistant.models import Conversation
from tests.factories import AgentFactory, UserFactory
from tickets import services
from tickets.models import CustomerNote, Notification, Team, TicketType

pytestmark = pytest.mark.django_db

# Admins whose records belong to no ticket (configuration, the help centre, staff groups).
NOT_TICKET_DATA = {
    "auth.group": "staff roles",
    "tickets.team": "configuration",
    "tickets.tickettype": "configuration",
    "tickets.businesscalendar": "configuration",
    "tickets.slapolicy": "configuration",
    "tickets.priorityrule": "configuration",
    "tickets.cannedresponse": "configuration",
    "tickets.tag": "labels agents share; a tag names no customer",
    "knowledgebase.category": "help centre",
    "knowledgebase.article": "help centre",
    "knowledgebase.articlerevision": "help centre",
    "knowledgebase.articlefeedback": "help centre votes, tied to no ticket",
    "knowledgebase.searchlog": "help centre searches, tied to no ticket",
    "safety.officialchannel": "our official channels, public by design",
}


@pytest.fixture
def security_ticket(reference_data):
    customer = UserFactory(email="victim@example.com", username="victim@example.com")
    ticket = services.ticket_emergency_freeze(
        data=services.FreezeRequest(contact_email=customer.email, what_happened="Someone withdrew my BTC"),
        requester=customer,
    ).ticket
    assert (ticket.tier, ticket.team.slug) == (3, "security")
    return ticket


def _records(ticket) -> dict:
    """For each admin tied to tickets: a record that belongs to ``ticket``."""
    customer = ticket.requester
    security_agent = AgentFactory(teams=[Team.objects.get(slug="security")])
    services.customer_note_add(ticket=ticket, body="Called from a new phone", author=security_agent)
    return {
        "tickets.ticket": ticket,
        "tickets.notification": Notification.objects.filter(ticket=ticket).first(),
        "tickets.customernote": CustomerNote.objects.get(account=customer),
        "accounts.user": customer,
        "authtoken.tokenproxy": Token.objects.create(user=customer),
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=security_agent, name="phone", confirmed=True),
        "assistant.conversation": Conversation.objects.create(ticket=ticket, state=Conversation.State.TICKET),
    }


def test_every_admin_is_classified():
    registered = {model._meta.label_lower for model in admin.site._registry}
    tied_to_tickets = {
        "tickets.ticket",
        "tickets.notification",
        "tickets.customernote",
        "accounts.user",
        "authtoken.tokenproxy",
        "otp_totp.totpdevice",
        "assistant.conversation",
    }
    assert registered == tied_to_tickets | set(NOT_TICKET_DATA), (
        "classify the new admin: tied to tickets (add it to _records) or in NOT_TICKET_DATA"
    )


def test_a_front_line_agent_opens_no_record_of_a_security_ticket_in_any_admin(security_ticket):
    records = _records(security_ticket)
    frontline = AgentFactory(teams=[Team.objects.get(slug="frontline")])
    client = Client()
    client.force_login(frontline)
    for label, record in records.items():
        assert record is not None, label
        app_label, model_name = label.split(".")
        for view in ("change", "history", "delete"):
            url = reverse(f"admin:{app_label}_{model_name}_{view}", args=[record.pk])
            status = client.get(url).status_code
            assert status in (403, 404), f"{label} {view}: {status}"
        listing = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
        if listing.status_code == 200:
            page = listing.content.decode()
            assert f"/{record.pk}/change/" not in page, f"{label} lists the record"
            assert security_ticket.reference not in page, f"{label} lists the ticket"


def test_a_security_agent_does_open_them(security_ticket):
    """The scope is the ticket's, not a blanket refusal: the team that works the ticket reads its mail."""
    records = _records(security_ticket)
    security_agent = AgentFactory(teams=[Team.objects.get(slug="security")])
    client = Client()
    client.force_login(security_agent)
    for label in ("tickets.ticket", "tickets.notification", "tickets.customernote"):
        app_label, model_name = label.split(".")
        url = reverse(f"admin:{app_label}_{model_name}_change", args=[records[label].pk])
        assert client.get(url).status_code == 200, label


def test_notification_bodies_keep_no_signed_link(reference_data, settings):
    """What the review read through the admin: the guest's signed link in a stored notification body."""
    from tests.conftest import deliver_outbox

    ticket = services.ticket_create(
        data=services.TicketInput(
            title="Help", description="Please", type=TicketType.objects.get(slug="other"), contact_email="g@example.com"
        )
    )
    deliver_outbox()
    from django.core import mail

    sent = next(m for m in mail.outbox if m.to == ["g@example.com"])
    assert "?token=" in sent.body, "the guest still gets their link"
    stored = Notification.objects.get(ticket=ticket, to_email="g@example.com")
    assert "?token=" not in stored.body and f"/tickets/{ticket.reference}/" in stored.body
