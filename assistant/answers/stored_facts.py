"""Facts kept on a conversation between turns: ``Facts`` to JSON and back, losslessly."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from assistant.understanding import Address, Amount, Facts


def facts_to_json(facts: Facts) -> dict:
    data = facts.as_dict()
    data["occurred_at"] = facts.occurred_at.isoformat() if facts.occurred_at else None
    data["invalid_addresses"] = list(facts.invalid_addresses)
    return data


def facts_from_json(data: dict | None) -> Facts:
    data = data or {}
    return Facts(
        transaction_ids=tuple(data.get("transaction_ids") or ()),
        addresses=tuple(Address(value=a["value"], chain=a["chain"]) for a in data.get("addresses") or ()),
        assets=tuple(data.get("assets") or ()),
        networks=tuple(data.get("networks") or ()),
        amounts=tuple(a for a in (_amount(item) for item in data.get("amounts") or ()) if a is not None),
        references=tuple(data.get("references") or ()),
        occurred_at=datetime.fromisoformat(data["occurred_at"]) if data.get("occurred_at") else None,
        invalid_addresses=tuple(data.get("invalid_addresses") or ()),
    )


def _amount(item: dict) -> Amount | None:
    try:
        return Amount(value=Decimal(item["value"]), asset=item.get("asset"))
    except (InvalidOperation, KeyError, TypeError):
        return None
