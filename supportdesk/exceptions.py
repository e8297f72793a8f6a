"""The one domain-error base: services raise it, every edge turns it into a 4xx or a form error."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    http_status = 400
    field = "non_field_errors"

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.default_message
        if field:
            self.field = field
        super().__init__(str(self.message))

    default_message = _("The request cannot be carried out.")

    def as_dict(self) -> dict:
        return {self.field: [str(self.message)]}
