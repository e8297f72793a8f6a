"""What people are told: the customer why something was removed, the agent why a reply was refused.

Whole sentences per kind (not a noun dropped into a template) so each language can phrase them
naturally; the Simplified Chinese is in locale/fragments/guard.po.
"""

from __future__ import annotations

from django.utils.translation import gettext

from .result import OTP, PASSWORD, PRIVATE_KEY, SEED_PHRASE


def warning_message(kind: str) -> str:
    """For the customer whose message had a secret removed: what, why, and what to do now."""
    if kind == SEED_PHRASE:
        return gettext(
            "We removed what looked like a recovery (seed) phrase from your message. Support never needs it: "
            "anyone who has it can take your funds. If you shared it anywhere, move your funds to a new wallet now."
        )
    if kind == PRIVATE_KEY:
        return gettext(
            "We removed what looked like a private key from your message. Support never needs it: anyone who has "
            "it can take the funds it controls. If you shared it anywhere, move those funds to a new wallet now."
        )
    if kind == PASSWORD:
        return gettext(
            "We removed what looked like a password from your message. Support never needs your password. "
            "If you sent it anywhere, change your password now and turn on two-factor authentication."
        )
    if kind == OTP:
        return gettext(
            "We removed what looked like a verification code from your message. Support never needs your codes: "
            "anyone who has one can act as you. If you shared a code with anyone, change your password now."
        )
    raise ValueError(f"unknown secret kind: {kind!r}")


def caution_message(kind: str) -> str:
    """For the customer still typing (the page asks before they send): what we saw, that support never
    needs it, and that it will not be kept."""
    if kind == SEED_PHRASE:
        return gettext(
            "This looks like a recovery (seed) phrase. Support never needs it: anyone who has it can take your "
            "funds. Please delete it; if you send it, we remove it before it is stored."
        )
    if kind == PRIVATE_KEY:
        return gettext(
            "This looks like a private key. Support never needs it: anyone who has it can take the funds it "
            "controls. Please delete it; if you send it, we remove it before it is stored."
        )
    if kind == PASSWORD:
        return gettext(
            "This looks like a password. Support never needs your password. Please delete it; if you send it, "
            "we remove it before it is stored."
        )
    if kind == OTP:
        return gettext(
            "This looks like a verification code. Support never needs your codes: anyone who has one can act as "
            "you. Please delete it; if you send it, we remove it before it is stored."
        )
    raise ValueError(f"unknown secret kind: {kind!r}")


def refusal_message(kind: str) -> str:
    """For the agent whose reply or canned response asked for a secret."""
    if kind == SEED_PHRASE:
        return gettext(
            "Support never asks customers for their recovery (seed) phrase. Rephrase the reply without asking for it."
        )
    if kind == PRIVATE_KEY:
        return gettext(
            "Support never asks customers for their private keys. Rephrase the reply without asking for them."
        )
    if kind == PASSWORD:
        return gettext("Support never asks customers for their password. Rephrase the reply without asking for it.")
    if kind == OTP:
        return gettext(
            "Support never asks customers for their 2FA, SMS or e-mail verification codes. "
            "Rephrase the reply without asking for them."
        )
    raise ValueError(f"unknown secret kind: {kind!r}")


WARNING_CODE = "secret_redacted"


def warnings_for(kinds, *, sent: bool = True) -> list[dict[str, str]]:
    """The API's ``warnings`` for the kinds a guard pass removed (the contract's shape, plus the
    sentence to show); ``sent=False`` for text not sent yet (the check while typing): the caution."""
    message = warning_message if sent else caution_message
    return [{"code": WARNING_CODE, "kind": kind, "message": message(kind)} for kind in kinds]
