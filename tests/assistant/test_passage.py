"""The passage that answers: the block of the article matching the question, not its first paragraph."""

from pathlib import Path

from assistant.answers.passage import best_passage, blocks

CONTENT = Path(__file__).resolve().parents[2] / "knowledgebase" / "content"


def body(language: str, slug: str) -> str:
    return (CONTENT / language / f"{slug}.md").read_text(encoding="utf-8").split("---", 2)[2]


def test_the_confirmation_table_answers_a_question_about_waiting_in_chinese():
    passage = best_passage(body("zh-hans", "deposit-not-credited"), "TRC20 充值 确认数 要等多久")
    assert "TRC20" in passage.text and passage.heading.startswith("常见到账时间")


def test_a_lead_in_keeps_its_list():
    passage = best_passage(body("en", "deposit-not-credited"), "what should I include when I contact support")
    assert passage.text.splitlines()[0].endswith(":") and len(passage.text.splitlines()) > 2


def test_no_shared_word_falls_back_to_the_short_answer():
    text = body("en", "enable-2fa")
    assert best_passage(text, "zebra").text == blocks(text)[0][1]


def test_markdown_is_plain_text_and_long_blocks_are_cut():
    passage = best_passage("## Title\n\n**Bold** [a link](/x/) " + "word " * 400, "bold link")
    assert passage.text.startswith("Bold a link") and len(passage.text) <= 600


def test_an_empty_article_has_no_passage():
    assert best_passage("", "anything") is None
