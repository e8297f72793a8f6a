"""Snippets and the answering passage (knowledgebase/search/snippets.py): pure text, no database."""

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledgebase.search.snippets import SNIPPET_CHARS, best_passage, snippet_html, tidy_spacing
from knowledgebase.text import tokenize

BODY = "\n".join(
    [
        "Short answer: open Assets, History, Withdrawals and read the status. If it says Completed, the funds "
        "have left; if it says Pending review, it is still with us.",
        "Step 1: check the status",
        "Sign in and go to Assets, History, Withdrawals.",
        "Pending review · Our risk check is running. Usually under 30 minutes, occasionally up to 24 hours. "
        "· Wait; nobody can speed it up for a fee.",
        "Processing · We are signing and broadcasting the transaction. · Wait a few minutes.",
        "Completed · Broadcast to the blockchain; a TXID is shown. · Check the TXID on a block explorer with "
        "the receiving platform.",
        "When to contact us",
        "If it has been Pending review for more than 24 hours, submit a ticket with the asset, amount and time.",
    ]
)


def test_best_passage_is_the_block_that_answers_not_the_first_paragraph():
    passage = best_passage(BODY, "how long does the pending review usually take?", "en")
    assert passage.startswith("Pending review · Our risk check")
    assert not passage.startswith("Short answer")


def test_best_passage_follows_the_question_of_a_story():
    story = (
        "I withdrew USDT yesterday and my friend says withdrawals are often slow. The status is Completed "
        "and the other exchange shows nothing. Where do I check the transaction on a block explorer?"
    )
    assert "block explorer" in best_passage(BODY, story, "en")


def test_best_passage_reads_a_translation_and_chinese():
    from knowledgebase.markdown import markdown_to_text
    from knowledgebase.services import CONTENT_DIR, parse_content_file

    shipped = parse_content_file(CONTENT_DIR / "zh-hans" / "withdrawal-delayed.md", language="zh-hans")

    class Translation:
        body_text = markdown_to_text(shipped.body)

    assert best_passage(Translation(), "提现审核要多久", "zh-hans").startswith("待审核")


def test_best_passage_without_a_match_is_the_short_answer_and_empty_body_is_empty():
    assert best_passage(BODY, "zzqxv", "en").startswith("Short answer")
    assert best_passage("", "withdrawal", "en") == ""


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
