"""Ticket intake: open a ticket from what a customer said (``tickets.intake.TicketInput``), route it
by the rules, start its SLA clocks and tell the customer and the team, in one transaction."""

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tickets import intake, notifications, refdata, rules
from tickets.exceptions import IdempotencyConflict
from tickets.images import CleanImage
from tickets.intake import TicketInput
from tickets.models import (
    Channel,
    IdempotencyRecord,
    Message,
    Screenshot,
    Status,
    Team,
    Ticket,
    TicketEvent,
    new_reference,
)

from . import clocks
from .primitives import secrets_removed_record, sla_snapshot

# How many times to draw a new reference if a random one is already taken.
_REFERENCE_ATTEMPTS = 5


def ticket_create(
    *,
    data: TicketInput,
    requester=None,
    channel: str = Channel.WEB,
    idempotency_key: str | None = None,
    emergency: bool = False,
    reported_channel: str = "",
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket for ``requester`` (None for a guest) and tell the customer and the team.

    Secrets the customer pasted (a seed phrase, a key, a password, a code) are removed before
    anything is stored (``intake.guarded``); the ticket gets an event and a tag saying so, and
    ``ticket.secrets_removed`` names the kinds for the edge to warn the customer.
    With ``idempotency_key`` (API clients, requester required), a repeat of the same request
    returns the ticket the first one created; the same key with other content raises
    IdempotencyConflict. The key row is written in the ticket's transaction, so two concurrent
    retries serialise on its unique constraint and only one ticket is ever made.
    ``emergency`` (the "freeze my account" path) makes it urgent and sends it to tier 3;
    ``reported_channel`` (a fake-channel report) is the key one open report per channel is kept by.
    """
    now = now or timezone.now()
    data, secrets = intake.guarded(data)
    intake.check(data, now=now)
    fingerprint = data.fingerprint() if idempotency_key else None
    ticket = _idempotent_replay(requester, idempotency_key, fingerprint) if idempotency_key else None
    if ticket is None:
        try:
            ticket = _create_with_a_free_reference(
                data=data,
                requester=requester,
                channel=channel,
                idempotency=(idempotency_key, fingerprint),
                emergency=emergency,
                secrets=secrets,
                now=now,
                reported_channel=reported_channel,
            )
        except IntegrityError:
            ticket = _idempotent_replay(requester, idempotency_key, fingerprint) if idempotency_key else None
            if ticket is None:
                raise
    ticket.secrets_removed = secrets
    return ticket


def _idempotent_replay(requester, key: str, fingerprint: str) -> Ticket | None:
    record = IdempotencyRecord.objects.select_related("ticket").filter(user=requester, key=key).first()
    if record is None:
        return None
    if record.request_hash != fingerprint:
        raise IdempotencyConflict()
    return record.ticket


def _create_with_a_free_reference(
    *, data: TicketInput, requester, channel, idempotency, emergency, secrets, now, reported_channel=""
):
    """One transaction per attempt: a reference drawn at random may be taken (about once in 600,000)."""
    routing, team, applied_rules = _initial_routing(data=data, requester=requester, emergency=emergency)
    account = requester if getattr(requester, "is_authenticated", False) else None
    for attempt in range(_REFERENCE_ATTEMPTS):
        ticket = _new_ticket(data, routing=routing, team=team, requester=account, channel=channel, now=now)
        ticket.emergency, ticket.reported_channel = emergency, reported_channel
        try:
            with transaction.atomic(durable=True):
                _store(ticket, data, account=account, idempotency=idempotency, now=now)
                _record_creation(ticket, account, applied_rules=applied_rules, emergency=emergency)
                secrets_removed_record(ticket, account, secrets)
                notifications.ticket_created(ticket, emergency=emergency)
                return ticket
        except IntegrityError:
            # Only a reference collision is worth another try; anything else goes up.
            if idempotency[0] or attempt == _REFERENCE_ATTEMPTS - 1:
                raise
            if not Ticket.objects.filter(reference=ticket.reference).exists():
                raise
    raise AssertionError("unreachable")


def _new_ticket(data: TicketInput, *, routing, team, requester, channel, now) -> Ticket:
    return Ticket(
        reference=new_reference(),
        title=data.title,
        description=data.description,
        type=refdata.get().types_by_id.get(routing.type_id) or data.type,
        transaction_id=data.transaction_id,
        asset=data.asset.upper(),
        network=data.network,
        amount=data.amount,
        occurred_at=data.occurred_at,
        attempted_steps=data.attempted_steps,
        contact_email=data.contact_email,
        contact_phone=data.contact_phone,
        language=data.language,
        channel=channel,
        priority=routing.priority,
        tier=routing.tier,
        team=team,
        requester=requester,
        status=Status.NEW,
        created_at=now,
    )


def _store(ticket: Ticket, data: TicketInput, *, account, idempotency, now) -> None:
    clocks.start(ticket, now=now)
    ticket.save()
    clocks.arm_timers(ticket, fresh=True)
    key, fingerprint = idempotency
    if key:
        IdempotencyRecord.objects.create(user=account, key=key, request_hash=fingerprint, ticket=ticket)
    store_screenshots(ticket=ticket, message=None, images=data.screenshots, uploaded_by=account)


def _record_creation(ticket: Ticket, actor, *, applied_rules, emergency: bool) -> None:
    created = {
        "priority": ticket.priority,
        "status": ticket.status,
        "tier": ticket.tier,
        "team": ticket.team.slug if ticket.team else None,
        "channel": ticket.channel,
        "emergency": emergency,
    }
    events = [
        TicketEvent(ticket=ticket, actor=actor, kind=TicketEvent.Kind.CREATED, after=created),
        TicketEvent(ticket=ticket, kind=TicketEvent.Kind.SLA, after=sla_snapshot(ticket)),
    ]
    if applied_rules:
        events.append(TicketEvent(ticket=ticket, kind=TicketEvent.Kind.RULE, after={"rules": applied_rules}))
    TicketEvent.objects.bulk_create(events)


def _initial_routing(*, data: TicketInput, requester, emergency: bool) -> tuple[rules.Routing, Team | None, list]:
    """Type defaults, then keyword rules and the VIP raise; an emergency is urgent at tier 3."""
    reference = refdata.get()
    ticket_type = data.type
    default_team = ticket_type.default_team or reference.team_for_tier(1)
    base = rules.Routing(
        priority=ticket_type.default_priority, type_id=ticket_type.pk, tier=default_team.tier if default_team else 1
    )
    customer_tier = requester.tier if getattr(requester, "is_authenticated", False) else "standard"
    routing, applied = rules.route(
        base=base,
        text=f"{data.title}\n{data.description}",
        rules=list(reference.keyword_rules),
        customer_tier=customer_tier,
    )
    if emergency:
        routing = rules.Routing(priority=rules.EMERGENCY_PRIORITY, type_id=routing.type_id, tier=rules.EMERGENCY_TIER)
    team = default_team
    if routing.type_id != ticket_type.pk:
        team = reference.types_by_id[routing.type_id].default_team or team
    if team is None or team.tier != routing.tier:
        team = reference.team_for_tier(routing.tier) or team
    return routing, team, applied


def store_screenshots(*, ticket: Ticket, message: Message | None, images: list[CleanImage], uploaded_by) -> list:
    stored = []
    for image in images:
        shot = Screenshot(
            ticket=ticket,
            message=message,
            uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
            image_format=image.image_format,
            original_name=image.original_name,
            width=image.width,
            height=image.height,
            size=len(image.content),
        )
        shot.file.save("upload", ContentFile(image.content), save=False)
        shot.save()
        stored.append(shot)
    return stored
