from pathlib import Path

import pytest
from django.conf import settings

FRAGMENT = Path(settings.BASE_DIR) / "locale" / "fragments" / "channels.po"


@pytest.fixture
def channels():
    """The contract's official channels, as the engine sees them (no database)."""
    from safety.reference import demo_channels

    return demo_channels()


@pytest.fixture(autouse=True)
def _fresh_channel_snapshot():
    """Each test has its own rows: never reuse another test's snapshot of the official channels."""
    from safety import channels

    channels.invalidate()
    yield
    channels.invalidate()


@pytest.fixture
def seeded(db):
    from safety.reference import official_channels_seed

    official_channels_seed()


@pytest.fixture
def chinese_catalogue(settings, tmp_path):
    """This module's Chinese strings, compiled from locale/fragments/channels.po into a catalogue of
    its own in front of LOCALE_PATHS (the fragment is merged into django.po later; until then the
    shared catalogue does not have them)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    target = tmp_path / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with FRAGMENT.open("rb") as source:
        catalogue = read_po(source, locale="zh_Hans")
    with (target / "django.mo").open("wb") as out:
        write_mo(out, catalogue)
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]  # resets Django's translation caches
    yield
