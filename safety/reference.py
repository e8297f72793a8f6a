"""The contract's official channels for the demo desk, and an idempotent loader for them."""

from __future__ import annotations

from django.db import transaction

from safety.verify import Channel, channel_value


def gettext_noop(message: str) -> str:
    """Marks a label for makemessages (which knows this name) without needing Django's settings, so the
    channels can be read outside a configured project (the benchmark)."""
    return message


# (kind, platform, value, label). Labels are stored in English and translated where shown.
DEMO_CHANNELS: tuple[tuple[str, str, str, str], ...] = (
    ("web", "", "supportdesk.com", gettext_noop("Website and help centre (and its subdomains)")),
    ("email", "", "support@supportdesk.com", gettext_noop("Customer support")),
    ("email", "", "no-reply@supportdesk.com", gettext_noop("Notifications (do not reply)")),
    ("email", "", "security@supportdesk.com", gettext_noop("Security team")),
    ("phone", "", "+1 415 555 0100", gettext_noop("Support line")),
    ("handle", "x", "@supportdesk", gettext_noop("News and status")),
    ("handle", "telegram", "@SupportdeskHelp", gettext_noop("Support on Telegram")),
)


def demo_channels() -> list[Channel]:
    """The demo channels as the engine sees them (normalised), without a database: tests, the benchmark."""
    return [Channel(kind=k, platform=p, value=channel_value(k, v), label=label) for k, p, v, label in DEMO_CHANNELS]


def official_channels_seed() -> int:
    """Create the demo channels that are missing (matched on kind, platform and normalised value, case
    ignored); leave existing rows, including ones an admin deactivated, as they are. Returns how many
    were created."""
    from safety.models import OfficialChannel

    created = 0
    with transaction.atomic():
        for kind, platform, value, label in DEMO_CHANNELS:
            normal = channel_value(kind, value)
            _, was_created = OfficialChannel.objects.get_or_create(
                kind=kind, platform=platform, value__iexact=normal, defaults={"value": normal, "label": label}
            )
            created += was_created
    return created
