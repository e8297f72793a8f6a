"""The anti-phishing code: words a customer chooses that every e-mail we send them shows at the top,
as major exchanges do. A mail that claims to be from us without their code is not from us.

The code is shown to its owner (their account page, ``/api/v1/me/``) and in mail to their verified
address, never to anyone else: not to agents (the admin shows it masked and notification bodies are
stored without it), not to another address a ticket names.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

MIN_LENGTH, MAX_LENGTH = 4, 20
# Letters of any script, digits, and a few separators; no control characters, no markup, no links.
_SHAPE = re.compile(r"^[\w][\w \-.!#*]{2,18}[\w!#*]$")


def validate_code(value: str) -> None:
    if not (MIN_LENGTH <= len(value) <= MAX_LENGTH) or not _SHAPE.match(value) or "__" in value:
        raise ValidationError(
            _("Use %(min)d to %(max)d letters or digits (spaces, - . ! # * allowed inside)."),
            code="anti_phishing_code",
            params={"min": MIN_LENGTH, "max": MAX_LENGTH},
        )


def masked(code: str) -> str:
    """What anyone but the owner may see: that a code is set, not the code."""
    return f"{code[:1]}{'•' * (len(code) - 1)}" if code else ""


def mail_line(user, to_email: str) -> str:
    """The line at the top of a mail to ``to_email``: the account's code, in both languages, if the
    mail goes to the account's own verified address; otherwise nothing."""
    code = getattr(user, "anti_phishing_code", "") if user is not None else ""
    if not code or not user.email_verified or to_email.strip().lower() != user.email.lower():
        return ""
    with translation.override("en"):
        english = str(_("Your anti-phishing code: %(code)s") % {"code": code})
    with translation.override("zh-hans"):
        chinese = str(_("Your anti-phishing code: %(code)s") % {"code": code})
    return f"{english}\n{chinese}\n\n"
