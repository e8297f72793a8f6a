"""Template helpers for the customer pages."""

from datetime import timedelta

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag(takes_context=True)
def other_language(context) -> dict:
    """The language to offer in the switch, and this page's address in it."""
    current = (get_language() or settings.LANGUAGE_CODE).lower()
    code, name = next(((c, n) for c, n in settings.LANGUAGES if c != current), settings.LANGUAGES[0])
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    return {"code": code, "name": NATIVE_NAMES.get(code, name), "next": translate_url(path, code)}


# Each language is offered in its own words, so a reader who cannot read the page can still find it.
NATIVE_NAMES = {"en": "English", "zh-hans": "简体中文"}


@register.filter
def duration(value: timedelta | None) -> str:
    """A promise in words: "15 minutes", "4 hours", "7 days"."""
    if value is None:
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    if minutes < 120 and minutes % 60:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = round(minutes / 60)
    if hours <= 48 or hours % 24:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


@register.simple_tag
def freeze_within() -> str:
    """The freeze promise in words ("15 minutes"), from FREEZE_WITHIN_MINUTES: the one place the
    freeze page, the home page, its e-mail and the account-compromised article take it from."""
    return duration(timedelta(minutes=settings.FREEZE_WITHIN_MINUTES))


# Status words for the person waiting, not for the queue: "pending" means "we wait for you".
CUSTOMER_STATUS = {
    "new": _("Received"),
    "open": _("In progress"),
    "pending": _("Waiting for your reply"),
    "on_hold": _("Waiting on a third party"),
    "solved": _("Solved"),
    "closed": _("Closed"),
}


@register.filter
def customer_status(status: str) -> str:
    return CUSTOMER_STATUS.get(status, status)
