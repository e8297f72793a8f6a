"""What a customer's messages say, as values: the result of `extract`, merged across the turns."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from safety.identifiers import Address

T = TypeVar("T")


@dataclass(frozen=True)
class Amount:
    value: Decimal
    asset: str | None = None  # a crypto ticker, or USD/CNY/EUR for money; None when not said

    def as_dict(self) -> dict[str, str | None]:
        return {"value": format_decimal(self.value), "asset": self.asset}

    def __str__(self) -> str:
        return f"{format_decimal(self.value)} {self.asset}" if self.asset else format_decimal(self.value)


def format_decimal(value: Decimal) -> str:
    """Plain notation without trailing zeros: 1.5万 → "15000", 0.50 → "0.5" (never "1.5E+4")."""
    text = format(value.normalize(), "f")
    return text


@dataclass(frozen=True)
class Facts:
    transaction_ids: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    assets: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    amounts: tuple[Amount, ...] = ()
    references: tuple[str, ...] = ()
    occurred_at: datetime | None = None
    # EVM addresses whose mixed case fails EIP-55: a mistyped address the assistant should query,
    # never a value to pre-fill a ticket with.
    invalid_addresses: tuple[str, ...] = ()

    def merge(self, later: "Facts") -> "Facts":
        """Facts of a conversation so far: lists keep their first-seen order and gain what is new;
        a later `occurred_at` replaces an earlier one (the customer corrected or narrowed it)."""
        return Facts(
            transaction_ids=_union(self.transaction_ids, later.transaction_ids, key=_id_key),
            addresses=_union(self.addresses, later.addresses, key=Address.key),
            assets=_union(self.assets, later.assets),
            networks=_union(self.networks, later.networks),
            amounts=_union(self.amounts, later.amounts, key=lambda a: (a.value.normalize(), a.asset)),
            references=_union(self.references, later.references),
            occurred_at=later.occurred_at if later.occurred_at is not None else self.occurred_at,
            invalid_addresses=_union(self.invalid_addresses, later.invalid_addresses, key=str.lower),
        )

    def as_dict(self) -> dict[str, Any]:
        """The assistant API's ``extracted`` object (CONTRACT.md): six lists, JSON-ready."""
        return {
            "transaction_ids": list(self.transaction_ids),
            "addresses": [{"value": a.value, "chain": a.chain} for a in self.addresses],
            "assets": list(self.assets),
            "networks": list(self.networks),
            "amounts": [a.as_dict() for a in self.amounts],
            "references": list(self.references),
        }


def _id_key(value: str) -> str:
    # 64-hex hashes are case-insensitive; Solana signatures (Base58) are not.
    body = value[2:] if value[:2] in ("0x", "0X") else value
    return value.lower() if all(c in "0123456789abcdefABCDEF" for c in body) else value


def _union(first: Iterable[T], second: Iterable[T], *, key: Callable[[T], Any] | None = None) -> tuple[T, ...]:
    key = key or (lambda item: item)
    seen, out = set(), []
    for item in (*first, *second):
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return tuple(out)
