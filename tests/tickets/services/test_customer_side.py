"""The services behind the customer's side: the reopen window's sweep, reading a conversation,
screenshot-only replies, guarded rating comments, and screenshots held for a retry."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.tickets.make import make_ticket
from tests.tickets.test_images import png_bytes
from tickets import services
from tickets.exceptions import EmptyReply, FeedbackNotAllowed
from tickets.images import sanitize_image
from tickets.models import HeldScreenshot, Status, Ticket, TicketEvent
from tickets.services import holding


def solved_ticket(customer, agent):
    ticket = make_ticket(customer, type_slug="other")
    services.ticket_reply(ticket=ticket, author=agent, body="Done.")
    return services.ticket_change_status(ticket=ticket, actor=agent, status=Status.SOLVED)


def clean_png(name="a.png"):
    return sanitize_image(SimpleUploadedFile(name, png_bytes(), content_type="image/png"))


def test_the_sweep_closes_solved_tickets_past_the_window_once(customer, agent):
    ticket = solved_ticket(customer, agent)
    recent = solved_ticket(customer, agent)
    later = ticket.solved_at + timedelta(days=settings.SOLVED_REOPEN_DAYS, minutes=1)
    Ticket.objects.filter(pk=recent.pk).update(solved_at=later - timedelta(days=1))

    assert services.tickets_close_solved(now=later) == 1
    assert services.tickets_close_solved(now=later) == 0

    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED
    assert Ticket.objects.get(pk=recent.pk).status == Status.SOLVED
    assert ticket.events.filter(kind=TicketEvent.Kind.STATUS, actor__isnull=True).exists()


def test_a_ticket_reopened_by_a_reply_is_not_closed(customer, agent):
    ticket = solved_ticket(customer, agent)
    services.ticket_reply(ticket=ticket, author=customer, body="Not fixed")
    later = timezone.now() + timedelta(days=settings.SOLVED_REOPEN_DAYS + 1)

    assert services.tickets_close_solved(now=later) == 0
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_seen_never_moves_back(customer):
    ticket = make_ticket(customer, type_slug="other")
    now = timezone.now()

    assert services.ticket_seen_by_requester(ticket=ticket, now=now)
    assert not services.ticket_seen_by_requester(ticket=ticket, now=now - timedelta(minutes=5))
    assert Ticket.objects.get(pk=ticket.pk).requester_seen_at == now


def test_a_screenshot_alone_is_a_reply_and_nothing_at_all_is_not(customer):
    ticket = make_ticket(customer, type_slug="other")

    message = services.ticket_reply(ticket=ticket, author=customer, body="", screenshots=[clean_png()])
    assert message.screenshots.count() == 1

    with pytest.raises(EmptyReply):
        services.ticket_reply(ticket=ticket, author=customer, body=" \n\t ")
    assert ticket.messages.count() == 1


def test_a_rating_comment_passes_the_secret_guard(customer, agent):
    ticket = solved_ticket(customer, agent)

    feedback = services.ticket_feedback_give(
        ticket=ticket, author=customer, rating=3, comment="seed: " + " ".join(["abandon"] * 11 + ["about"])
    )

    assert list(feedback.secrets_removed) == ["seed_phrase"]
    assert "abandon abandon" not in feedback.comment
    assert ticket.events.filter(kind=TicketEvent.Kind.SECRET_REMOVED).exists()
    with pytest.raises(FeedbackNotAllowed):
        services.ticket_feedback_give(ticket=ticket, author=customer, rating=5)


def test_held_screenshots_come_back_only_to_their_holder(db):
    now = timezone.now()
    token = holding.screenshots_hold(images=[clean_png("a.png"), clean_png("b.png")], holder="h1", now=now)

    assert [i.original_name for i in holding.screenshots_held(token=token, holder="h1", now=now)] == ["a.png", "b.png"]
    assert holding.screenshots_held(token=token, holder="h2", now=now) == []
    assert holding.screenshots_release(token=token, holder="h2") == 0
    assert holding.screenshots_release(token=token, holder="h1") == 2
    assert not HeldScreenshot.objects.exists()
