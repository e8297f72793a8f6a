"""The agent workspace's "article from this ticket": a draft knowledge-base article from a solved case.

Wired by ``TicketAdmin.get_urls`` (``tickets.admin.ticket_page``) at
``/admin/tickets/ticket/<id>/kb-draft/`` (inside ``admin_view``, so staff only and CSRF-checked).
The tickets side picks what may leave the ticket: the description, the asset and network, and the
agents' public replies. It never passes the transaction ID or the
contact details, and names them for redaction in case the text quotes them, with every other piece
of personal data the customer or an agent wrote (``safety.personal_data``).
"""

from django import forms
from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from knowledgebase.models import Category
from knowledgebase.services import article_draft_from_solution
from safety.personal_data import personal_values
from supportdesk.forms import OneLineField
from supportdesk.languages import Language
from tickets import selectors
from tickets.models import Message, StructuredField, Ticket

from .ids import parse_id

# The facts a draft may carry: what the customer was moving, never who they are or which transfer.
DRAFT_FACTS = (StructuredField.ASSET, StructuredField.NETWORK)


class ArticleDraftForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.order_by("position", "slug"), label=_("Category"))
    language = forms.ChoiceField(choices=Language.choices, label=_("Language"))
    title = OneLineField(max_length=200, label=_("Title"))


def _ticket_for(request, object_id: str) -> Ticket:
    pk = parse_id(object_id)
    if pk is None:
        raise Http404
    reference = Ticket.objects.filter(pk=pk).values_list("reference", flat=True).first()
    if reference is None:
        raise Http404
    return selectors.ticket_get_for_user(reference=reference, user=request.user)


def _personal_data(ticket: Ticket, replies) -> list[str]:
    """What the draft must not carry: the case's own facts, and every address, transaction ID, e-mail,
    phone number, account number and date of birth the customer or an agent wrote (``safety``)."""
    texts = [ticket.title, ticket.description, *(reply.body for reply in replies)]
    found = {value for text in texts for value in personal_values(text)}
    return [ticket.transaction_id, ticket.contact_email, ticket.contact_phone, *found]


@require_http_methods(["GET", "POST"])
def article_from_ticket_view(request, object_id):
    """GET: confirm category, language and title. POST: create the draft and open it in the editor."""
    if not (request.user.is_active and request.user.is_staff and request.user.has_perm("knowledgebase.add_article")):
        raise PermissionDenied
    ticket = _ticket_for(request, object_id)
    language = ticket.language if ticket.language in Language.values else Language.EN
    if request.method == "POST":
        form = ArticleDraftForm(request.POST)
        if form.is_valid():
            replies = selectors.ticket_messages(ticket=ticket, include_internal=False).filter(
                author_role=Message.AuthorRole.AGENT
            )
            article = article_draft_from_solution(
                category=form.cleaned_data["category"],
                language=form.cleaned_data["language"],
                title=form.cleaned_data["title"],
                problem=ticket.description,
                facts=[(str(StructuredField(name).label), getattr(ticket, name)) for name in DRAFT_FACTS],
                solution=[reply.body for reply in replies],
                ticket_types=[ticket.type.slug],
                author=request.user,
                redact=_personal_data(ticket, replies),
            )
            messages.success(
                request,
                gettext("Draft article “%(slug)s” created from %(reference)s. It is internal until you publish it.")
                % {"slug": article.slug, "reference": ticket.reference},
            )
            return HttpResponseRedirect(reverse("admin:knowledgebase_article_change", args=[article.pk]))
        status = 400
    else:
        form = ArticleDraftForm(initial={"language": language, "title": ticket.title})
        status = 200
    context = {
        **admin_site.each_context(request),
        "opts": Ticket._meta,
        "title": _("Draft a help article from this ticket"),
        "ticket": ticket,
        "form": form,
    }
    return TemplateResponse(request, "admin/knowledgebase/article/from_ticket.html", context, status=status)
