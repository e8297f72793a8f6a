"""`extract`: the facts of a customer's message, in English, Chinese or both at once."""

from datetime import datetime
from zoneinfo import ZoneInfo

from safety import identifiers

from . import amounts, assets, channels, references, times
from .facts import Amount, Facts
from .text import fold, has_cjk, mask


def extract(text: str, *, now: datetime, tz: ZoneInfo | None = None) -> Facts:
    """Transaction IDs, addresses, assets, networks, amounts, ticket references and when it happened.

    Pure: no database, no clock (`now` must be timezone-aware; relative times are read in `tz`,
    UTC by default). Identifiers are found first and blanked out, so their digits and letters are
    not read again as amounts or tickers; links and e-mail addresses are blanked before tickers too.
    """
    text = fold(text)
    found = identifiers.scan(text)
    refs, ref_spans = references.scan(mask(text, found.spans))
    rest = mask(text, [*found.spans, *ref_spans])
    rest = mask(rest, channels.spans(rest))
    mentions = assets.scan(rest, cjk=has_cjk(rest))
    asset_list, network_list = assets.collect(mentions)
    sole = asset_list[0] if len(asset_list) == 1 else None
    money = amounts.scan(rest, mentions, sole_asset=sole)
    # "300 U" names USDT through the amount alone; fiat codes are not assets.
    by_position = [(m.start, m.value) for m in mentions if m.kind == "asset"]
    by_position += [(a.start, a.asset) for a in money if a.asset and a.asset not in amounts.FIAT_CODES]
    ordered_assets: list[str] = []
    for _, ticker in sorted(by_position):
        if ticker not in ordered_assets:
            ordered_assets.append(ticker)
    return Facts(
        transaction_ids=tuple(found.transaction_ids),
        addresses=tuple(found.addresses),
        assets=tuple(ordered_assets),
        networks=tuple(network_list),
        amounts=tuple(Amount(value=a.value, asset=a.asset) for a in money),
        references=tuple(refs),
        occurred_at=times.parse(rest, now=now, tz=tz),
        invalid_addresses=tuple(found.invalid_addresses),
    )
