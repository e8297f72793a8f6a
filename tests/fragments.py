"""The Chinese of ``locale/fragments/*.po`` in force for a test, as if already merged into the
catalogue: fragments are how a branch brings translations without editing ``django.po`` (the lead
merges them). ``*-js.po`` fragments belong to the djangojs domain, the others to django."""

from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings as django_settings

FRAGMENTS = Path(django_settings.BASE_DIR) / "locale" / "fragments"


def fragment_files(domain: str) -> list[Path]:
    files = sorted(FRAGMENTS.glob("*.po"))
    return [path for path in files if path.name.endswith("-js.po") == (domain == "djangojs")]


def read_fragment(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="zh_Hans")


@pytest.fixture
def fragment_catalogue(settings, tmp_path):
    """Compile the fragments into a locale directory searched before ``locale/``."""
    target = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    for domain in ("django", "djangojs"):
        files = fragment_files(domain)
        if not files:
            continue
        catalog = read_fragment(files[0])
        for path in files[1:]:
            for message in read_fragment(path):
                if message.id:
                    catalog[message.id] = message
        with (target / f"{domain}.mo").open("wb") as handle:
            write_mo(handle, catalog)
    # Changing LOCALE_PATHS drops Django's cached translations (django.test.signals).
    settings.LOCALE_PATHS = [str(tmp_path / "locale"), *settings.LOCALE_PATHS]
    yield
