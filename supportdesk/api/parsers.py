"""Request parsers for the API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a nesting bomb answered as a 400.

    ``json.load`` recurses once per ``[`` or ``{``: a few kilobytes of brackets raise
    RecursionError, which DRF does not catch (it catches ValueError), so every JSON endpoint
    answered with a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from None
