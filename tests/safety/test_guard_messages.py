"""What customers and agents are told, in English and Chinese."""

import pytest
from django.utils import translation

from safety.guard import KINDS, refusal_message, warning_message


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_warning_and_a_refusal(kind):
    with translation.override("en"):
        warning, refusal = warning_message(kind), refusal_message(kind)
    assert warning.startswith("We removed what looked like")
    assert "Support never needs" in warning
    assert refusal.startswith("Support never asks customers for their")
    assert refusal.endswith(("without asking for it.", "without asking for them."))


def test_password_warning_says_to_change_it():
    assert "change your password now" in warning_message("password")
    assert "move your funds to a new wallet now" in warning_message("seed_phrase")


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        warning_message("pin")
    with pytest.raises(ValueError):
        refusal_message("pin")


@pytest.mark.parametrize("kind", KINDS)
def test_every_message_reads_in_chinese(kind):
    with translation.override("zh-hans"):
        for text in (warning_message(kind), refusal_message(kind)):
            assert any("\u4e00" <= c <= "\u9fff" for c in text), text
    with translation.override("zh-hans"):
        assert warning_message("seed_phrase").startswith("我们已从您的消息中删除了疑似助记词")
        assert refusal_message("otp").startswith("客服绝不向客户索要")
