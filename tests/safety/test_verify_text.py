"""Characters: the vendored confusables slice, skeletons, scripts, invisible characters."""

import json
from pathlib import Path

import pytest

from safety.verify import text
from safety.verify.data import generate_confusables


def test_vendored_confusables_are_what_the_generator_makes():
    import confusable_homoglyphs

    source = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
    assert generate_confusables.build(json.loads(source.read_text(encoding="utf-8"))) == text.confusables()


def test_the_slice_stays_compact():
    assert 1000 < len(text.confusables()) < 3000
    assert generate_confusables.OUTPUT.stat().st_size < 40_000


@pytest.mark.parametrize(
    ("written", "reads_as"),
    [
        ("supportdеsk", "supportdesk"),  # Cyrillic е
        ("ѕupportdesk", "supportdesk"),  # Cyrillic ѕ, the whole rest Latin
        ("suppοrtdesk", "supportdesk"),  # Greek ο
        ("suppórtdesk", "supportdesk"),  # a combining mark
        ("SupportdeskHeIp", "supportdeskhelp"),  # capital I for l
        ("SupportdeskHe1p", "supportdeskhelp"),
        ("supp0rtdesk", "supportdesk"),
        ("supportdesⱪ", "supportdesk"),  # a decorated Latin letter the table does not list
        ("ｓｕｐｐｏｒｔ", "support"),  # full-width
    ],
)
def test_skeletons_meet_the_original(written, reads_as):
    assert text.skeleton(written) == reads_as


@pytest.mark.parametrize(("written", "reads_as"), [("rnodern", "modem"), ("vvallet", "wallet"), ("clesk", "desk")])
def test_visual_folds_ascii_sequences(written, reads_as):
    assert text.visual(written) == text.visual(reads_as)


def test_scripts_and_lookalike_characters_are_named():
    assert text.scripts("supportdеsk") == ["latin", "cyrillic"]
    found = text.lookalike_chars("supportdеsk")
    assert [(c.char, c.looks_like, c.script) for c in found] == [("е", "e", "cyrillic")]
    accented = text.lookalike_chars("suppórtdesk")[0]
    assert (accented.accented, accented.looks_like) == (True, "o")


def test_invisible_characters_are_found():
    assert text.invisible_chars("sup\u200bport\u00addesk\u2060") == ["\u200b", "\u00ad", "\u2060"]


def test_every_reason_reads_in_chinese():
    from django.utils import translation

    from safety.reference import demo_channels
    from safety.verify import reason_text, verdict

    values = [
        "supportdеsk.com",
        "https://supportdesk.com@evil.io/",
        "supportdesk.com.evil.io",
        "supportdesk-help.com",
        "supportdesk.net",
        "supp.ortdesk.com",
        "supportdesk.evil.io",
        "t.me/SupportdeskHe1p",
        "@SupportdeskHelp on X",
        "supp0rt@supportdesk.com",
        "+1 415 555 0199",
        "github.com",
        "",
    ]
    with translation.override("zh-hans"):
        for value in values:
            for reason in verdict(value, demo_channels()).reasons:
                text = reason_text(reason)
                assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (reason.code, text)
