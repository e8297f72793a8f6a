"""The passage that answers (knowledgebase/search/passage.py): the block of the article matching the
question, not its first paragraph. Pure text, no database."""

from pathlib import Path

from knowledgebase.search.passage import best_passage, blocks

CONTENT = Path(__file__).resolve().parents[3] / "knowledgebase" / "content"

BODY = "\n\n".join(
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


def test_the_block_that_answers_not_the_first_paragraph():
    passage = best_passage(BODY, "how long does the pending review usually take?")
    assert passage.text.startswith("Pending review · Our risk check")


def test_the_question_of_a_story_chooses_the_block():
    story = (
        "I withdrew USDT yesterday and my friend says withdrawals are often slow. The status is Completed "
        "and the other exchange shows nothing. Where do I check the transaction on a block explorer?"
    )
    assert "block explorer" in best_passage(BODY, story).text
