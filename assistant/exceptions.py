from django.utils.translation import gettext_lazy as _

from supportdesk.exceptions import DomainError


class InvalidTransition(DomainError):
    http_status = 409
    default_message = _("This conversation cannot do that in its current state.")


class ConversationClosed(DomainError):
    http_status = 409
    default_message = _("This conversation is closed. Start a new one.")


class ContactNeeded(DomainError):
    field = "contact_email"
    default_message = _("Give an e-mail address so that we can answer you.")
