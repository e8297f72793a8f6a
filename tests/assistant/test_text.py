"""The text helpers keep their promises for any input."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.understanding.text import ascii_lower, fold, mask, nfkc
from tickets.classify import _normalise
from tickets.rules import normalise

# Mostly the characters customers type (ASCII, full-width forms, CJK, combining marks), plus anything.
typed = (
    st.text(
        alphabet=st.sampled_from(
            [chr(c) for c in range(0x20, 0x7F)]
            + [chr(c) for c in range(0xFF01, 0xFF5F)]
            + ["\u3000", "。", "、", "我", "充", "值", "\u0301", "é", "ﬁ", "①", "ｶ", "ﾞ", "İ", "ß"]
        )
    )
    | st.text()
)


@settings(max_examples=300, deadline=None)
@given(typed)
def test_nfkc_shortcut_equals_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
    assert fold.__wrapped__(text) == unicodedata.normalize("NFKC", text)


@settings(max_examples=300, deadline=None)
@given(typed)
def test_suggest_type_normalises_exactly_as_the_routing_rules_do(text):
    assert _normalise.__wrapped__(text) == normalise(text)


@settings(max_examples=300, deadline=None)
@given(typed)
def test_lower_casing_keeps_every_position(text):
    lowered = ascii_lower.__wrapped__(text)
    assert len(lowered) == len(text)
    assert all(a == b or a.lower() == b or not a.isascii() for a, b in zip(text, lowered, strict=True))


def test_mask_blanks_spans_and_keeps_length():
    assert mask("send 0xabc to me", [(5, 10)]) == "send " + " " * 5 + " to me"
    assert mask("ab12cd", [(2, 4), (3, 5)]) == "ab   d"  # overlapping spans
    assert mask("abc", []) == "abc"
