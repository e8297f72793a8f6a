"""What agents do to tickets in the workspace beyond status and fields: tags, merging duplicates,
notes about the customer."""

import re
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safety import guard
from tickets import identity, notifications
from tickets.exceptions import DomainError, TicketClosed
from tickets.models import CustomerNote, Message, Screenshot, Status, Tag, Ticket, TicketEvent

from . import clocks
from .primitives import record_event, status_apply, tags_add, ticket_lock

TAG_PATTERN = re.compile(r"^[\w][\w .:/-]{0,49}$")


def tag_name_clean(name: str) -> str:
    """Tags are compared lower-cased with single spaces; DomainError for anything else."""
    cleaned = " ".join((name or "").split()).lower()
    if not TAG_PATTERN.match(cleaned):
        raise DomainError(
            _("A tag is 1 to 50 letters, digits, spaces or . : / - _ (starting with a letter or digit)."),
            field="tags",
        )
    return cleaned


def ticket_tags_change(*, ticket: Ticket, actor, add=(), remove=()) -> Ticket:
    """Add and remove tags (by name; new names create the tag) with one timeline event."""
    add = {tag_name_clean(name) for name in add}
    remove = {tag_name_clean(name) for name in remove} - add
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        before = set(ticket.tags.values_list("name", flat=True))
        to_add, to_remove = add - before, remove & before
        if not to_add and not to_remove:
            return ticket
        tags_add(ticket, to_add)
        if to_remove:
            ticket.tags.remove(*Tag.objects.filter(name__in=to_remove))
        ticket.save(update_fields=["updated_at"])
        after = (before | to_add) - to_remove
        record_event(
            ticket, actor, TicketEvent.Kind.TAGS, before={"tags": sorted(before)}, after={"tags": sorted(after)}
        )
        return ticket


def ticket_merge(*, source: Ticket, target: Ticket, actor, now: datetime | None = None) -> Ticket:
    """Merge the duplicate ``source`` into ``target``: its messages and screenshots move over, its
    tags are added, an internal note on ``target`` records what the duplicate said, and ``source``
    is closed pointing at ``target``, its guest links revoked. Only tickets of the same proven
    customer merge (``tickets.identity``): moving one customer's messages into another's ticket
    would show them to a stranger, and a typed address proves nothing."""
    now = now or timezone.now()
    if source.pk == target.pk:
        raise DomainError(_("A ticket cannot be merged into itself."), field="target")
    with transaction.atomic(durable=True):
        # Lock both rows in id order so two merges of the same pair cannot deadlock.
        locked = {t.pk: ticket_lock(t) for t in sorted((source, target), key=lambda t: t.pk)}
        source, target = locked[source.pk], locked[target.pk]
        if source.status == Status.CLOSED:
            raise DomainError(_("This ticket is already closed."), field="source")
        if target.status == Status.CLOSED:
            raise TicketClosed(_("The ticket to merge into is closed."))
        if target.merged_into_id:
            raise DomainError(_("The ticket to merge into was itself merged."), field="target")
        refusal = identity.merge_refusal(source, target)
        if refusal is not None:
            raise DomainError(refusal, field="target")

        moved = Message.objects.filter(ticket=source).update(ticket=target)
        Screenshot.objects.filter(ticket=source).update(ticket=target)
        target.tags.add(*source.tags.all())
        Message.objects.create(
            ticket=target,
            author=actor,
            author_role=Message.AuthorRole.AGENT,
            internal=True,
            body=_merge_note(source),
        )
        target.save(update_fields=["updated_at"])
        record_event(target, actor, TicketEvent.Kind.MERGED, after={"from": source.reference, "messages": moved})

        source.merged_into = target
        # The duplicate's conversation now lives on ``target``: its guest links must not open it.
        source.guest_link_version += 1
        status_apply(source, Status.CLOSED, actor=actor, now=now)
        source.save(
            update_fields=[
                "merged_into",
                "guest_link_version",
                "status",
                "closed_at",
                "solved_at",
                "updated_at",
                *clocks.CLOCK_FIELDS,
            ]
        )
        clocks.arm_timers(source)
        record_event(source, actor, TicketEvent.Kind.MERGED, after={"into": target.reference})
        notifications.ticket_merged(source, target)
        return target


def _merge_note(source: Ticket) -> str:
    facts = [
        f"{label}: {value}"
        for label, value in (
            (_("Transaction ID"), source.transaction_id),
            (_("Asset"), source.asset),
            (_("Network"), source.network),
            (_("Amount"), source.amount),
        )
        if value
    ]
    lines = [
        _("Merged from %(reference)s: %(title)s") % {"reference": source.reference, "title": source.title},
        "",
        source.description,
        *(["", *facts] if facts else []),
    ]
    return "\n".join(lines)


def customer_note_add(*, ticket: Ticket, body: str, author) -> CustomerNote:
    """A note about the customer behind ``ticket``, shown beside every ticket of theirs: their
    account, or the address a guest proved. A sender who only typed an address is nobody yet."""
    body = guard.redact((body or "").strip())
    if not body:
        raise DomainError(_("Write the note first."), field="body")
    if len(body) > 2000:
        raise DomainError(_("A note holds at most 2,000 characters."), field="body")
    who = identity.ticket_identity(ticket)
    if who is None:
        raise DomainError(
            _(
                "This sender has not proven their e-mail address, so a note could end up beside another "
                "customer's tickets. Write an internal note on the ticket instead."
            ),
            field="body",
        )
    if who.account_id is not None:
        return CustomerNote.objects.create(
            account_id=who.account_id, email=ticket.requester.email.lower(), body=body, author=author
        )
    return CustomerNote.objects.create(email=who.email, body=body, author=author)
