"""Any text in, no exception out: the understanding layer reads whatever a visitor types."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.understanding import classify, extract
from tickets.classify import TYPE_SLUGS, suggest_type

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
# Fragments that exercise every extractor, shuffled with arbitrary text between them.
fragments = st.sampled_from(
    [
        "300 U", "1.5万", "三百", "两个小时前", "昨天下午3点", "上周五", "2024-13-45", "2024-02-30 25:61", "May 32",
        "0x", "0x" + "f" * 40, "0x" + "F" * 64, "bc1", "SD-", "sd-7k3qx9", "ticket ", "工单 ", "$", "¥", "元",
        "at 99pm", "前", "月", "点", "半", "个", "U", "TRX id", "on ETH", "被盗", "not hacked", "转人工",
        "http://", "@", ".com",
        "十万亿", "一万五", "零", "〇", "，", "。", "\n", "ＵＳＤＴ", "İ", "ß", "\u0301", "9" * 30, "1" * 90,
    ]
)  # fmt: skip
messy = st.lists(fragments | st.text(max_size=12), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(messy, st.sampled_from([None, ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")]))
def test_any_text_is_understood_without_error(text, tz):
    facts = extract(text, now=NOW, tz=tz)
    intent = classify(text, facts=facts)
    suggestion = suggest_type(text)
    assert facts.as_dict().keys() == {"transaction_ids", "addresses", "assets", "networks", "amounts", "references"}
    assert facts.occurred_at is None or facts.occurred_at <= NOW
    assert 0 <= intent.confidence <= 1 and suggestion.slug in TYPE_SLUGS
    assert all(a.value > 0 for a in facts.amounts)
