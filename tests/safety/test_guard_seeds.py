"""Seed phrases: every valid phrase in every layout is redacted whole; ordinary text is left alone."""

import hashlib
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from safety.guard import redact, scan
from safety.guard.bip39 import checksum_ok
from safety.guard.wordlists import INDEX, SHORT_ENGLISH
from tests.safety.material import (
    LAYOUTS,
    MNEMONICS,
    embed,
    entropies,
    lay_out,
    pasted_phrases,
    phrase_words,
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENGLISH_12 = "legal winner thank year wave sausage worth useful legal winner thank yellow"  # BIP39 test vector


def _covered(result, spans) -> bool:
    seeds = [f for f in result.findings if f.kind == "seed_phrase"]
    return all(any(f.start <= start and end <= f.end for f in seeds) for start, end in spans)


@SETTINGS
@given(pasted_phrases())
def test_every_valid_phrase_in_every_layout_is_redacted_whole(case):
    _language, placed = case
    result = scan(placed.text)
    assert "seed_phrase" in result.kinds, placed.text
    assert _covered(result, placed.word_spans), (placed.text, result.findings)
    # No word of it survives: what is left are words of the sentence around it, at most.
    left = result.text.replace("[redacted: seed_phrase]", " ")
    assert not Counter(_words(left)) - Counter(_words(placed.around)), (placed.text, result.text)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+|[\u3400-\u9fff\uf900-\ufaff]", text.lower())


@SETTINGS
@given(st.sampled_from(("english", "chinese_simplified", "chinese_traditional")), entropies())
def test_checksum_matches_the_reference_implementation(language, entropy):
    words = phrase_words(language, entropy)
    indices = [INDEX[language][w] for w in words]
    assert checksum_ok(indices)
    assert MNEMONICS[language].check(" ".join(words))
    broken = [*indices[:-1], (indices[-1] + 1) % 2048]
    # The last word holds the checksum bits: changing it breaks the checksum unless only entropy bits moved.
    assert checksum_ok(broken) == MNEMONICS[language].check(" ".join(MNEMONICS[language].wordlist[i] for i in broken))


def test_checksum_rejects_wrong_lengths():
    assert not checksum_ok([0] * 11)
    assert not checksum_ok([0] * 13)


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH_12,
        ENGLISH_12.upper(),
        ENGLISH_12.title(),
        ", ".join(ENGLISH_12.split()),
        "\n".join(ENGLISH_12.split()),
        " ".join(f"{i}. {w}" for i, w in enumerate(ENGLISH_12.split(), 1)),
        "\n".join(f"{i}) {w}" for i, w in enumerate(ENGLISH_12.split(), 1)),
        " ".join(f"#{i} {w}" for i, w in enumerate(ENGLISH_12.split(), 1)),
        "\n".join(f"{i}: {w}" for i, w in enumerate(ENGLISH_12.split(), 1)),
        "\u3000".join(ENGLISH_12.split()),
        "1.legal 2.winner 3.thank 4.year 5.wave 6.sausage 7.worth 8.useful 9.legal 10.winner 11.thank 12.yellow",
    ],
)
def test_english_layouts(text):
    result = scan(f"Hello, {text}\nthanks")
    assert result.kinds == ("seed_phrase",)
    assert "winner" not in result.text.lower() and "sausage" not in result.text.lower()
    assert result.text.endswith("\nthanks")


def test_numbering_belongs_to_the_phrase():
    text = "words:\n" + "\n".join(f"{i}. {w}" for i, w in enumerate(ENGLISH_12.split(), 1))
    assert redact(text) == "words:\n[redacted: seed_phrase]"


def test_lead_in_and_closing_words_stay_when_the_checksum_marks_the_phrase():
    assert redact(f"My seed: {ENGLISH_12}. Help!") == "My seed: [redacted: seed_phrase]. Help!"


def test_english_phrase_with_a_typo_or_a_failing_checksum_is_still_a_phrase():
    typo = ENGLISH_12.replace("sausage", "sausgae")
    assert scan(typo).kinds == ("seed_phrase",)
    assert "sausgae" not in redact(typo)
    wrong_checksum = ENGLISH_12.replace("yellow", "zoo")
    assert not MNEMONICS["english"].check(wrong_checksum)
    assert redact(wrong_checksum) == "[redacted: seed_phrase]"


def test_longer_phrase_wins_over_a_shorter_one_inside_it():
    words = phrase_words("english", hashlib.sha256(b"24").digest())
    result = scan(" ".join(words))
    assert len(result.findings) == 1 and result.text == "[redacted: seed_phrase]"


def test_eleven_list_words_are_not_a_phrase():
    assert scan(" ".join(ENGLISH_12.split()[:11])).findings == ()


ZH_12 = phrase_words("chinese_simplified", bytes(range(16)))
ZH_TRAD_12 = phrase_words("chinese_traditional", bytes(range(100, 116)))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("words", [ZH_12, ZH_TRAD_12], ids=["simplified", "traditional"])
def test_chinese_layouts(words, layout):
    placed = embed(lay_out(words, layout), "我的助记词是", "，请帮我看看")
    result = scan(placed.text)
    assert result.kinds == ("seed_phrase",)
    assert result.text == "我的助记词是[redacted: seed_phrase]，请帮我看看"


def test_chinese_separated_needs_no_context_word():
    assert redact(" ".join(ZH_12)) == "[redacted: seed_phrase]"
    assert redact("、".join(ZH_12)) == "[redacted: seed_phrase]"


def test_solid_chinese_without_a_context_word_is_not_a_phrase():
    # A solid run is only a phrase near 助记词/seed/mnemonic...: prose passes the checksum 1 time in 16.
    assert scan("".join(ZH_12)).findings == ()


@pytest.mark.parametrize(
    "template",
    [
        "助记词\n{p}",
        "这是我的助记词 {p} 请帮忙",
        "mnemonic: {p}",
        "我的种子短语：{p}。",
        "恢复短语是{p}",
        "my 12 words: {p}",
    ],
)
def test_solid_chinese_near_a_context_word(template):
    text = template.format(p="".join(ZH_12))
    assert scan(text).kinds == ("seed_phrase",), text
    assert "".join(ZH_12)[3:9] not in redact(text)


def test_solid_chinese_grouped_in_fours_near_a_context_word():
    grouped = " ".join("".join(ZH_12[i : i + 4]) for i in range(0, 12, 4))
    assert redact(f"助记词：{grouped}") == "助记词：[redacted: seed_phrase]"


@pytest.mark.parametrize(
    "text",
    [
        "where do I find my seed phrase",
        "how do I back up my recovery phrase?",
        "我的助记词丢了怎么办？还能找回钱包吗？",
        "请问助记词应该怎么备份比较安全，写在纸上可以吗",
        "Never share your seed phrase: anyone with it can take your funds.",
    ],
)
def test_questions_about_phrases_are_left_alone(text):
    assert scan(text).findings == ()


def _typo(word: str, how: str, at: int, letter: str) -> str:
    at %= len(word)
    if how == "drop" and len(word) > 3:
        return word[:at] + word[at + 1 :]
    if how == "add":
        return word[:at] + letter + word[at:]
    if how == "swap" and at + 1 < len(word):
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + letter + word[at + 1 :]


@SETTINGS
@given(
    entropies(),
    st.integers(1, 10),
    st.sampled_from(("drop", "add", "swap", "change")),
    st.integers(0, 7),
    st.sampled_from("aeioustxz"),
)
def test_english_phrase_with_one_typo_is_redacted_whole(entropy, position, how, at, letter):
    words = phrase_words("english", entropy)
    words[position] = _typo(words[position], how, at, letter)
    # Known limit: a typo that spells a common short English word ("age" -> "ago") is not read as
    # a typo (such words would join prose into runs), so the phrase splits in two.
    assume(words[position] not in SHORT_ENGLISH)
    text = "my recovery words: " + " ".join(words) + "\nplease help"
    result = scan(text)
    assert result.kinds == ("seed_phrase",), text
    left = result.text.replace("[redacted: seed_phrase]", " ")
    assert not Counter(_words(left)) - Counter(_words("my recovery words please help")), (text, result.text)
