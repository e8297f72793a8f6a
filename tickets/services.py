"""Writes. Each public function is one business operation in one transaction, leaves a
``TicketEvent`` naming its actor, and queues side effects to run after commit."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notifications, rules, sla
from .exceptions import IdempotencyConflict, InvalidTransition, TicketClosed
from .images import CleanImage
from .models import (
    Channel,
    IdempotencyRecord,
    Message,
    Screenshot,
    SlaPolicy,
    Status,
    Team,
    Ticket,
    TicketEvent,
    TicketType,
    can_transition,
    new_reference,
)

# How many times to draw a new reference if a random one is already taken.
_REFERENCE_ATTEMPTS = 5


@dataclass(frozen=True)
class TicketInput:
    """What a customer may say about their problem; nothing here can set priority or status."""

    title: str
    description: str
    type: TicketType
    contact_email: str
    contact_phone: str = ""
    language: str = "en"
    transaction_id: str = ""
    asset: str = ""
    network: str = ""
    amount: Decimal | None = None
    occurred_at: datetime | None = None
    attempted_steps: str = ""
    screenshots: list[CleanImage] = field(default_factory=list)

    def fingerprint(self) -> str:
        """A stable hash of the request, for Idempotency-Key comparisons."""
        data = {
            "title": self.title,
            "description": self.description,
            "type": self.type.slug,
            "contact_email": self.contact_email.lower(),
            "contact_phone": self.contact_phone,
            "language": self.language,
            "transaction_id": self.transaction_id,
            "asset": self.asset,
            "network": self.network,
            "amount": None if self.amount is None else str(self.amount.normalize()),
            "occurred_at": None if self.occurred_at is None else self.occurred_at.isoformat(),
            "attempted_steps": self.attempted_steps,
            "screenshots": [hashlib.sha256(s.content).hexdigest() for s in self.screenshots],
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _targets_for(priority: str) -> sla.Targets:
    policy = SlaPolicy.objects.filter(priority=priority).first()
    if policy is None:
        return sla.DEFAULT_TARGETS[priority]
    from datetime import timedelta

    return sla.Targets(
        first_response=timedelta(minutes=policy.first_response_minutes),
        resolution=timedelta(minutes=policy.resolution_minutes),
    )


def _event(ticket: Ticket, actor, kind: str, before=None, after=None) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        before=before,
        after=after,
    )


def _role_of(user) -> str:
    if user is not None and getattr(user, "is_authenticated", False) and user.is_agent:
        return Message.AuthorRole.AGENT
    return Message.AuthorRole.CUSTOMER


def _store_screenshots(*, ticket: Ticket, message: Message | None, images: list[CleanImage], uploaded_by) -> list:
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


def ticket_create(
    *,
    data: TicketInput,
    requester=None,
    channel: str = Channel.WEB,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket for ``requester`` (None for a guest) and tell the customer and the team.

    With ``idempotency_key`` (API clients, requester required), a repeat of the same request
    returns the ticket the first one created; the same key with other content raises
    IdempotencyConflict. The key row is written first, in the ticket's transaction, so two
    concurrent retries serialise on its unique constraint and only one ticket is ever made.
    """
    now = now or timezone.now()
    fingerprint = data.fingerprint() if idempotency_key else None
    if idempotency_key:
        existing = _idempotent_replay(requester, idempotency_key, fingerprint)
        if existing is not None:
            return existing
    try:
        return _ticket_create(
            data=data,
            requester=requester,
            channel=channel,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            now=now,
        )
    except IntegrityError:
        if idempotency_key:
            existing = _idempotent_replay(requester, idempotency_key, fingerprint)
            if existing is not None:
                return existing
        raise


def _idempotent_replay(requester, key: str, fingerprint: str) -> Ticket | None:
    record = IdempotencyRecord.objects.select_related("ticket").filter(user=requester, key=key).first()
    if record is None:
        return None
    if record.request_hash != fingerprint:
        raise IdempotencyConflict()
    return record.ticket


def _ticket_create(*, data, requester, channel, idempotency_key, fingerprint, now) -> Ticket:
    ticket_type = data.type
    team = ticket_type.default_team
    if team is None:
        team = Team.objects.filter(tier=1).order_by("slug").first()
    routing = rules.initial_routing(
        default_priority=ticket_type.default_priority,
        default_team_id=team.pk if team else None,
        default_team_tier=team.tier if team else None,
    )
    deadlines = sla.initial_deadlines(start=now, targets=_targets_for(routing.priority))

    for attempt in range(_REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                ticket = Ticket(
                    reference=new_reference(),
                    title=data.title,
                    description=data.description,
                    type=ticket_type,
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
                    team_id=routing.team_id,
                    requester=requester if getattr(requester, "is_authenticated", False) else None,
                    status=Status.NEW,
                    first_response_due=deadlines.first_response_due,
                    resolution_due=deadlines.resolution_due,
                    sla_due=deadlines.nearest,
                )
                ticket.save()
                if idempotency_key:
                    IdempotencyRecord.objects.create(
                        user=requester, key=idempotency_key, request_hash=fingerprint, ticket=ticket
                    )
                _store_screenshots(ticket=ticket, message=None, images=data.screenshots, uploaded_by=requester)
                _event(
                    ticket,
                    requester,
                    TicketEvent.Kind.CREATED,
                    after={
                        "priority": ticket.priority,
                        "status": ticket.status,
                        "tier": ticket.tier,
                        "team": team.slug if team else None,
                        "channel": channel,
                    },
                )
                _event(
                    ticket,
                    None,
                    TicketEvent.Kind.SLA,
                    after={
                        "first_response_due": ticket.first_response_due.isoformat(),
                        "resolution_due": ticket.resolution_due.isoformat(),
                    },
                )
                notifications.ticket_created(ticket)
                return ticket
        except IntegrityError:
            # Only a reference collision is worth another try; anything else goes up.
            if idempotency_key or attempt == _REFERENCE_ATTEMPTS - 1:
                raise
            if not Ticket.objects.filter(reference=ticket.reference).exists():
                raise
    raise AssertionError("unreachable")


def ticket_reply(
    *,
    ticket: Ticket,
    author,
    body: str,
    internal: bool = False,
    channel: str = Channel.WEB,
    screenshots: list[CleanImage] = (),
    now: datetime | None = None,
) -> Message:
    """Add a public reply or (agents only) an internal note, with optional screenshots.

    A customer's reply reopens a pending or solved ticket; an agent's first public reply
    records the first response. Closed tickets take no more messages.
    """
    now = now or timezone.now()
    role = _role_of(author)
    if role != Message.AuthorRole.AGENT:
        internal = False
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.status == Status.CLOSED:
            raise TicketClosed()
        message = Message.objects.create(
            ticket=ticket,
            author=author if getattr(author, "is_authenticated", False) else None,
            author_role=role,
            body=body,
            internal=internal,
            channel=channel,
        )
        _store_screenshots(ticket=ticket, message=message, images=list(screenshots), uploaded_by=author)
        _event(
            ticket,
            author,
            TicketEvent.Kind.NOTE if internal else TicketEvent.Kind.REPLIED,
            after={"message": message.pk, "role": role, "screenshots": len(screenshots)},
        )
        update_fields = ["updated_at"]
        if role == Message.AuthorRole.CUSTOMER and ticket.status in (Status.PENDING, Status.SOLVED):
            _set_status(ticket, Status.OPEN, actor=author, now=now)
            update_fields += ["status", "solved_at"]
        elif role == Message.AuthorRole.AGENT and not internal:
            if ticket.first_responded_at is None:
                ticket.first_responded_at = now
                update_fields.append("first_responded_at")
            if ticket.status == Status.NEW:
                _set_status(ticket, Status.OPEN, actor=author, now=now)
                update_fields += ["status"]
        _refresh_sla_due(ticket)
        ticket.save(update_fields=sorted(set([*update_fields, "sla_due"])))
        if not internal:
            notifications.ticket_replied(ticket, message)
        return message


def ticket_add_screenshots(*, ticket: Ticket, actor, screenshots: list[CleanImage]) -> list[Screenshot]:
    """Attach screenshots to a ticket outside a message."""
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.status == Status.CLOSED:
            raise TicketClosed()
        stored = _store_screenshots(ticket=ticket, message=None, images=screenshots, uploaded_by=actor)
        _event(ticket, actor, TicketEvent.Kind.SCREENSHOTS, after={"count": len(stored)})
        ticket.save(update_fields=["updated_at"])
        return stored


def ticket_change_status(*, ticket: Ticket, actor, status: str, now: datetime | None = None) -> Ticket:
    """Move a ticket along the transition table; raise InvalidTransition otherwise."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.status == status:
            return ticket
        _set_status(ticket, status, actor=actor, now=now)
        _refresh_sla_due(ticket)
        ticket.save(update_fields=["status", "solved_at", "closed_at", "sla_due", "updated_at"])
        return ticket


def _set_status(ticket: Ticket, status: str, *, actor, now: datetime) -> None:
    if not can_transition(ticket.status, status):
        raise InvalidTransition()
    before = ticket.status
    ticket.status = status
    if status == Status.SOLVED:
        ticket.solved_at = now
    elif status == Status.CLOSED:
        ticket.closed_at = now
    elif before == Status.SOLVED:
        ticket.solved_at = None
    _event(ticket, actor, TicketEvent.Kind.STATUS, before={"status": before}, after={"status": status})


def ticket_set_priority(*, ticket: Ticket, actor, priority: str) -> Ticket:
    return _set_field(ticket=ticket, actor=actor, name="priority", value=priority, kind=TicketEvent.Kind.PRIORITY)


def ticket_assign(*, ticket: Ticket, actor, assignee) -> Ticket:
    return _set_field(ticket=ticket, actor=actor, name="assignee", value=assignee, kind=TicketEvent.Kind.ASSIGNED)


def ticket_set_team(*, ticket: Ticket, actor, team: Team | None) -> Ticket:
    return _set_field(ticket=ticket, actor=actor, name="team", value=team, kind=TicketEvent.Kind.TEAM)


def _set_field(*, ticket: Ticket, actor, name: str, value, kind: str) -> Ticket:
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        before = getattr(ticket, name)
        if before == value:
            return ticket
        setattr(ticket, name, value)
        ticket.save(update_fields=[name, "updated_at"])
        _event(ticket, actor, kind, before={name: _describe(before)}, after={name: _describe(value)})
        return ticket


def _describe(value):
    if value is None or isinstance(value, (str, int)):
        return value
    return str(value)


def _refresh_sla_due(ticket: Ticket) -> None:
    ticket.sla_due = sla.nearest_open_deadline(
        first_response_due=ticket.first_response_due,
        first_responded=ticket.first_responded_at is not None,
        resolution_due=ticket.resolution_due,
        active=ticket.is_active,
    )
