"""``/<lang>/assistant/``: the assistant as a plain page that works without JavaScript.

The page's conversation is remembered in the session (``?c=<id>`` opens one by its key, as the
account page links do). A message is a form POST answered with a redirect back to the transcript
(post/redirect/get); the last answer's extras (passage, what to prepare, the freeze link) ride in
the session for that one view.
"""

from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from assistant import presenters, selectors, services
from assistant.forms import HandoffForm, MessageForm
from assistant.models import Conversation
from supportdesk import limits
from supportdesk.exceptions import DomainError

SESSION_KEY = "assistant_conversation"
LAST_TURN_KEY = "assistant_last_turn"


def _current(request) -> Conversation | None:
    public_id = request.GET.get("c") or request.session.get(SESSION_KEY)
    conversation = selectors.conversation_get(public_id=public_id) if public_id else None
    if conversation is not None:
        request.session[SESSION_KEY] = conversation.public_id
    return conversation


def _page(request, conversation, *, form=None, handoff_form=None, status=200):
    messages = list(selectors.conversation_transcript(conversation=conversation)) if conversation else []
    last = request.session.pop(LAST_TURN_KEY, None)
    if last and (conversation is None or last.get("conversation") != conversation.public_id):
        last = None
    context = {
        "conversation": conversation,
        "transcript": messages,
        "last": last,
        "form": form or MessageForm(),
        "handoff_form": handoff_form or HandoffForm(),
    }
    return render(request, "assistant/page.html", context, status=status)


@require_http_methods(["GET", "POST"])
def assistant_page(request):
    conversation = _current(request)
    if request.method == "GET":
        return _page(request, conversation)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _page(request, conversation, form=form, status=400)
    wait = limits.hit("assistant", limits.writer_key(request))
    if wait is not None:
        return _page(request, conversation, form=form, status=429)
    message = form.cleaned_data["message"]
    if conversation is None or conversation.state == Conversation.State.CLOSED:
        turn = services.conversation_open(
            language=translation.get_language(),
            message=message,
            user=request.user,
            visitor_hash=presenters.visitor_hash_for(request),
        )
        request.session[SESSION_KEY] = turn.conversation.public_id
    else:
        turn = services.conversation_answer(conversation=conversation, message=message, user=request.user)
    request.session[LAST_TURN_KEY] = presenters.turn_payload(turn)
    return redirect("assistant:page")


@require_http_methods(["POST"])
def assistant_handoff_page(request):
    conversation = _current(request)
    if conversation is None:
        return redirect("assistant:page")
    form = HandoffForm(request.POST)
    if not form.is_valid():
        return _page(request, conversation, handoff_form=form, status=400)
    wait = limits.hit("assistant_handoff", limits.writer_key(request))
    if wait is not None:
        return _page(request, conversation, handoff_form=form, status=429)
    try:
        services.conversation_handoff(
            conversation=conversation,
            contact_email=form.cleaned_data["contact_email"],
            contact_phone=form.cleaned_data["contact_phone"],
            user=request.user,
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
        return _page(request, conversation, handoff_form=form, status=400)
    return redirect("assistant:page")


@require_http_methods(["POST"])
def assistant_new_page(request):
    """Forget the page's conversation and start afresh (the old one stays reachable by its key)."""
    request.session.pop(SESSION_KEY, None)
    request.session.pop(LAST_TURN_KEY, None)
    return redirect("assistant:page")
