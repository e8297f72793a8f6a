"""The languages people read Supportdesk in: declared once, used by settings, models and forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    # Each language's name in itself: a reader picks the one they can read.
    EN = "en", "English"
    ZH_HANS = "zh-hans", "简体中文"


DEFAULT = Language.EN
CODES = tuple(Language.values)
# Django's LANGUAGES setting: names in the reader's language, for pages that list them.
SETTINGS = [(Language.EN.value, _("English")), (Language.ZH_HANS.value, _("Simplified Chinese"))]


def supported(code: str | None) -> str:
    """``code`` if we publish in it (``zh-Hans``, ``ZH-HANS`` included), else the default."""
    code = (code or "").lower()
    return code if code in CODES else DEFAULT.value


def is_chinese(code: str | None) -> bool:
    return (code or "").lower().startswith("zh")
