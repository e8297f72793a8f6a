"""The one rule for text people type on one line (a title, a name, a transaction ID).

Runs of white space, tabs and line breaks become one space (a pasted title often ends in a line
break; nothing is lost). Any other control character is refused, whatever the edge (form, API,
admin): C0 and C1 controls and DEL (a NUL breaks PostgreSQL, a CR/LF forges e-mail headers) and the
invisible direction and zero-width marks (U+202E makes "gpj.exe" read "exe.jpg"; a zero-width space
hides inside a reference).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# White space that folds into one space on a single line.
_SPACE_RUNS = re.compile(r"[\s\u2028\u2029\u00a0\u3000]+")
# What may never be typed into one line: the control characters that remain after folding.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

ONE_LINE_MESSAGE = _("Remove the control characters (invisible formatting characters) from this text.")


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def one_line(value: str) -> str:
    """``value`` on one line, stripped; ValidationError (code ``control_characters``) if it holds a
    control character that is not white space."""
    folded = _SPACE_RUNS.sub(" ", value).strip()
    if has_control_characters(folded):
        raise ValidationError(ONE_LINE_MESSAGE, code="control_characters")
    return folded


def excerpt(value: str, limit: int) -> str:
    """``value`` folded onto one line and cut to ``limit`` characters, "…" included, for text quoted
    elsewhere (a ticket title from a chat message). Always "…": Django's ``Truncator`` would use the
    active language's "..." in Chinese."""
    folded = _SPACE_RUNS.sub(" ", value).strip()
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def strip_control_characters(value: str) -> str:
    """For text we only display (a file name): control characters removed rather than refused."""
    return CONTROL_CHARACTERS.sub("", value)


def validate_no_control_characters(value: str) -> None:
    """The one-line rule as a validator, for fields that keep their own cleaning (admin model forms)."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(ONE_LINE_MESSAGE, code="control_characters")


def reject_control_codes(value: str) -> None:
    """The weaker rule, for a value whose invisible marks are the evidence (a link pasted into the
    official-channel check): tabs, line breaks, NUL and other control codes are refused, but format
    characters (zero-width spaces, bidi marks) pass, because finding them is part of the verdict."""
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        raise ValidationError(_("Remove the control characters (such as line breaks) and try again."), code="control")
