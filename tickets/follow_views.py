"""The conversation page as the requester follows it: the page itself, the rating of a solved
ticket, and the small JSON the page polls for new replies. Both go through ``selectors.ticket_get_for_user``."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from safety import guard
from supportdesk import limits

from . import access, roles, rules, selectors, services
from .exceptions import FeedbackNotAllowed
from .forms import STRUCTURED_FIELDS, RatingForm, ReplyForm
from .models import Message, Status, StructuredField, Ticket
from .templatetags.supportdesk import customer_status

# A message id is a positive integer; anything longer than this is not one of ours.
AFTER_MAX_DIGITS = 18
# How often the conversation page asks for new replies (the agent page asks as often).
POLL_SECONDS = 12


def ticket_for_request(request, reference) -> Ticket:
    """The ticket of a customer page: its requester's, or a guest's holding its signed link."""
    return selectors.ticket_get_for_user(
        reference=reference, user=request.user, guest_grants=access.guest_grants(request)
    )


def reply_allowance_spent(request, form) -> int | None:
    """For a valid ``form`` of the conversation page (a reply or a rating), take one from the
    requester's reply allowance; when it is spent, the form says how long to wait and the seconds
    are returned (the page answers 429)."""
    wait = limits.hit("reply", limits.writer_key(request)) if form.is_valid() else None
    if wait is not None:
        form.add_error(
            None,
            _("You have sent many replies in a short time. Wait %(seconds)d seconds, then send this one again.")
            % {"seconds": wait},
        )
    return wait


def follow_context(request, ticket: Ticket, *, rating_form: RatingForm | None = None) -> dict:
    """What the conversation page shows about a solved ticket and its rating, and what it polls with.

    The requester's side (the owner, or a guest holding the link) rates; agents see the rating."""
    requester_side = not roles.is_agent(request.user)
    feedback = getattr(ticket, "feedback", None) if ticket.status in (Status.SOLVED, Status.CLOSED) else None
    may_rate = requester_side and feedback is None and ticket.status in (Status.SOLVED, Status.CLOSED)
    return {
        "feedback": feedback,
        "rating_form": (rating_form or RatingForm()) if may_rate else None,
        "reopen_until": rules.reopen_until(ticket.solved_at, settings.SOLVED_REOPEN_DAYS)
        if ticket.status == Status.SOLVED
        else None,
        "reopen_days": settings.SOLVED_REOPEN_DAYS,
        "poll_url": reverse("tickets:updates", kwargs={"reference": ticket.reference}),
        "poll_seconds": POLL_SECONDS,
    }


def _facts(ticket) -> list[tuple[str, object, str]]:
    """The structured facts the customer gave, as (label, value, kind) for the template."""
    facts = []
    for name in STRUCTURED_FIELDS:
        if name == StructuredField.ATTEMPTED_STEPS:
            continue  # shown as its own paragraph
        value = getattr(ticket, name)
        if value in (None, ""):
            continue
        kind = "text"
        if name == StructuredField.AMOUNT:
            value = format(value.normalize(), "f")
        elif name == StructuredField.OCCURRED_AT:
            kind = "datetime"
        facts.append((StructuredField(name).label, value, kind))
    return facts


def render_detail(request, ticket, *, form=None, rating_form=None, status=200, files_dropped=False):
    """The conversation page of ``ticket`` for whoever may see it, with a bound form after a refusal."""
    thread = list(selectors.ticket_messages(ticket=ticket, include_internal=False))
    return render(
        request,
        "tickets/detail.html",
        {
            "ticket": ticket,
            "facts": _facts(ticket),
            "attachments": selectors.ticket_attachments(ticket=ticket),
            "thread": thread,
            "last_message_id": thread[-1].pk if thread else 0,
            "form": (form or ReplyForm()) if ticket.status != Status.CLOSED else None,
            "viewer_is_agent": roles.is_agent(request.user),
            "files_dropped": files_dropped,
            "awaiting_first_response": ticket.first_responded_at is None and ticket.is_active,
            "promise": (ticket.first_response_due - ticket.created_at) if ticket.first_response_due else None,
            "agent_role": Message.AuthorRole.AGENT,
            "customer_role": Message.AuthorRole.CUSTOMER,
            **follow_context(request, ticket, rating_form=rating_form),
        },
        status=status,
    )


def ticket_seen(request, ticket: Ticket) -> None:
    """The requester has the conversation in front of them: its replies are read."""
    if not roles.is_agent(request.user):
        services.ticket_seen_by_requester(ticket=ticket, now=timezone.now())


@require_POST
def ticket_rating(request, reference):
    ticket = ticket_for_request(request, reference)
    detail_url = reverse("tickets:detail", kwargs={"reference": ticket.reference})
    if roles.is_agent(request.user):
        messages.error(request, _("Only the customer who asked can rate the answer."))
        return HttpResponseRedirect(detail_url)
    form = RatingForm(request.POST)
    wait = reply_allowance_spent(request, form)
    if not form.is_valid():
        return render_detail(request, ticket, rating_form=form, status=429 if wait is not None else 400)
    try:
        feedback = services.ticket_feedback_give(ticket=ticket, author=request.user, **form.cleaned_data)
    except FeedbackNotAllowed as exc:
        messages.error(request, str(exc.message))
        return HttpResponseRedirect(detail_url)
    messages.success(request, _("Thank you for rating our answer."))
    for kind in feedback.secrets_removed:
        messages.warning(request, guard.warning_message(kind))
    return HttpResponseRedirect(f"{detail_url}#rating")


@never_cache
@require_GET
def ticket_updates(request, reference):
    """``?after=<message id>``: the public messages since, rendered as the page renders them, and the
    ticket's status, for the page to add without a reload."""
    ticket = ticket_for_request(request, reference)
    after = request.GET.get("after", "0")
    if not after.isascii() or not after.isdigit() or len(after) > AFTER_MAX_DIGITS:
        return JsonResponse({"errors": {"after": [_("Give the id of the last message you have.")]}}, status=400)
    new = list(selectors.ticket_public_messages_after(ticket=ticket, after=int(after)))
    viewer_is_agent = roles.is_agent(request.user)
    if any(m.author_role == Message.AuthorRole.AGENT for m in new):
        ticket_seen(request, ticket)
    context = {"viewer_is_agent": viewer_is_agent, "agent_role": Message.AuthorRole.AGENT}
    context["customer_role"] = Message.AuthorRole.CUSTOMER
    return JsonResponse(
        {
            "messages": [
                {
                    "id": m.pk,
                    "role": m.author_role,
                    "html": render_to_string("tickets/_message.html", {**context, "message": m}, request=request),
                }
                for m in new
            ],
            "status": ticket.status,
            "status_label": str(customer_status(ticket.status)),
        }
    )
