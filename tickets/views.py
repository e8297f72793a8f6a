"""Customer pages. Each view parses the request, calls one service or selector and renders.

Every ticket page goes through ``selectors.ticket_get_for_user``: an unknown reference and
someone else's answer the same 404.
"""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from knowledgebase import deflection as kb_deflection
from knowledgebase import selectors as kb_selectors
from knowledgebase.views import help_centre_context
from safety import guard
from safety.forms import FakeChannelReportForm
from safety.views import verify_page
from supportdesk import limits, phones

from . import access, follow_views, selectors, services
from .exceptions import DomainError, FreezeHeldBack, TicketClosed
from .forms import EmergencyFreezeForm, ReplyForm, TicketForm
from .models import Channel
from .services import holding

PAGE_SIZE = 25
FREEZE_SESSION_KEY = "freeze_requested"
# A slug longer than any real one is not worth a query.
SLUG_MAX_LENGTH = 50


@require_GET
def home(request):
    """The help centre: article search (logged for editors), categories, popular and recent articles,
    and the ways to reach support."""
    context = help_centre_context(request)
    return render(request, "home.html", {**context, "ticket_types": selectors.ticket_types_active()})


def _ticket_type_from(request, ticket_types):
    """The type chosen in step one (``?type=``) or posted with the form; None if none was given."""
    slug = request.POST.get("type") if request.method == "POST" else None
    # ``topic`` is how a help-centre article's "contact support about this" names the type.
    slug = (slug or request.GET.get("type") or request.GET.get("topic") or "").strip()
    if not slug:
        return None, False
    if len(slug) > SLUG_MAX_LENGTH:
        return None, True
    ticket_type = next((t for t in ticket_types if t.slug == slug), None)
    return ticket_type, ticket_type is None


def _initial_from_article(slug: str) -> dict:
    """The title for a ticket opened from a help-centre article (``?article=<slug>``): which article
    did not help. An unknown, hidden or unpublished slug adds nothing."""
    if not slug or len(slug) > SLUG_MAX_LENGTH:
        return {}
    try:
        view = kb_selectors.article_get_public(slug=slug, language=translation.get_language() or "en")
    except Http404:
        return {}
    return {"title": (_("About the article “%(title)s”") % {"title": view.translation.title})[:200]}


def _ticket_create_wait(request) -> int | None:
    """Seconds until this browser may file another ticket, or None when it may now (the API's
    ``ticket_create`` allowance: one count for both)."""
    return limits.hit("ticket_create", limits.writer_key(request))


@require_http_methods(["GET", "POST"])
def ticket_new(request):
    ticket_types = list(selectors.ticket_types_active())
    ticket_type, unknown = _ticket_type_from(request, ticket_types)
    if ticket_type is None:
        # Step one, and the answer to a type that does not exist (or no longer does).
        return render(
            request,
            "tickets/new_type.html",
            {"ticket_types": ticket_types, "unknown_type": unknown},
            status=400 if unknown else 200,
        )

    if request.method == "POST":
        return _ticket_submit(request, ticket_type, ticket_types)
    initial = {"contact_email": request.user.email} if request.user.is_authenticated else {}
    initial.update(_initial_from_article(request.GET.get("article", "")))
    form = TicketForm(initial=initial, ticket_type=ticket_type, phone_region=_phone_region(request))
    return _ticket_form_page(request, form, ticket_types, status=200)


def _phone_region(request) -> str:
    return phones.region_for(translation.get_language(), request.headers.get("Accept-Language", ""))


def _held_holder(request) -> str:
    """Held screenshots belong to this browser session (made now if the visitor has none yet)."""
    if not request.session.session_key:
        request.session.save()
    return holding.holder_of(request.session.session_key)


def _ticket_submit(request, ticket_type, ticket_types):
    """File the ticket, or show the form again with what was typed and the screenshots kept
    server-side (``services.holding``) so the retry need not choose them again."""
    holder, now = _held_holder(request), timezone.now()
    token = request.POST.get("held_screenshots", "")
    dropped = request.POST.get("drop_held") == "on"
    held = [] if dropped else holding.screenshots_held(token=token, holder=holder, now=now)
    form = TicketForm(
        request.POST, request.FILES, ticket_type=ticket_type, held=held, phone_region=_phone_region(request)
    )
    wait = _ticket_create_wait(request) if form.is_valid() else None
    if wait is not None:
        form.add_error(
            None,
            _("You have sent many tickets in a short time. Wait %(seconds)d seconds, then send this one again.")
            % {"seconds": wait},
        )
    if form.is_valid():
        ticket = services.ticket_create(
            data=form.ticket_input(language=translation.get_language()),
            requester=request.user if request.user.is_authenticated else None,
            channel=Channel.WEB,
        )
        holding.screenshots_release(token=token, holder=holder)
        kb_deflection.ticket_filed(request)
        if not request.user.is_authenticated:
            access.remember_guest_ticket(request, reference=ticket.reference, version=ticket.guest_link_version)
        _warn_of_removed_secrets(request, ticket.secrets_removed)
        return redirect("tickets:created", reference=ticket.reference)
    keep = form.screenshots_to_keep()
    holding.screenshots_release(token=token, holder=holder)  # the new batch, if any, has them all
    kept_token = holding.screenshots_hold(images=keep, holder=holder, now=now) if keep else ""
    return _ticket_form_page(
        request, form, ticket_types, status=429 if wait is not None else 400, held=(keep, kept_token)
    )


def _ticket_form_page(request, form, ticket_types, *, status: int, held=((), "")):
    images, token = held
    return render(
        request,
        "tickets/new.html",
        {
            "form": form,
            "ticket_type": form.ticket_type,
            "ticket_types": ticket_types,
            "held_names": [image.original_name for image in images],
            "held_token": token,
            "type_data": [
                {"slug": t.slug, "name": t.name, "fields": t.fields, "required": t.required_fields}
                for t in ticket_types
            ],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def emergency_freeze(request):
    """Someone else may be in the account: open an urgent tier-3 ticket and alert security at once.

    Never held back by the ticket allowance or the site's write floor (a neighbour on the same
    network must not block a victim): new emergency tickets have their own per-address allowance,
    and a repeat for an address already being frozen folds into its ticket for free.
    """
    if request.method == "POST":
        form = EmergencyFreezeForm(request.POST, phone_region=_phone_region(request))
        if form.is_valid():
            address = limits.client_address(request)
            try:
                result = services.ticket_emergency_freeze(
                    data=form.freeze_request(language=translation.get_language()),
                    requester=request.user if request.user.is_authenticated else None,
                    channel=Channel.WEB,
                    admit=lambda: limits.hit("freeze", address),
                )
            except FreezeHeldBack as exc:
                form.add_error(None, str(exc.message))
                return render(request, "tickets/freeze.html", {"form": form}, status=429)
            ticket = result.ticket
            _warn_of_removed_secrets(request, getattr(ticket, "secrets_removed", ()))
            if not result.folded:
                kb_deflection.ticket_filed(request)
                if not request.user.is_authenticated:
                    access.remember_guest_ticket(request, reference=ticket.reference, version=ticket.guest_link_version)
            request.session[FREEZE_SESSION_KEY] = {
                "at": timezone.now().isoformat(),
                "email": form.cleaned_data["contact_email"],
                "reference": ticket.reference,
            }
            return redirect("tickets:freeze_requested")
        status = 400
    else:
        initial = {"contact_email": request.user.email} if request.user.is_authenticated else {}
        form = EmergencyFreezeForm(initial=initial, phone_region=_phone_region(request))
        status = 200
    return render(request, "tickets/freeze.html", {"form": form}, status=status)


emergency_freeze.own_write_limits = True  # supportdesk.write_limits: the allowance above, not the site floor


@never_cache
@require_GET
def freeze_requested(request):
    """What happens now, after a freeze request: its own page, with the security checklist."""
    requested = request.session.get(FREEZE_SESSION_KEY)
    if not isinstance(requested, dict):
        return redirect("tickets:freeze")
    ticket = None
    # A freeze folded into a ticket this browser may not open: the page says only what is true for anyone.
    with contextlib.suppress(Http404):
        ticket = follow_views.ticket_for_request(request, requested.get("reference") or "")
    return render(
        request,
        "tickets/freeze_requested.html",
        {
            "requested_at": parse_datetime(requested.get("at") or ""),
            "email": requested.get("email", ""),
            "ticket": ticket,
        },
    )


# Ticket pages are private: never_cache keeps them out of shared and back-button caches.
@never_cache
@require_GET
def ticket_created(request, reference):
    ticket = follow_views.ticket_for_request(request, reference)
    promise = None
    if ticket.first_response_due and ticket.created_at:
        promise = ticket.first_response_due - ticket.created_at
    return render(
        request,
        "tickets/created.html",
        {"ticket": ticket, "promise": promise, "attachments": selectors.ticket_attachments(ticket=ticket)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def ticket_detail(request, reference):
    token = request.GET.get(access.TOKEN_PARAMETER)
    if token is not None:
        return _open_guest_link(request, reference, token)

    ticket = follow_views.ticket_for_request(request, reference)
    if request.method != "POST":
        follow_views.ticket_seen(request, ticket)
        return follow_views.render_detail(request, ticket)

    form = ReplyForm(request.POST, request.FILES)
    wait = follow_views.reply_allowance_spent(request, form)
    if form.is_valid():
        try:
            message = services.ticket_reply(
                ticket=ticket,
                author=request.user if request.user.is_authenticated else None,
                body=form.cleaned_data["body"],
                channel=Channel.WEB,
                screenshots=form.cleaned_data["screenshots"],
            )
        except TicketClosed as exc:
            messages.error(request, str(exc.message))
            return redirect("tickets:detail", reference=ticket.reference)
        except DomainError as exc:  # an empty reply: nothing written, nothing attached
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Your reply was sent. We will e-mail you when support answers."))
            _warn_of_removed_secrets(request, message.secrets_removed)
            url = reverse("tickets:detail", kwargs={"reference": ticket.reference})
            return HttpResponseRedirect(f"{url}#message-{message.pk}")
    files_dropped = bool(request.FILES.getlist("screenshots"))
    return follow_views.render_detail(
        request, ticket, form=form, status=429 if wait is not None else 400, files_dropped=files_dropped
    )


def _open_guest_link(request, reference: str, token: str):
    """A signed link from an e-mail: it proves the guest reads mail at the ticket's address. Remember
    it in the session, then drop it from the address bar so it does not linger in history or leak
    through the Referer header. A revoked or expired link opens nothing."""
    grant = access.guest_token_grant(token)
    if grant is None or grant.reference != reference.upper():
        raise Http404
    ticket = selectors.ticket_for_guest_link(reference=grant.reference, version=grant.version)
    if ticket is None:
        raise Http404
    access.remember_guest_ticket(request, reference=grant.reference, version=grant.version)
    services.ticket_contact_prove(ticket=ticket, now=timezone.now())
    return HttpResponseRedirect(request.path)


@require_http_methods(["GET", "POST"])
def fake_channel_report(request):
    """ "Report a fake channel", posted from the "Is this really us?" page: a ticket for security.
    Refused, the page comes back with the reporter's words and the reason; a GET (a bookmark, a
    reload after sending) goes to the page itself."""
    if request.method == "GET":
        return HttpResponseRedirect(reverse("safety:verify"))
    form = FakeChannelReportForm(request.POST)
    if not form.is_valid():
        return _report_refused(request, form)
    address = limits.client_address(request)
    try:
        result = services.ticket_report_fake_channel(
            report=services.ChannelReport(language=translation.get_language(), **form.cleaned_data),
            reporter=request.user if request.user.is_authenticated else None,
            admit=lambda: limits.hit("verify_report", address),
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return _report_refused(request, form, status=exc.http_status)
    _warn_of_removed_secrets(request, result.secrets_removed)
    messages.success(
        request,
        _("Thank you. Our security team has your report and works to have the fake channel taken down."),
    )
    return HttpResponseRedirect(reverse("safety:verify"))


def _report_refused(request, form, *, status: int = 400):
    value = form.data.get("value", "").strip()
    return verify_page(request, {"value": value} if value else None, report_form=form, status=status)


def _warn_of_removed_secrets(request, kinds) -> None:
    """Tell the customer, in their language, what the secret guard removed and what to do now."""
    for kind in kinds:
        messages.warning(request, guard.warning_message(kind))


@never_cache
@login_required
@require_GET
def my_tickets(request):
    """The customer's tickets, newest first; ``?show=open|waiting|solved`` narrows them (anything
    else shows all), and a ticket with an agent reply they have not opened yet is marked."""
    show = request.GET.get("show", "")
    show = show if show in selectors.REQUESTER_FILTERS else ""
    tickets = selectors.requester_tickets(request.user, show=show)
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tickets/mine.html", {"page": page, "show": show})
