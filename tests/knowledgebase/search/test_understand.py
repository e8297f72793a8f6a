"""Reading a question (knowledgebase/search/understand.py) and the lexicon behind it: no database."""

import pytest

from knowledgebase.search.lexicon import LEXICON_FILE, Lexicon, lexicon
from knowledgebase.search.understand import STORY_WEIGHT, asks, understand


def test_the_asking_sentence_outweighs_the_story_and_hashes_are_dropped():
    story = (
        "Last year my friend's account was hacked, so I am careful. "
        "Yesterday I sent 500 USDT to my Ledger, hash 0x" + "ab" * 32 + ". "
        "Why is my withdrawal still pending?"
    )
    weights = understand(story, language="en").weights
    assert weights["pend"] == pytest.approx(1.0, abs=0.3)
    assert weights["hack"] <= STORY_WEIGHT * 1.3
    assert not any("abab" in term for term in weights)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("Why is it pending?", True), ("how do I reset 2fa", True), ("提现要多久", True), ("I sent it yesterday.", False)],
)
def test_asks(sentence, expected):
    assert asks(sentence) is expected


def test_paraphrase_adds_the_articles_word_and_chinese_typo_is_corrected():
    assert "password" in understand("the string I type to sign in", language="en").weights
    assert "验证" in understand("身份验正失败", language="zh-hans").weights
    assert "被盗" in understand("账户被 hack 了", language="zh-hans").weights


def test_weak_words_count_less_than_topic_words():
    weights = understand("please help, still can't find the memo", language="en").weights
    assert weights["still"] < weights["memo"]


def test_the_shipped_lexicon_parses_and_a_bad_line_is_refused():
    assert lexicon().expansions["en"] and lexicon().typos["zh-hans"]
    assert LEXICON_FILE.read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        Lexicon(["en hack => hacked"])  # no kind


def test_a_long_question_is_read_to_its_end():
    text = "I am writing about my account. " * 60 + "How do I unfreeze my account?"
    assert len(text) > 1800
    assert "unfreez" in understand(text, language="en").weights
