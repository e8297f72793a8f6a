"""What the assistant says to one visitor message, by intent. Reads only (articles, the visitor's
own tickets, the official channels); the caller stores the reply.

Honest by construction: a question with no good article is answered with "I am not sure", a
rephrasing tip and a person; a ticket's status is told only to its signed-in requester (anyone else
gets the same answer whether or not the reference exists); an emergency is never answered with an
article alone: it is urgent, offers the freeze at once and is handed to a person in the same turn.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from assistant.answers.prepare import prepare_list
from assistant.answers.retrieval import Retrieval, retrieve, search_language
from assistant.understanding import Intent
from assistant.understanding import intents as kinds
from safety import presenters
from safety.selectors import channel_verdict
from tickets.access import ticket_url
from tickets.selectors import tickets_requested_by


@dataclass
class Reply:
    text: str
    intent: str
    articles: list[dict] = field(default_factory=list)
    passage: dict | None = None
    prepare: list[str] = field(default_factory=list)
    handoff: bool = False  # the conversation goes (or is offered) to a person now
    offer_person: bool = False  # a person is offered, the visitor decides
    freeze_url: str | None = None
    verdict: dict | None = None
    low_confidence: bool = False
    query: str = ""


def respond(text: str, *, intent: Intent, facts: dict, type_slug: str, language: str, user=None) -> Reply:
    """The reply to ``text`` (already guarded) in ``language``; ``facts`` are the conversation's so far."""
    with translation.override(language):
        if intent.kind == kinds.EMERGENCY:
            return _emergency(language)
        if intent.kind == kinds.WANTS_PERSON:
            return Reply(
                text=_("Of course. I will pass this conversation to a person, with everything you told me."),
                intent=intent.kind,
                handoff=True,
            )
        if intent.kind == kinds.VERIFY_CHANNEL:
            return _verify(intent)
        if intent.kind == kinds.TICKET_STATUS:
            return _status(intent, user)
        if intent.kind in (kinds.GREETING, kinds.THANKS, kinds.GOODBYE):
            return Reply(text=_small_talk(intent.kind), intent=intent.kind)
        return _question(text, facts=facts, type_slug=type_slug, language=language)


def freeze_url(language: str) -> str:
    with translation.override(language):
        return reverse("tickets:freeze")


def _emergency(language: str) -> Reply:
    return Reply(
        text=_(
            "This sounds urgent. Freeze your account now: it blocks withdrawals, trading and API keys at once. "
            "I am also passing this conversation to our security team as an urgent case."
        ),
        intent=kinds.EMERGENCY,
        handoff=True,
        freeze_url=freeze_url(language),
    )


def _verify(intent: Intent) -> Reply:
    if not intent.quoted_value:
        return Reply(
            text=_(
                "Paste the link, e-mail address, phone number or account name you want to check, and I will tell "
                "you whether it is one of ours."
            ),
            intent=intent.kind,
        )
    payload = presenters.verdict_payload(channel_verdict(value=intent.quoted_value))
    value = intent.quoted_value
    if payload["official"]:
        text = _("Yes: %(value)s is one of our official channels.") % {"value": value}
    elif payload["verdict"] == "lookalike":
        text = _("No: %(value)s is not ours. It imitates %(official)s. Do not sign in, pay or reply there.") % {
            "value": value,
            "official": payload["lookalike_of"],
        }
    else:
        text = _(
            "%(value)s is not one of our official channels. Treat it as a scam: we never ask for your password, "
            "codes or recovery phrase."
        ) % {"value": value}
    reasons = [reason["message"] for reason in payload["reasons"]]
    if reasons:
        text += "\n" + "\n".join(reasons)
    return Reply(text=text, intent=intent.kind, verdict=payload)


def _status(intent: Intent, user) -> Reply:
    ticket = None
    if intent.reference and user is not None and getattr(user, "is_authenticated", False):
        ticket = tickets_requested_by(user).filter(reference=intent.reference).first()
    if ticket is None:
        # The same words whether the reference exists or not: a reference must not leak.
        return Reply(
            text=_(
                "I can show a ticket's status only to the customer who filed it, signed in. Sign in and open "
                "My tickets, or use the link in the e-mail we sent you."
            ),
            intent=intent.kind,
        )
    return Reply(
        text=_("Your ticket %(reference)s is %(status)s. Open it: %(url)s")
        % {"reference": ticket.reference, "status": ticket.get_status_display().lower(), "url": ticket_url(ticket)},
        intent=intent.kind,
    )


def _small_talk(kind: str) -> str:
    if kind == kinds.THANKS:
        return _("You are welcome. Anything else I can help with?")
    if kind == kinds.GOODBYE:
        return _("Goodbye. If something else comes up, I am here day and night.")
    return _("Hello! Tell me what happened, for example: my USDT deposit has not arrived, and the transaction ID.")


def _question(text: str, *, facts: dict, type_slug: str, language: str) -> Reply:
    found: Retrieval = retrieve(text, language=search_language(text, default=language))
    prepare = prepare_list(type_slug, facts)
    articles = [a.as_dict() for a in found.articles]
    if not found.confident:
        return Reply(
            text=_(
                "I am not sure I understood, and I would rather not guess. Try saying it in other words, with the "
                "coin, the network and what you see on the screen, or talk to a person."
            ),
            intent=kinds.QUESTION,
            articles=articles,
            prepare=prepare,
            offer_person=True,
            low_confidence=True,
            query=found.query,
        )
    top = found.articles[0]
    passage = None
    if top.passage is not None:
        passage = {"article": top.slug, "heading": top.passage.heading, "text": top.passage.text}
    return Reply(
        text=_("This should help: %(title)s") % {"title": top.title},
        intent=kinds.QUESTION,
        articles=articles,
        passage=passage,
        prepare=prepare,
        offer_person=True,
        query=found.query,
    )
