"""Passwords and one-time codes given in so many words are redacted; talk about them is not."""

import pytest

from safety.guard import redact, scan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my password is Hunter2024", "my password is [redacted: password]"),
        ("My password is sunshine.", "My password is [redacted: password]."),
        ("password: Abc123!x", "password: [redacted: password]"),
        ("Password = s3cr3t-pass", "Password = [redacted: password]"),
        ("pwd: qwerty12", "pwd: [redacted: password]"),
        ("pass=letmein99", "pass=[redacted: password]"),
        ('my password is "correct horse battery"', 'my password is "[redacted: password]"'),
        (
            "the password for my account is Tr0ub4dor&3, please fix",
            "the password for my account is [redacted: password], please fix",
        ),
        ("My password Abc12345 doesn't work", "My password [redacted: password] doesn't work"),
        ("密码是abc12345", "密码是[redacted: password]"),
        ("密码是 abc12345，谢谢", "密码是 [redacted: password]，谢谢"),
        ("密码：Qwer1234!", "密码：[redacted: password]"),
        ("登录密码 Abc12345", "登录密码 [redacted: password]"),
        ("交易密码为 886699", "交易密码为 [redacted: password]"),
    ],
)
def test_passwords_given_are_redacted_and_the_lead_in_stays(text, expected):
    result = scan(text)
    assert result.kinds == ("password",)
    assert result.text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2FA code 123456", "2FA code [redacted: otp]"),
        ("my google authenticator code is 739104", "my google authenticator code is [redacted: otp]"),
        ("Google Authenticator: 739104", "Google Authenticator: [redacted: otp]"),
        ("SMS code: 123456", "SMS code: [redacted: otp]"),
        ("the verification code is 482 913", "the verification code is [redacted: otp]"),
        ("OTP 5521", "OTP [redacted: otp]"),
        ("code from my authenticator app: 019283", "code from my authenticator app: [redacted: otp]"),
        ("验证码 582916", "验证码 [redacted: otp]"),
        ("短信验证码是 123456", "短信验证码是 [redacted: otp]"),
        ("谷歌验证码：739104，请尽快处理", "谷歌验证码：[redacted: otp]，请尽快处理"),
        ("邮箱验证码为382910", "邮箱验证码为[redacted: otp]"),
    ],
)
def test_one_time_codes_given_are_redacted(text, expected):
    result = scan(text)
    assert result.kinds == ("otp",)
    assert result.text == expected


@pytest.mark.parametrize(
    "text",
    [
        "I forgot my password",
        "my password is not working",
        "my password is wrong",
        "My password is incorrect and I am locked out",
        "my password isn't accepted",
        "my password is expired",
        "password reset link expired",
        "Password reset: https://supportdesk.com/en/reset/",
        "my password is 12 characters long",
        "the password was changed yesterday",
        "I didn't receive the 2FA code",
        "my 2FA code is not working",
        "the SMS code expired after 30 minutes",
        "2FA code 6 digits?",
        "SMS code sent to +86 138 0013 8000",
        "SMS code 13800138000",
        "verification code 2024-05-01",
        "验证码收不到",
        "忘记密码了",
        "密码错误",
        "密码不对，登录不了",
        "密码是错的吗",
        "验证码 30 分钟内有效",
        "请输入 6 位验证码",
        "设置新密码：至少 10 位，包含字母和数字",
        "重置密码后 24 小时内暂停提现",
        "pass the test",
        "order 1029384756, amount 1,250.50 USDT, ticket SD-7K3QX9",
    ],
)
def test_talk_about_passwords_and_codes_is_left_alone(text):
    assert redact(text) == text


def test_several_secrets_in_one_message_keep_their_order_and_kinds():
    text = "password: Abc12345 and 2FA code 123456, also 验证码 654321"
    result = scan(text)
    assert result.kinds == ("password", "otp")
    assert result.text == "password: [redacted: password] and 2FA code [redacted: otp], also 验证码 [redacted: otp]"
    assert [text[f.start : f.end] for f in result.findings] == ["Abc12345", "123456", "654321"]
