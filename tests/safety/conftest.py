import pytest


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
