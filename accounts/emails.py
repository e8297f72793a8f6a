"""E-mails about an account (not about a ticket): confirm the address, reset the password, "you
already have an account".

Sent from the request that asked for them: there is no ticket to hang an outbox row on, and each
can be asked for again (a lost confirmation mail is one click on "send it again"). A mail server
that is down is logged and never turns the page into an error.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .anti_phishing import mail_line

logger = logging.getLogger(__name__)


def render_account_email(template: str, context: dict, *, language: str) -> tuple[str, str]:
    """Subject (the first line) and body of ``accounts/email/<template>.txt`` in ``language``."""
    with translation.override(language):
        rendered = render_to_string(
            f"accounts/email/{template}.txt", {"site_url": settings.SUPPORT_SITE_URL.rstrip("/"), **context}
        )
    subject, _sep, body = rendered.strip().partition("\n")
    return subject.strip()[:200], body.strip()


def send_account_email(*, to: str, template: str, context: dict, language: str) -> bool:
    """Render and send (the account's anti-phishing code on top); False (logged) when the mail
    server refused or could not be reached."""
    subject, body = render_account_email(template, context, language=language)
    body = mail_line(context.get("user"), to) + body
    try:
        send_mail(subject, body, None, [to], fail_silently=False)
    except Exception:
        logger.warning("account e-mail %r to a customer could not be sent", template, exc_info=True)
        return False
    return True
