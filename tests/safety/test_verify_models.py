"""OfficialChannel: normalised on save, unique, snapshot kept fresh; the demo seed is idempotent."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from safety import channels
from safety.models import OfficialChannel
from safety.reference import DEMO_CHANNELS, official_channels_seed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "platform", "written", "stored"),
    [
        ("web", "", "https://WWW.SupportDesk.com/help", "supportdesk.com"),
        ("web", "", "bücher.example", "xn--bcher-kva.example"),
        ("email", "", "Support@SupportDesk.COM", "support@supportdesk.com"),
        ("phone", "", "+1 (415) 555-0100", "+14155550100"),
        ("phone", "", "001 415 555 0100", "+14155550100"),
        ("handle", "telegram", "@SupportdeskHelp", "SupportdeskHelp"),
    ],
)
def test_value_is_normalised_on_save(kind, platform, written, stored):
    channel = OfficialChannel.objects.create(kind=kind, platform=platform, value=written)
    assert channel.value == stored


@pytest.mark.parametrize(
    ("kind", "value"),
    [("web", "not a host"), ("email", "nobody"), ("phone", "call me"), ("handle", "two words")],
)
def test_invalid_values_are_refused(kind, value):
    channel = OfficialChannel(kind=kind, platform="x" if kind == "handle" else "", value=value)
    with pytest.raises(ValidationError):
        channel.full_clean()
    with pytest.raises(ValidationError):
        channel.save()


def test_accounts_are_unique_whatever_the_case():
    OfficialChannel.objects.create(kind="handle", platform="telegram", value="SupportdeskHelp")
    OfficialChannel.objects.create(kind="handle", platform="x", value="SupportdeskHelp")  # another platform
    with pytest.raises(IntegrityError):
        OfficialChannel.objects.create(kind="handle", platform="telegram", value="@supportdeskhelp")


def test_accounts_need_a_platform_and_others_have_none():
    with pytest.raises(ValidationError):
        OfficialChannel(kind="handle", value="someone").full_clean()
    web = OfficialChannel.objects.create(kind="web", platform="x", value="example.org")
    assert web.platform == ""


def test_seed_is_idempotent_and_keeps_admin_edits():
    assert official_channels_seed() == len(DEMO_CHANNELS)
    OfficialChannel.objects.filter(kind="phone").update(active=False, label="Retired")
    assert official_channels_seed() == 0
    assert OfficialChannel.objects.count() == len(DEMO_CHANNELS)
    assert OfficialChannel.objects.get(kind="phone").label == "Retired"


def test_snapshot_is_reused_then_dropped_when_a_channel_is_saved_or_deleted(seeded, django_assert_num_queries):
    first = channels.official_channels()
    with django_assert_num_queries(0):
        assert channels.official_channels() is first
    extra = OfficialChannel.objects.create(kind="web", value="example.org")
    second = channels.official_channels()
    assert second is not first and "example.org" in {c.value for c in second}
    extra.delete()
    assert "example.org" not in {c.value for c in channels.official_channels()}


def test_snapshot_reloads_after_the_ttl(seeded, settings, monkeypatch):
    import time

    first = channels.official_channels()
    OfficialChannel.objects.filter(kind="phone").update(active=False)  # no signal: another process's edit
    assert channels.official_channels() is first
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + settings.REFERENCE_DATA_TTL + 1)
    assert "+14155550100" not in {c.value for c in channels.official_channels()}


def test_snapshot_only_has_active_channels(seeded):
    OfficialChannel.objects.filter(kind="email").update(active=False)
    channels.invalidate()
    assert {c.kind for c in channels.official_channels()} == {"web", "phone", "handle"}
