"""The shape of the retrieval question set (knowledgebase/evaluation/questions.json), not its scores.

Quality is measured and reported by ``python -m knowledgebase.evaluation.report``; these checks keep the set
usable: big enough per language and per article, labelled with shipped articles, with enough long stories,
no duplicates (also against queries.json), and no question lifted from the article that answers it.
"""

import re
from collections import Counter

import pytest

from knowledgebase.evaluation import load_queries, load_questions
from knowledgebase.services import CONTENT_DIR

LANGUAGES = ("en", "zh-hans")
STYLES = {"short", "paraphrase", "typo", "mixed", "story", "long"}
MIN_PER_LANGUAGE = 160
MIN_PER_SLUG_AND_LANGUAGE = 6
LONG_CHARS = 300
MIN_LONG = 60
MAX_CHARS = 2000
# A question sharing this many consecutive words (English) or characters (Chinese) with its article copies it.
# In Chinese text a latin word (an error code, "USDT") counts as one character, as it is one unit of meaning.
COPIED_WORDS = 12
COPIED_CHARS = 15

_WORD_RE = re.compile(r"[a-z0-9]+")
_CJK_CHAR_OR_WORD_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[a-z0-9]+")

QUESTIONS = load_questions()


def _shipped(language: str) -> set[str]:
    return {path.stem for path in (CONTENT_DIR / language).glob("*.md")}


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def _article_text(language: str, slug: str) -> str:
    return (CONTENT_DIR / language / f"{slug}.md").read_text(encoding="utf-8").lower()


def _copied_run(question: str, language: str, article: str) -> str | None:
    """The first run of the question long enough to count as copied from ``article``, if any.

    Punctuation, spacing and Markdown are ignored: only words (English) or characters (Chinese) count.
    """
    pattern, length = (_WORD_RE, COPIED_WORDS) if language == "en" else (_CJK_CHAR_OR_WORD_RE, COPIED_CHARS)
    units, article_units = pattern.findall(question.lower()), pattern.findall(article)
    runs = {tuple(article_units[i : i + length]) for i in range(len(article_units) - length + 1)}
    for i in range(len(units) - length + 1):
        if tuple(units[i : i + length]) in runs:
            return " ".join(units[i : i + length])
    return None


def test_every_item_has_the_expected_fields():
    for item in QUESTIONS:
        assert set(item) <= {"q", "lang", "slug", "also", "style"}, item
        assert isinstance(item["q"], str) and item["q"].strip(), item
        assert item["lang"] in LANGUAGES, item
        assert item.get("style", "paraphrase") in STYLES, item
        if "also" in item:
            assert item["also"] and isinstance(item["also"], list), item
            assert item["slug"] not in item["also"] and len(set(item["also"])) == len(item["also"]), item


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_enough_questions(language):
    assert sum(item["lang"] == language for item in QUESTIONS) >= MIN_PER_LANGUAGE


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_are_shipped_articles_and_every_article_is_covered(language):
    shipped = _shipped(language)
    items = [item for item in QUESTIONS if item["lang"] == language]
    for item in items:
        assert item["slug"] in shipped, item
        assert set(item.get("also", ())) <= shipped, item
    counts = Counter(item["slug"] for item in items)
    too_few = {slug: counts[slug] for slug in shipped if counts[slug] < MIN_PER_SLUG_AND_LANGUAGE}
    assert not too_few, f"{language}: fewer than {MIN_PER_SLUG_AND_LANGUAGE} questions for {too_few}"


def test_long_stories_are_there_and_no_item_is_too_long():
    long_items = [item for item in QUESTIONS if len(item["q"]) >= LONG_CHARS]
    assert len(long_items) >= MIN_LONG
    assert all(len(item["q"]) <= MAX_CHARS for item in QUESTIONS)
    # style "long" means a story of at least LONG_CHARS characters, and every such story says so
    assert all(item.get("style") == "long" for item in long_items)
    assert all(len(item["q"]) >= LONG_CHARS for item in QUESTIONS if item.get("style") == "long")


def test_no_duplicates_within_the_set_or_with_queries_json():
    keys = [(_normalised(item["q"]), item["lang"]) for item in QUESTIONS]
    duplicated = [key for key, count in Counter(keys).items() if count > 1]
    assert not duplicated
    queries = {(_normalised(item["q"]), item["lang"]) for item in load_queries()}
    assert not queries.intersection(keys)


def test_no_question_copies_a_run_of_its_article():
    copied = []
    for item in QUESTIONS:
        for slug in [item["slug"], *item.get("also", ())]:
            run = _copied_run(item["q"], item["lang"], _article_text(item["lang"], slug))
            if run:
                copied.append((item["q"][:60], slug, run))
    assert not copied, copied


def test_the_copy_check_catches_a_copied_sentence():
    article = _article_text("en", "reset-password")
    lifted = "Hi! On the sign-in page click Forgot password?, enter your email or phone number, and follow the link"
    assert _copied_run(lifted, "en", article)
    chinese = _article_text("zh-hans", "reset-password")
    assert _copied_run("请问在登录页点击忘记密码，输入邮箱或手机号，按收到的链接或验证码操作即可吗", "zh-hans", chinese)
    assert _copied_run("forgot my password", "en", article) is None
