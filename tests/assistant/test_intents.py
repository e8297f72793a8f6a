"""Intents in English, Chinese and both at once; emergencies and requests for a person are never missed."""

from datetime import UTC, datetime

import pytest

from assistant.understanding import classify, extract
from assistant.understanding.intents import (
    EMERGENCY,
    GOODBYE,
    GREETING,
    QUESTION,
    THANKS,
    TICKET_STATUS,
    VERIFY_CHANNEL,
    WANTS_PERSON,
)


@pytest.mark.parametrize(
    "text",
    [
        "转人工",
        "人工客服",
        "我要找人工",
        "给我转真人",
        "找客服",
        "客服在吗",
        "I want to talk to a real person",
        "human please",
        "agent",
        "can I speak to someone?",
        "connect me to an agent",
        "this bot is useless, get me a human",
        "please call me back",
        "机器人没用，找人工",
        "能不能 transfer me to a human 啊",
    ],
)
def test_requests_for_a_person(text):
    intent = classify(text)
    assert intent.wants_person and intent.kind == WANTS_PERSON and not intent.emergency


@pytest.mark.parametrize(
    "text",
    [
        "你是人工智能吗",  # artificial intelligence
        "真人认证失败怎么办",  # liveness check in KYC
        "不用转人工，我自己看",
        "I don't need a human, just tell me the fee",
        "someone said they were from customer service",
        "有人冒充客服联系我",
        "how do I transfer USDT to someone?",
    ],
)
def test_not_requests_for_a_person(text):
    assert not classify(text).wants_person


@pytest.mark.parametrize(
    "text",
    [
        "my account was hacked, someone withdrew my BTC",
        "Someone logged into my account",
        "there is an unauthorized withdrawal of 2 ETH",
        "I did not authorise this withdrawal",
        "withdrawals I didn't make",
        "my funds are gone",
        "wasn't me",
        "I got scammed on P2P",
        "account taken over, email changed",
        "被盗了",
        "账户被 hack 了",
        "盗号了",
        "被黑了",
        "资产被转走了",
        "不是我本人操作的",
        "我没有操作提现，钱少了",
        "有人登录了我的账号",
        "异地登录提醒，不是我",
        "币全没了",
        "my USDT 被盗了 help",
        "I'm scared my account got hacked",
        "我很担心，账户被盗了",
    ],
)
def test_emergencies(text):
    intent = classify(text)
    assert intent.emergency and intent.kind == EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "how do I protect my account from getting hacked?",
        "what should I do if my account is stolen?",
        "my account is not hacked, I forgot my password",
        "I got an email saying my account was hacked, is it real?",
        "my friend's account got hacked, am I safe?",
        "如何防止账户被盗？",
        "如果账户被盗怎么办",
        "我的账户没有被盗",
        "收到短信说我的账户被盗了，是你们发的吗",
        "担心账户被盗，怎么开二次验证",
        "my deposit is missing",
        "is there a hack to lower fees?",
        "my withdrawal is late, this is urgent",
        "is public wifi safe? worried someone could steal my password",
        "I heard exchanges get hacked all the time",
        "听说最近很多人被盗号，怎么保护账户",
    ],
)
def test_alarming_words_that_are_not_emergencies(text):
    assert not classify(text).emergency


def test_an_emergency_that_also_asks_for_a_person_keeps_both_flags():
    intent = classify("我被盗了，快帮我转人工")
    assert intent.kind == EMERGENCY and intent.emergency and intent.wants_person


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("what's the status of SD-7K3QX9", "SD-7K3QX9"),
        ("我的工单 SD-7K3QX9 怎么样了", "SD-7K3QX9"),
        ("sd-7k3qx9?", "SD-7K3QX9"),
        ("any update on ticket 4HX9PM", "SD-4HX9PM"),
        ("my ticket still has no reply", None),
    ],
)
def test_ticket_status(text, reference):
    intent = classify(text)
    assert intent.kind == TICKET_STATUS and intent.reference == reference


def test_ticket_status_uses_the_references_already_extracted():
    now = datetime(2025, 1, 1, tzinfo=UTC)
    facts = extract("about my ticket", now=now).merge(extract("SD-7K3QX9", now=now))
    assert classify("any news?", facts=facts).reference == "SD-7K3QX9"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("is this email from you? support@supp0rtdesk.com", "support@supp0rtdesk.com"),
        ("someone on telegram says they're support", None),
        ("这个网址是官方的吗 https://supportdesk-help.top/login", "https://supportdesk-help.top/login"),
        ("is +1 415 555 0100 really your phone number?", "+1 415 555 0100"),
        ("@SupportdeskHelp 是你们的吗", "@SupportdeskHelp"),
        ("is this really you?", None),
        ("supp0rtdesk.com 是真的吗", "supp0rtdesk.com"),
        ("有人自称客服加我微信", None),
    ],
)
def test_verify_channel_with_the_quoted_value(text, value):
    intent = classify(text)
    assert intent.kind == VERIFY_CHANNEL and intent.quoted_value == value
    assert not intent.emergency and not intent.wants_person


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hi", GREETING),
        ("Hello there!", GREETING),
        ("你好", GREETING),
        ("在吗", GREETING),
        ("thanks!", THANKS),
        ("thank you so much", THANKS),
        ("谢谢", THANKS),
        ("thanks, bye", THANKS),
        ("bye", GOODBYE),
        ("拜拜", GOODBYE),
        ("hi, my deposit hasn't arrived", QUESTION),
        ("谢谢，但是还没到账", QUESTION),
        ("how do I enable 2FA?", QUESTION),
    ],
)
def test_small_talk_only_when_nothing_else_is_said(text, kind):
    assert classify(text).kind == kind


def test_full_width_text_is_understood():
    assert classify("ｈａｃｋｅｄ").emergency
