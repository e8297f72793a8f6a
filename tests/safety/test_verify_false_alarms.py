"""Zero false alarms: our own channels are official, and well-known channels of others are "unknown"."""

from pathlib import Path

import pytest

from safety.verify import verdict

UNRELATED = Path(__file__).with_name("data") / "unrelated.txt"


def unrelated_values() -> list[str]:
    lines = UNRELATED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_unrelated_list_is_big_and_covers_every_kind(channels):
    values = unrelated_values()
    assert len(values) >= 200
    kinds = {verdict(value, channels).kind for value in values}
    assert kinds == {"web", "email", "phone", "handle"}


def test_no_unrelated_channel_is_called_a_lookalike_or_official(channels):
    alarms = {}
    for value in unrelated_values():
        result = verdict(value, channels)
        if result.verdict != "unknown":
            alarms[value] = (result.verdict, [r.code for r in result.reasons])
    assert not alarms


@pytest.mark.parametrize(
    "value", ["supportdesk.com", "support@supportdesk.com", "+1 415 555 0100", "telegram @SupportdeskHelp"]
)
def test_official_values_are_not_lookalikes_of_each_other(channels, value):
    assert verdict(value, channels).verdict == "official"
