"""Agents never ask for secrets: spot an agent reply or canned response that asks the customer for one.

A clause asks when a request (please send / could you provide / reply with / what is your …? /
请提供 / 把…发给我们 / 告诉我) has a secret as its object a few words later, and nothing in the
clause negates it (never, do not, 请勿, 绝不, 不会 … or "with anyone": those are warnings, which
support texts are full of). Instructions to use a code in the product ("enter the code from your
authenticator app on the withdrawal page", 请输入验证码) are not requests: enter/type/输入 count
only when the code is to go into this conversation ("type it here", 在此输入).
"""

from __future__ import annotations

import re

from .result import KINDS

# The secret an agent must not ask for; "one-time password" and "2FA code" are codes, not passwords.
# The named groups are the kinds (checked below).
_EN_SECRET = re.compile(
    r"(?P<otp>(?:2fa|mfa|two[-\s]?factor(?:\s+authentication)?|google\s+authenticator|authenticator(?:\s+app)?|"
    r"sms|text(?:\s+message)?|e-?mail|verification|confirmation|security|one[-\s]?time|log-?in|sign[-\s]?in|"
    r"withdrawal|(?:\d|six|four|eight)[-\s]?digits?)\s+(?:verification\s+)?(?:codes?|pins?|tokens?|passwords?)"
    r"|\botps?\b|\btotp\b"
    r"|codes?\s+(?:(?:that\s+)?you\s+(?:just\s+)?(?:received|got|see)|(?:that\s+)?we\s+(?:just\s+)?sent|sent\s+to)"
    r"|codes?\s+(?:from|in|on)\s+(?:your|the)\s+(?:google\s+)?(?:authenticator|sms|text|e-?mail|app|phone)"
    r"(?:\s+(?:app|message))?)"
    r"|(?P<seed_phrase>seed(?:[-\s]?(?:phrase|words?))?|recovery\s+(?:phrase|words?|seed)|"
    r"secret\s+(?:recovery\s+)?phrase|mnemonic(?:\s+phrase)?|backup\s+phrase|wallet\s+(?:phrase|words)|"
    r"(?:12|24|twelve|twenty[-\s]four)[-\s]words?)"
    r"|(?P<private_key>private\s+keys?|priv[-\s]?keys?|secret\s+keys?|\bxprv\b|keystore)"
    r"|(?P<password>pass(?:word|code|phrase)s?|\bpwd\b|(?:login\s+)?credentials)",
    re.IGNORECASE,
)
_ZH_SECRET = re.compile(
    r"(?P<otp>验证码|驗證碼|动态码|动态口令|校验码|安全码|确认码|谷歌验证|身份验证器|2FA|二次验证码)"
    r"|(?P<seed_phrase>助记词|助記詞|恢复短语|恢復短語|种子短语|私钥短语|钱包短语)"
    r"|(?P<private_key>私钥|私鑰|密钥|密鑰)"
    r"|(?P<password>密码|密碼|口令)",
    re.IGNORECASE,
)

_SEND = (
    r"send|provide|share|give|tell|reply\s+with|respond\s+with|write\s+back\s+with|forward|disclose|supply|"
    r"include|read\s+(?:out|back|us)|let\s+(?:us|me)\s+know|dm|message\s+(?:us|me)|email\s+(?:us|me)|post"
)
# A request: a polite or modal marker before a sending verb, an imperative at the start of a
# clause, "we need your …", "may we have your …".
_EN_REQUEST = re.compile(
    rf"(?:\b(?:please|pls|kindly|can\s+you|could\s+you|would\s+you|will\s+you|you\s+(?:need|have|must|should)"
    rf"(?:\s+to)?|i\s+need\s+you\s+to|we\s+need\s+you\s+to|just|simply|go\s+ahead\s+and)\s+(?:also\s+)?"
    rf"(?:{_SEND})\b"
    rf"|(?:^|[,:：—–]\s*|\b(?:and|then|now|also)\s+)(?:{_SEND})\b"
    rf"|\b(?:may|can|could)\s+(?:we|i)\s+(?:have|get|see|ask\s+for)\b)",
    re.IGNORECASE,
)
# "we need your seed phrase": the secret must follow at once ("we need to verify the password reset" is fine).
_EN_NEED = re.compile(
    r"\b(?:we|i)(?:'ll|\s+will|\s+would|\s+do)?\s+(?:need|require|must\s+have|have\s+to\s+(?:have|see|get))"
    r"\s+(?:to\s+(?:see|have|get|know|check|verify)\s+)?(?=(?:your|the)\b)",
    re.IGNORECASE,
)
# A secret word that names something else: the password reset e-mail, the 2FA settings page.
_EN_NOT_THE_SECRET = re.compile(
    r"[-\s]*(?:reset|change|manager|page|settings?|set-?up|device|app|method|strength|rules?|polic(?:y|ies)|field|"
    r"link|e-?mail|requirements?|hint|screen|option|feature|request|status|issue|problem|error)\b",
    re.IGNORECASE,
)
# Using a code in the product is fine; typing it into this conversation is not.
_EN_ENTER = re.compile(r"\b(?:enter|type|paste|write|put|submit|confirm)\b", re.IGNORECASE)
_EN_HERE = re.compile(
    r"\b(?:here|below|in\s+(?:this|the|our|your)\s+(?:chat|reply|conversation|ticket|message|thread|e-?mail)|"
    r"in\s+your\s+(?:reply|answer|response)|to\s+(?:us|me))\b",
    re.IGNORECASE,
)
_EN_QUESTION = re.compile(r"\bwhat(?:'s|\s+is|\s+are|\s+was)\s+(?:your|the)\s+", re.IGNORECASE)
_EN_NEGATION = re.compile(
    r"\b(?:never|not|no|none|nobody|neither|nor|without|avoid|refuse|cannot|beware|scam\w*|fraud\w*)\b|n't\b",
    re.IGNORECASE,
)
# "… with anyone", "… to a third party": a warning wherever it stands in the clause.
_EN_ANYONE = re.compile(r"\b(?:anyone|anybody|no\s+one|nobody|third[-\s]part(?:y|ies)|strangers?)\b", re.IGNORECASE)
# Words that end the request's object: the secret must come before them ("send a screenshot
# after you enter your 2FA code" asks for a screenshot).
_EN_OBJECT_BREAK = re.compile(
    r"\b(?:when|after|before|if|once|while|whether|since|until|because|unless|so\s+that|which|who)\b", re.IGNORECASE
)
_QUESTION_END = re.compile(r"\s*(?:again|please|now)?\s*\?")
_OBJECT_WORDS = 7  # the secret must be this close after the verb

_ZH_REQUEST = re.compile(
    r"请(?:您|你)?(?:再|重新|尽快|立即|马上)?(?:提供|发送|发给|发来|告诉|告知|回复|分享|透露|报一下|说一下|发一下|发)"
    r"|麻烦(?:您|你)?(?:提供|发送|发给|发来|告诉|告知|回复|发)"
    r"|(?:能否|可否|是否可以|可以|能不能)(?:请)?(?:您|你)?(?:提供|发送|发给|告诉|告知|回复|发)"
    r"|(?:我们|我)需要(?:您|你)?(?:提供|发送|告诉|告知)?|需要(?:您|你)(?:提供|发送|告诉|告知)"
    r"|告诉我|告知我|发给我|发给客服|索要|索取|提供一下"
)
# 把/将 + secret + a verb that sends it to us: 请把短信验证码发给我们.
# A secret word that names something else: 密码重置邮件, 验证码页面.
_ZH_NOT_THE_SECRET = re.compile(r"重置|修改|找回|设置|错误|邮件|页面|界面|截图|规则|强度|提示|功能|选项|问题|收不到")
_ZH_HAND_OVER = re.compile(r"[把将]")
_ZH_TO_US = re.compile(r"发给|发送给|发到|告诉|告知|提供给|交给|报给|回复给|回复")
_ZH_ENTER = re.compile(r"输入|填写|提交|粘贴|写")
_ZH_HERE = re.compile(r"在此|在这里|这里|此处|聊天|对话|回复|工单中|邮件中|发给")
_ZH_QUESTION = re.compile(r"(?:您|你)的\S{0,6}?是(?:多少|什么)")
_ZH_NEGATION = re.compile(r"不|勿|别|禁止|无需|无须|谨防|警惕|小心|任何人|骗子|诈骗")
_ZH_OBJECT_CHARS = 14

_CLAUSE = re.compile(r"[^.!?;\n。！？；，]+(?:[.!?;\n。！？；，]+|$)")
_EN_CONTRAST = re.compile(r"\b(?:but|however|although|though|whereas|yet)\b|但是|但|不过|然而", re.IGNORECASE)
_URL_DOT = re.compile(r"(?<=[A-Za-z0-9])\.(?=[A-Za-z0-9])")


def asks_for_secret(text: str) -> str | None:
    """The kind of secret (``seed_phrase``, ``private_key``, ``password``, ``otp``) that an agent
    reply or canned response asks the customer for, else None."""
    # Dots inside names and numbers (supportdesk.com, 2.5) do not end a sentence.
    text = _URL_DOT.sub("\u2024", text)
    for clause_match in _CLAUSE.finditer(text):
        for clause in _EN_CONTRAST.split(clause_match.group()):
            kind = _clause_asks(clause)
            if kind is not None:
                return kind
    return None


def _clause_asks(clause: str) -> str | None:
    if not clause.strip():
        return None
    return _english_asks(clause) or _chinese_asks(clause)


def _english_asks(clause: str) -> str | None:
    if _EN_SECRET.search(clause) is None or _EN_ANYONE.search(clause):
        return None
    for pattern, words in ((_EN_REQUEST, _OBJECT_WORDS), (_EN_NEED, 2)):
        for request in pattern.finditer(clause):
            secret = _english_object(clause, request.end(), words)
            if secret is not None:
                return None if _EN_NEGATION.search(clause, 0, secret.end()) else secret.lastgroup
    for verb in _EN_ENTER.finditer(clause):
        secret = _english_object(clause, verb.end(), _OBJECT_WORDS)
        if secret is not None and _EN_HERE.search(clause, verb.end()):
            return None if _EN_NEGATION.search(clause, 0, secret.end()) else secret.lastgroup
    for question in _EN_QUESTION.finditer(clause):
        secret = _EN_SECRET.match(clause, question.end())
        if secret and _QUESTION_END.match(clause, secret.end()) and not _EN_NEGATION.search(clause, 0, secret.end()):
            return secret.lastgroup
    return None


def _english_object(clause: str, start: int, words: int) -> re.Match[str] | None:
    """The secret that is the object of a verb ending at ``start``, if one is."""
    for secret in _EN_SECRET.finditer(clause, start):
        between = clause[start : secret.start()]
        if len(between.split()) > words or _EN_OBJECT_BREAK.search(between):
            return None
        if not _EN_NOT_THE_SECRET.match(clause, secret.end()):
            return secret
    return None


def _chinese_asks(clause: str) -> str | None:
    if _ZH_SECRET.search(clause) is None:
        return None
    if _ZH_NEGATION.search(clause):
        return None  # 请勿透露验证码, 我们绝不会索要您的助记词, 客服不会向您索取密码
    for request in _ZH_REQUEST.finditer(clause):
        secret = _chinese_object(clause, request.end())
        if secret is not None:
            return secret.lastgroup
    for hand in _ZH_HAND_OVER.finditer(clause):
        secret = _chinese_object(clause, hand.end())
        if secret is not None and _ZH_TO_US.search(clause, secret.end()):
            return secret.lastgroup
    for verb in _ZH_ENTER.finditer(clause):
        secret = _chinese_object(clause, verb.end())
        if secret is not None and _ZH_HERE.search(clause):
            return secret.lastgroup
    question = _ZH_QUESTION.search(clause)
    if question is not None:
        secret = _ZH_SECRET.search(question.group())
        if secret is not None:
            return secret.lastgroup
    return None


def _chinese_object(clause: str, start: int) -> re.Match[str] | None:
    """The secret a few characters after a verb ending at ``start``, unless it names something else."""
    for secret in _ZH_SECRET.finditer(clause, start, start + _ZH_OBJECT_CHARS + 6):
        if secret.start() - start > _ZH_OBJECT_CHARS:
            return None
        if not _ZH_NOT_THE_SECRET.match(clause, secret.end()):
            return secret
    return None


if set(_EN_SECRET.groupindex) != set(KINDS) or set(_ZH_SECRET.groupindex) != set(KINDS):
    raise RuntimeError("the secret patterns' group names must be exactly the kinds")
