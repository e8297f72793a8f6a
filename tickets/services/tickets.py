"""Ticket intake, replies, status and field changes. Each public function is one business
operation in one transaction, leaves a ``TicketEvent`` naming its actor, and queues side effects
to run after commit."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tickets import notifications, refdata, rules
from tickets.exceptions import IdempotencyConflict, InvalidTransition, MissingFacts, TicketClosed
from tickets.images import CleanImage
from tickets.models import (
    Channel,
    IdempotencyRecord,
    Message,
    Screenshot,
    Status,
    Team,
    Ticket,
    TicketEvent,
    TicketType,
    can_transition,
    new_reference,
)

from . import clocks
from .common import record_event

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
        routing = rules.Routing(priority="urgent", type_id=routing.type_id, tier=3)
    team = default_team
    if routing.type_id != ticket_type.pk:
        team = reference.types_by_id[routing.type_id].default_team or team
    if team is None or team.tier != routing.tier:
        team = reference.team_for_tier(routing.tier) or team
    return routing, team, applied


def ticket_create(
    *,
    data: TicketInput,
    requester=None,
    channel: str = Channel.WEB,
    idempotency_key: str | None = None,
    emergency: bool = False,
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket for ``requester`` (None for a guest) and tell the customer and the team.

    With ``idempotency_key`` (API clients, requester required), a repeat of the same request
    returns the ticket the first one created; the same key with other content raises
    IdempotencyConflict. The key row is written in the ticket's transaction, so two concurrent
    retries serialise on its unique constraint and only one ticket is ever made.
    ``emergency`` (the "freeze my account" path) makes it urgent and sends it to tier 3.
    """
    now = now or timezone.now()
    missing = [name for name in data.type.required_fields if getattr(data, name, None) in (None, "")]
    if missing:
        raise MissingFacts(missing)
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
            emergency=emergency,
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


def _ticket_create(*, data, requester, channel, idempotency_key, fingerprint, emergency, now) -> Ticket:
    routing, team, applied_rules = _initial_routing(data=data, requester=requester, emergency=emergency)
    for attempt in range(_REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                ticket = Ticket(
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
                    requester=requester if getattr(requester, "is_authenticated", False) else None,
                    status=Status.NEW,
                    emergency=emergency,
                    created_at=now,
                )
                clocks.start(ticket, now=now)
                ticket.save()
                clocks.arm_timers(ticket, fresh=True)
                if idempotency_key:
                    IdempotencyRecord.objects.create(
                        user=requester, key=idempotency_key, request_hash=fingerprint, ticket=ticket
                    )
                _store_screenshots(ticket=ticket, message=None, images=data.screenshots, uploaded_by=requester)
                actor = requester if getattr(requester, "is_authenticated", False) else None
                events = [
                    TicketEvent(
                        ticket=ticket,
                        actor=actor,
                        kind=TicketEvent.Kind.CREATED,
                        after={
                            "priority": ticket.priority,
                            "status": ticket.status,
                            "tier": ticket.tier,
                            "team": team.slug if team else None,
                            "channel": channel,
                            "emergency": emergency,
                        },
                    ),
                    TicketEvent(ticket=ticket, kind=TicketEvent.Kind.SLA, after=_sla_snapshot(ticket)),
                ]
                if applied_rules:
                    events.append(
                        TicketEvent(ticket=ticket, kind=TicketEvent.Kind.RULE, after={"rules": applied_rules})
                    )
                TicketEvent.objects.bulk_create(events)
                notifications.ticket_created(ticket, emergency=emergency)
                return ticket
        except IntegrityError:
            # Only a reference collision is worth another try; anything else goes up.
            if idempotency_key or attempt == _REFERENCE_ATTEMPTS - 1:
                raise
            if not Ticket.objects.filter(reference=ticket.reference).exists():
                raise
    raise AssertionError("unreachable")


def _sla_snapshot(ticket: Ticket) -> dict:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "policy": ticket.sla_policy.name if ticket.sla_policy else None,
        "first_response_due": iso(ticket.first_response_due),
        "next_response_due": iso(ticket.next_response_due),
        "resolution_due": iso(ticket.resolution_due),
        "paused": ticket.sla_paused_at is not None,
    }


def _lock(ticket: Ticket) -> Ticket:
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins.
    return Ticket.objects.select_for_update(of=("self",)).select_related("sla_policy", "requester").get(pk=ticket.pk)


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

    A customer's reply reopens a pending or solved ticket and re-arms the next-response target;
    an agent's public reply meets the first and next response. Closed tickets take no more messages.
    """
    now = now or timezone.now()
    role = _role_of(author)
    if role != Message.AuthorRole.AGENT:
        internal = False
    with transaction.atomic():
        ticket = _lock(ticket)
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
        record_event(
            ticket,
            author,
            TicketEvent.Kind.NOTE if internal else TicketEvent.Kind.REPLIED,
            after={"message": message.pk, "role": role, "screenshots": len(screenshots)},
        )
        if role == Message.AuthorRole.CUSTOMER:
            if ticket.status in (Status.PENDING, Status.SOLVED):
                _set_status(ticket, Status.OPEN, actor=author, now=now)
            clocks.customer_wrote(ticket, now=now)
        elif not internal:
            if ticket.first_responded_at is None:
                ticket.first_responded_at = now
            clocks.agent_replied(ticket, now=now)
            if ticket.status == Status.NEW:
                _set_status(ticket, Status.OPEN, actor=author, now=now)
        ticket.save(update_fields=["status", "solved_at", "first_responded_at", "updated_at", *clocks.CLOCK_FIELDS])
        clocks.arm_timers(ticket)
        if not internal:
            notifications.ticket_replied(ticket, message)
        return message


def ticket_add_screenshots(*, ticket: Ticket, actor, screenshots: list[CleanImage]) -> list[Screenshot]:
    """Attach screenshots to a ticket outside a message."""
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.status == Status.CLOSED:
            raise TicketClosed()
        stored = _store_screenshots(ticket=ticket, message=None, images=screenshots, uploaded_by=actor)
        record_event(ticket, actor, TicketEvent.Kind.SCREENSHOTS, after={"count": len(stored)})
        ticket.save(update_fields=["updated_at"])
        return stored


def ticket_change_status(*, ticket: Ticket, actor, status: str, now: datetime | None = None) -> Ticket:
    """Move a ticket along the transition table (InvalidTransition otherwise); pauses, resumes,
    meets or re-arms the SLA clocks as the new status requires."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.status == status:
            return ticket
        _set_status(ticket, status, actor=actor, now=now)
        ticket.save(update_fields=["status", "solved_at", "closed_at", "updated_at", *clocks.CLOCK_FIELDS])
        clocks.arm_timers(ticket)
        return ticket


def _set_status(ticket: Ticket, status: str, *, actor, now: datetime) -> None:
    """The one place a status changes (in memory; the caller saves)."""
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
    record_event(ticket, actor, TicketEvent.Kind.STATUS, before={"status": before}, after={"status": status})
    change = clocks.status_changed(ticket, before=before, now=now)
    if change == "paused":
        record_event(ticket, actor, TicketEvent.Kind.SLA_PAUSED, after={"status": status})
    elif change == "resumed":
        record_event(ticket, actor, TicketEvent.Kind.SLA_RESUMED, after=_sla_snapshot(ticket))


def ticket_set_priority(*, ticket: Ticket, actor, priority: str, now: datetime | None = None) -> Ticket:
    """Change the priority and move the SLA deadlines to the matching policy's targets."""
    return _set_field(
        ticket=ticket,
        actor=actor,
        name="priority",
        value=priority,
        kind=TicketEvent.Kind.PRIORITY,
        recompute_sla=True,
        now=now,
    )


def ticket_set_type(*, ticket: Ticket, actor, ticket_type: TicketType, now: datetime | None = None) -> Ticket:
    """Re-type a ticket (the customer chose the wrong one) and recompute its SLA deadlines."""
    return _set_field(
        ticket=ticket,
        actor=actor,
        name="type",
        value=ticket_type,
        kind=TicketEvent.Kind.TYPE,
        recompute_sla=True,
        now=now,
    )


def ticket_assign(*, ticket: Ticket, actor, assignee) -> Ticket:
    """Give the ticket to ``assignee`` (None: unassign); a colleague's assignment is notified."""

    def tell_assignee(ticket: Ticket) -> None:
        if ticket.assignee_id and ticket.assignee_id != getattr(actor, "pk", None):
            notifications.ticket_assigned(ticket)

    return _set_field(
        ticket=ticket,
        actor=actor,
        name="assignee",
        value=assignee,
        kind=TicketEvent.Kind.ASSIGNED,
        on_change=tell_assignee,
    )


def ticket_set_team(*, ticket: Ticket, actor, team: Team | None) -> Ticket:
    return _set_field(ticket=ticket, actor=actor, name="team", value=team, kind=TicketEvent.Kind.TEAM)


def _set_field(
    *,
    ticket: Ticket,
    actor,
    name: str,
    value,
    kind: str,
    recompute_sla: bool = False,
    now: datetime | None = None,
    on_change=None,
) -> Ticket:
    """Set one handling field with its event; priority and type also move the SLA deadlines."""
    with transaction.atomic():
        ticket = _lock(ticket)
        before = getattr(ticket, name)
        if before == value:
            return ticket
        setattr(ticket, name, value)
        update_fields = [name, "updated_at"]
        if recompute_sla:
            clocks.recompute(ticket, now=now or timezone.now())
            update_fields += clocks.CLOCK_FIELDS
        ticket.save(update_fields=update_fields)
        record_event(ticket, actor, kind, before={name: _describe(before)}, after={name: _describe(value)})
        if recompute_sla:
            clocks.arm_timers(ticket)
            record_event(ticket, actor, TicketEvent.Kind.SLA, after=_sla_snapshot(ticket))
        if on_change is not None:
            on_change(ticket)
        return ticket


def _describe(value):
    if value is None or isinstance(value, (str, int)):
        return value
    return str(value)


def ticket_sla_recompute(*, ticket: Ticket, actor=None, now: datetime | None = None) -> Ticket:
    """Re-match the policy and move the deadlines after a policy was edited."""
    with transaction.atomic():
        ticket = _lock(ticket)
        if not ticket.is_active:
            return ticket
        clocks.recompute(ticket, now=now or timezone.now())
        ticket.save(update_fields=["updated_at", *clocks.CLOCK_FIELDS])
        clocks.arm_timers(ticket)
        record_event(ticket, actor, TicketEvent.Kind.SLA, after=_sla_snapshot(ticket))
        return ticket
