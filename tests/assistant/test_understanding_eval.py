"""The labelled evaluation set, run as a test: the goals hold per language. `pytest -s` prints the report."""

import json

import pytest

from assistant.evaluation import HOLDOUT_PATH, LANGUAGES, MESSAGES_PATH, evaluate, load_messages


@pytest.fixture(scope="module")
def report():
    result = evaluate()
    print("\nmessages.json (development set, goals asserted below)\n" + result.format())
    return result


def test_the_holdout_set_is_scored_and_shown():
    # Written after the rules were frozen and scored once before any change; shown for comparison.
    # Its goals are not asserted: its first score has since informed fixes, so it is no longer held out.
    messages = load_messages(HOLDOUT_PATH)
    assert {m.lang for m in messages} == set(LANGUAGES)
    result = evaluate(messages)
    print("\nholdout.json\n" + result.format())
    assert result.overall.messages == len(messages)


def test_the_set_is_large_enough_half_chinese_and_consistently_labelled():
    messages = load_messages()
    assert len(messages) >= 160
    chinese = sum(m.lang == "zh-hans" for m in messages)
    assert abs(chinese - len(messages) / 2) <= len(messages) * 0.05
    assert len({m.id for m in messages}) == len(messages)
    assert 8 <= sum(m.has_secret for m in messages) <= 15
    for m in messages:
        assert m.should_handoff == (m.urgent or m.wants_person), m.id
    raw = json.loads(MESSAGES_PATH.read_text(encoding="utf-8"))
    texts = {m["text"] for m in raw["messages"]}
    assert any(t.startswith("USDT 走 TRC20 充了 300 U 两个小时还没到账，交易哈希 0x") for t in texts)
    assert "转人工" in texts and "my account was hacked, someone withdrew my BTC" in texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_extraction_micro_f1(report, lang):
    assert report.by_language[lang].f1 >= 0.97


@pytest.mark.parametrize("lang", LANGUAGES)
def test_type_accuracy(report, lang):
    assert report.by_language[lang].type_accuracy >= 0.90


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_emergency_is_urgent(report, lang):
    scores = report.by_language[lang]
    assert scores.urgent_total > 0 and scores.urgent_found == scores.urgent_total


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_request_for_a_person_is_handed_over(report, lang):
    scores = report.by_language[lang]
    assert scores.person_total > 0 and scores.person_found == scores.person_total


@pytest.mark.parametrize("lang", LANGUAGES)
def test_needless_handoffs_are_rare(report, lang):
    assert report.by_language[lang].needless_handoff_rate <= 0.05


def test_a_plugged_in_pipeline_is_scored_the_same_way():
    from assistant.evaluation import Prediction

    messages = load_messages()[:4]

    def hand_everything_over(message):
        return Prediction(extracted={}, type="other", urgent=True, wants_person=True, handoff=True)

    report = evaluate(messages, pipeline=hand_everything_over)
    assert report.overall.f1 < 1 and report.overall.emergency_recall == 1.0
    assert report.overall.needless_handoff_rate == 1.0 or report.overall.no_handoff_total == 0
