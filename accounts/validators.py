"""Password validators whose messages this project's catalogue translates."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's validator, re-worded with ``%(min_length)d``.

    Django 5.2 words this error with ``%d`` but its own zh_Hans catalogue only has the older
    ``%(min_length)d`` message, so the error showed in English on Chinese pages.
    """

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
