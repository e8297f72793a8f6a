"""Form fields every app's forms share."""

from django import forms
from django.urls import reverse

from . import text


class OneLineField(forms.CharField):
    """One line of text by the project's one rule (``supportdesk.text.one_line``): line breaks fold
    into spaces, other control characters are refused, as in the API."""

    def to_python(self, value):
        return text.one_line(super().to_python(value))


class SecretGuardMixin:
    """The fields named in ``guarded_fields`` warn while someone types a secret into them
    (``static/js/secret-guard.js`` asks ``safety.guard`` through ``/api/v1/guard/check/``); the
    server removes it on sending either way."""

    guarded_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        url = reverse("api-guard-check")
        for name in self.guarded_fields:
            self.fields[name].widget.attrs["data-secret-guard"] = url
