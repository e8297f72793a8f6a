"""Plain words for each reason code, in the active language.

Codes and their params are the stable interface (the API returns the codes); the words may be reworded
freely. Every message is a whole translatable sentence; list parts ("1 instead of l") are translated
one by one and joined with the language's list separator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from .types import Reason

SCRIPT_NAMES = {
    "latin": gettext_lazy("Latin"),
    "cyrillic": gettext_lazy("Cyrillic"),
    "greek": gettext_lazy("Greek"),
    "armenian": gettext_lazy("Armenian"),
    "cherokee": gettext_lazy("Cherokee"),
    "fullwidth": gettext_lazy("full-width"),
    "mathematical": gettext_lazy("mathematical"),
    "other": gettext_lazy("foreign"),
}
KIND_NOUNS = {
    "web": gettext_lazy("one of our websites"),
    "email": gettext_lazy("one of our e-mail addresses"),
    "phone": gettext_lazy("one of our phone numbers"),
    "handle": gettext_lazy("one of our accounts"),
}


def _join(items: list[str]) -> str:
    return pgettext("list separator", ", ").join(items)


def _script(code: str) -> str:
    return str(SCRIPT_NAMES.get(code, SCRIPT_NAMES["other"]))


def _change(change: Mapping[str, str]) -> str:
    op = change.get("op")
    if op == "replace":
        return _("%(new)s instead of %(old)s") % change
    if op == "insert":
        return _("an extra %(new)s") % change
    if op == "delete":
        return _("%(old)s missing") % change
    if op == "swap":
        return _("%(new)s instead of %(old)s (swapped)") % change
    return ""


def _changes(params: Mapping[str, Any]) -> str:
    return _join([text for text in (_change(c) for c in params.get("changes", [])) if text])


def _typo(p: Mapping[str, Any]) -> str:
    count = int(p.get("count", 1))
    changes = _changes(p)
    values = {"official": p["official"], "count": count, "changes": changes}
    if not changes:
        return (
            ngettext(
                "Differs from %(official)s by one character.",
                "Differs from %(official)s by %(count)d characters.",
                count,
            )
            % values
        )
    return (
        ngettext(
            "Differs from %(official)s by one character (%(changes)s).",
            "Differs from %(official)s by %(count)d characters (%(changes)s).",
            count,
        )
        % values
    )


def _local_lookalike(p: Mapping[str, Any]) -> str:
    count = int(p.get("count", 1))
    values = {"official": p["official"], "count": count, "changes": _changes(p)}
    return (
        ngettext(
            "The part before @ imitates %(official)s: one character differs (%(changes)s).",
            "The part before @ imitates %(official)s: %(count)d characters differ (%(changes)s).",
            count,
        )
        % values
    )


def _confusable(p: Mapping[str, Any]) -> str:
    values = {"char": p["char"], "looks_like": p["looks_like"], "script": _script(p.get("script", "other"))}
    if p.get("subject") == "name":
        return _("The name uses a %(script)s ‘%(char)s’ that looks like a Latin ‘%(looks_like)s’.") % values
    return _("The address uses a %(script)s ‘%(char)s’ that looks like a Latin ‘%(looks_like)s’.") % values


def _accented(p: Mapping[str, Any]) -> str:
    if p.get("subject") == "name":
        return _("The name uses ‘%(char)s’, a decorated letter that looks like ‘%(looks_like)s’.") % p
    return _("The address uses ‘%(char)s’, a decorated letter that looks like ‘%(looks_like)s’.") % p


def _mixed(p: Mapping[str, Any]) -> str:
    scripts = _join([_script(code) for code in p.get("scripts", [])])
    if p.get("subject") == "name":
        return _("The name mixes letters from different alphabets (%(scripts)s).") % {"scripts": scripts}
    return _("The address mixes letters from different alphabets (%(scripts)s).") % {"scripts": scripts}


def _phone_near(p: Mapping[str, Any]) -> str:
    count = int(p.get("count", 1))
    return ngettext(
        "Differs from our number %(official)s by one digit.",
        "Differs from our number %(official)s by %(count)d digits.",
        count,
    ) % {"official": p["official"], "count": count}


def _invisible(p: Mapping[str, Any]) -> str:
    count = int(p.get("count", 1))
    return ngettext(
        "The address contains an invisible character.", "The address contains %(count)d invisible characters.", count
    ) % {"count": count}


def _not_our_address(p: Mapping[str, Any]) -> str:
    addresses = p.get("addresses") or []
    if addresses:
        return _("%(address)s uses our domain, but it is not one of our addresses. Ours are: %(addresses)s.") % {
            "address": p["address"],
            "addresses": _join(addresses),
        }
    return _("%(address)s uses our domain, but it is not one of our addresses.") % p


def _invite(p: Mapping[str, Any]) -> str:
    handles = p.get("handles") or []
    if handles:
        return _(
            "This is an invitation link: it names no account, so we cannot check it. Our account there is %(handles)s."
        ) % {"handles": _join(handles)}
    return _("This is an invitation link: it names no account, so we cannot check it.")


def _not_listed(p: Mapping[str, Any]) -> str:
    noun = KIND_NOUNS.get(p.get("kind", ""), KIND_NOUNS["web"])
    return _("This is not %(noun)s, and it does not look like one of ours either.") % {"noun": noun}


_MESSAGES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "official_website": lambda p: _("This is our official website, %(site)s.") % p,
    "official_subdomain": lambda p: _("%(host)s is part of our official website %(site)s.") % p,
    "official_email": lambda p: _("%(address)s is one of our official e-mail addresses.") % p,
    "official_phone": lambda p: _("%(number)s is our official phone number.") % p,
    "official_handle": lambda p: _("%(handle)s is our official account on %(platform)s.") % p,
    "platform_assumed": lambda p: (
        _(
            "You did not say where you saw it: %(handle)s is ours only on %(platform)s. "
            "The same name anywhere else is not us."
        )
        % p
    ),
    "whatsapp_link": lambda p: _("The link opens a WhatsApp chat with %(number)s.") % p,
    "country_code_assumed": lambda p: _("We read the number as %(number)s: check that the country code is right.") % p,
    "userinfo": lambda p: _("The part before @ is a user name the browser ignores: this link goes to %(site)s.") % p,
    "confusable_char": _confusable,
    "accented_char": _accented,
    "mixed_script": _mixed,
    "punycode": lambda p: _("The address is written in punycode (%(written)s); it reads as “%(reads_as)s”.") % p,
    "invisible_chars": _invisible,
    "unusual_chars": lambda p: (
        _(
            "The address is written with unusual characters (such as full-width letters or dots) that a browser "
            "turns into %(site)s. We never write our address this way: type %(site)s yourself."
        )
        % p
    ),
    "typo": _typo,
    "other_suffix": lambda p: (
        _("The real site is %(official)s; %(site)s has our name with a different ending (.%(suffix)s) and is not ours.")
        % p
    ),
    "official_as_subdomain": lambda p: (
        _("The real site is %(official)s; this one only starts with it: the site is %(site)s.") % p
    ),
    "brand_as_subdomain": lambda p: (
        _("The real site is %(official)s; this one only puts our name in front: the site is %(site)s.") % p
    ),
    "combosquat": lambda p: (
        _("The real site is %(official)s; this one adds “%(extra)s” to our name: the site is %(site)s.") % p
    ),
    "split_name": lambda p: (
        _("The real site is %(official)s; this one cuts our name with dots: the site is %(site)s.") % p
    ),
    "email_domain": lambda p: _("The address is at %(domain)s, not at our domain %(official_domain)s.") % p,
    "brand_in_local": lambda p: (
        _("The address uses our name but is at %(domain)s; our e-mails only come from %(official_domain)s.") % p
    ),
    "local_lookalike": _local_lookalike,
    "not_our_address": _not_our_address,
    "wrong_platform": lambda p: (
        _("%(handle)s is our account on %(official_platform)s, not on %(platform)s: this one is not ours.") % p
    ),
    "handle_affix": lambda p: _("Our account is %(official)s; this one adds “%(extra)s” to it.") % p,
    "brand_in_name": lambda p: _("%(name)s uses our name, but our account is %(official)s.") % p,
    "phone_near": _phone_near,
    "not_listed": _not_listed,
    "problem_empty": lambda p: _("Paste a web address, e-mail address, phone number or account name to check it."),
    "problem_too_long": lambda p: _("This is too long to check (more than %(limit)d characters).") % p,
    "problem_unreadable": lambda p: _(
        "We could not read this as a web address, e-mail address, phone number or account name."
    ),
    "problem_invalid_phone": lambda p: _(
        "This is not a complete phone number: include the country code, for example +1 for the United States."
    ),
    "problem_invalid_email": lambda p: _("This is not a valid e-mail address."),
    "problem_invalid_host": lambda p: _("This is not a valid web address."),
    "problem_ip_address": lambda p: _("The link goes to a bare IP address, not to a named site. Our links never do."),
    "problem_invite_link": _invite,
}


def reason_text(reason: Reason) -> str:
    """The reason in plain words, in the active language."""
    message = _MESSAGES.get(reason.code)
    if message is None:
        return reason.code
    try:
        return message(reason.params)
    except (KeyError, TypeError, ValueError):  # params from an older engine: say something, never fail
        return reason.code
