"""Template tags for pages of other apps: the widget on every help-centre page (base.html) and a
customer's conversations on their account page. Tags keep the layering: accounts and the base
template name the assistant only in markup, never in an import."""

from django import template
from django.urls import reverse

from assistant import selectors

register = template.Library()


@register.inclusion_tag("assistant/_widget.html", takes_context=True)
def assistant_widget(context):
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    on_page = bool(match and match.app_name == "assistant")
    return {
        "request": request,
        "show": not on_page,  # the plain page is the assistant already
        "api_url": reverse("api-assistant"),
        "page_url": reverse("assistant:page"),
        "freeze_url": reverse("tickets:freeze"),
        "signed_in": bool(request and request.user.is_authenticated),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("assistant/_conversations.html")
def assistant_conversations(user):
    return {"conversations": selectors.conversations_of(user=user)}
