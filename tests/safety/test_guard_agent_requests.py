"""Agents never ask for secrets: requests are flagged, warnings about secrets are not."""

from pathlib import Path

import pytest

from safety.guard import asks_for_secret
from tickets.demo import CANNED_RESPONSES

ROOT = Path(__file__).resolve().parents[2]
KB_FILES = sorted((ROOT / "knowledgebase" / "content").glob("*/*.md"))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("please send us your 2FA code", "otp"),
        ("Could you provide your seed phrase so we can verify the wallet?", "seed_phrase"),
        ("reply with the 6-digit code you received", "otp"),
        ("What is your password?", "password"),
        ("To unlock the account, send us your password and the SMS code.", "password"),
        ("Kindly share the verification code we just sent to your phone.", "otp"),
        ("We need your private key to recover the funds.", "private_key"),
        ("Please type your recovery phrase here so we can check it.", "seed_phrase"),
        ("Hi Ann,\n\nThanks for waiting. Please tell us the code from your authenticator app.\n\nBob", "otp"),
        ("Can you give me your 12 words?", "seed_phrase"),
        ("请提供您的助记词", "seed_phrase"),
        ("请把短信验证码发给我们", "otp"),
        ("告诉我你的密码", "password"),
        ("麻烦您提供一下私钥，我们帮您找回资产。", "private_key"),
        ("您的谷歌验证码是多少？", "otp"),
        ("为了核实身份，请回复您的登录密码。", "password"),
        ("请回复您收到的短信验证码以便我们核实", "otp"),
        ("Please send the OTP you just received.", "otp"),
        ("Send me the code we sent to your phone.", "otp"),
        ("Please share your login credentials so we can check.", "password"),
        ("Tell me the 12 words so I can restore it for you.", "seed_phrase"),
    ],
)
def test_requests_for_secrets_are_flagged(text, kind):
    assert asks_for_secret(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "we will never ask for your password or 2FA code",
        "never share your seed phrase with anyone",
        "Please never share your seed phrase.",
        "Do not send your private key to anyone, including us.",
        "please reset your password at https://supportdesk.com/en/kb/a/reset-password/",
        "enter the code from your authenticator app on the withdrawal page",
        "Please enter your 2FA code in the app to confirm the withdrawal.",
        "You will also need your 2FA code if 2FA is on.",
        "Please send us a screenshot of the error you see after you enter your 2FA code.",
        "Please send us the transaction ID and the deposit address.",
        "If you did not request a password reset email, please tell us.",
        "Please provide the password reset email's subject line.",
        "We need to verify the password reset request first.",
        "请勿向任何人透露验证码",
        "我们绝不会索要您的助记词",
        "客服不会向您索取密码",
        "请在 App 中输入谷歌验证码确认提现。",
        "请提供交易哈希和充值地址。",
        "如果收不到验证码，请告诉我们您的手机号。",
        "Reply with 'yes' to confirm you want to reset 2FA.",
        "Please do not share your 2FA code with anyone, including our staff.",
        "If you receive a verification code you did not request, please let us know.",
        "Could you confirm whether you still have access to your authenticator app?",
        "We have reset your 2FA; please set up your authenticator again and keep the backup key safe.",
        "请在App内输入短信验证码完成验证",
        "请不要把验证码告诉任何人",
        "如需重置密码，请点击忘记密码",
        "请提供密码重置邮件的截图",
    ],
)
def test_warnings_and_instructions_are_not_flagged(text):
    assert asks_for_secret(text) is None


@pytest.mark.parametrize(("title", "language", "body"), CANNED_RESPONSES, ids=lambda v: str(v)[:30])
def test_shipped_canned_responses_pass(title, language, body):
    assert asks_for_secret(body) is None


def test_a_canned_response_that_asks_is_refused():
    body = "Hi {{ customer_name }},\n\nTo speed things up, please reply with your 2FA code.\n\n{{ agent_name }}"
    assert asks_for_secret(body) == "otp"


@pytest.mark.parametrize("path", KB_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_help_centre_article_is_flagged(path):
    text = path.read_text(encoding="utf-8")
    flagged = [line for line in text.splitlines() if asks_for_secret(line)]
    assert asks_for_secret(text) is None, flagged


def test_kb_articles_exist():
    assert len(KB_FILES) >= 40
