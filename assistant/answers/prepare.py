"""What to have ready if the visitor still needs us, per ticket type; what they already told us is
left out. Never a secret: the last line says so in every list."""

from django.utils.translation import gettext_lazy as _

# (fact key or "", text): an item whose fact is already known is not asked for again.
_ITEMS = {
    "deposit_withdrawal": [
        ("transaction_ids", _("The transaction ID (TXID / hash) from the sending wallet or platform")),
        ("assets", _("The coin or token")),
        ("networks", _("The network used (for example TRC20, ERC20, BEP20)")),
        ("amounts", _("The amount")),
        ("occurred_at", _("When you sent it")),
        ("addresses", _("The receiving address, and the memo or tag if the coin uses one")),
    ],
    "trading": [
        ("", _("The order ID and the trading pair")),
        ("occurred_at", _("When you placed the order")),
        ("", _("A screenshot of the order details")),
    ],
    "account_security": [
        ("occurred_at", _("When you first noticed something wrong")),
        ("transaction_ids", _("The transaction IDs of withdrawals you do not recognise")),
        ("", _("Any e-mail or message you received about it (do not click its links)")),
    ],
    "account_access": [
        ("", _("The e-mail address or phone number on your account")),
        ("", _("The exact error message you see")),
        ("", _("The device and app or browser you sign in with")),
    ],
    "verification": [
        ("", _("Your country and the type of document you used")),
        ("", _("The message shown when the verification failed")),
    ],
    "api": [
        ("", _("The API key's label (never its secret)")),
        ("", _("The endpoint, the error code and the time of the request")),
    ],
    "other": [
        ("", _("What you did, what you expected and what happened instead")),
        ("", _("Screenshots, if you have them")),
    ],
}
NEVER_SEND = _("Never send your password, 2FA codes, recovery phrase or private keys: we never ask for them.")


def prepare_list(ticket_type: str, facts: dict) -> list[str]:
    """The items to prepare for ``ticket_type``, without those ``facts`` already holds, then the warning."""
    items = [str(text) for key, text in _ITEMS.get(ticket_type, _ITEMS["other"]) if not (key and facts.get(key))]
    return [*items, str(NEVER_SEND)]
