"""Form fields every app's forms share."""

from django import forms

from . import text


class OneLineField(forms.CharField):
    """One line of text by the project's one rule (``supportdesk.text.one_line``): line breaks fold
    into spaces, other control characters are refused, as in the API."""

    def to_python(self, value):
        return text.one_line(super().to_python(value))
