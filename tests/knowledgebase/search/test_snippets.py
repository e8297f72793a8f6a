"""Snippets (knowledgebase/search/snippets.py): pure text, no database."""

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledgebase.search.snippets import SNIPPET_CHARS, snippet_html, tidy_spacing
from knowledgebase.text import tokenize


def test_chinese_snippet_has_no_stray_spaces_around_a_link():
    assert (
        tidy_spacing("提现一直在处理中？ 请看 提现一直没到账怎么办？ 。")
        == "提现一直在处理中？请看提现一直没到账怎么办？。"
    )
    assert tidy_spacing("Use USDT 提现 , then wait .") == "Use USDT 提现, then wait."


@pytest.mark.parametrize("word", ["withdrawals", "提现"])
def test_long_snippets_are_cut_at_boundaries_with_a_clean_ellipsis(word):
    filler_en = " ".join(["Nothing about the subject here."] * 12)
    filler_zh = "这里说的是别的事情，和问题无关。" * 20
    filler = filler_en if word == "withdrawals" else filler_zh
    text = (
        filler
        + (" Most withdrawals clear within 30 minutes. " if word == "withdrawals" else "多数提现在三十分钟内完成。")
        + filler
    )
    html = str(snippet_html(text, frozenset(tokenize(word))))
    plain = re.sub(r"</?mark>", "", html)
    assert plain.startswith("…") and plain.endswith("…")
    assert "<mark>" in html
    assert not re.search(r"…\s|\s…", plain)
    inner = plain.strip("…")
    assert len(inner) <= SNIPPET_CHARS
    # a whole sentence at each end: starts at a sentence's beginning, ends with its stop
    assert inner[-1] in ".。" and (inner[0].isupper() or inner[0] in "多这")


PIECES = [*"ab 提现<>&\"'\n.,;", "withdraw", "<script>", "&amp;"]


@given(
    text=st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
    terms=st.frozensets(st.sampled_from(["withdraw", "a", "b", "提现", "提", "amp", "lt", "script"]), max_size=4),
)
def test_a_snippet_is_escaped_text_with_marks_only(text, terms):
    """Only the gaps between words are escaped (a word is letters, digits or Chinese): whatever the
    text, the snippet is its escaped text with <mark> tags and nothing else."""
    snippet = str(snippet_html(text, terms))
    plain = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in plain and ">" not in plain and '"' not in plain and "'" not in plain
    assert html.unescape(plain).strip("…") in tidy_spacing(text)  # "…" only where text was cut
