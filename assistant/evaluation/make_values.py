"""Print valid addresses and hashes to paste into messages.json: `python -m assistant.evaluation.make_values`.

Seeded, so the same values come out every time. Addresses are encoded with the same checksum code
the extractor checks them with; that code is tested separately against the BIPs' and EIP-55's
published vectors, so the labels do not merely agree with themselves.
"""

import hashlib
import random

from safety.identifiers import checksums


def values(seed: int = 20250312) -> dict[str, list[str]]:
    rng = random.Random(seed)

    def raw(n: int) -> bytes:
        return bytes(rng.getrandbits(8) for _ in range(n))

    out: dict[str, list[str]] = {k: [] for k in (
        "evm_checksummed", "evm_lower", "evm_bad_checksum", "tx_0x", "tx_hex", "tx_hex_upper", "btc_p2pkh",
        "btc_p2sh", "btc_bech32", "btc_taproot", "btc_testnet", "tron", "xrp", "solana", "solana_sig", "private_key",
    )}  # fmt: skip
    for _ in range(12):
        body = raw(20).hex()
        checksummed = checksums.eip55("0x" + body)
        out["evm_checksummed"].append(checksummed)
        out["evm_lower"].append("0x" + raw(20).hex())
        flipped = checksummed[:-1] + (checksummed[-1].swapcase() if checksummed[-1].isalpha() else "")
        if flipped != checksummed and len(flipped) == 42:
            out["evm_bad_checksum"].append(flipped)
        out["tx_0x"].append("0x" + hashlib.sha256(raw(32)).hexdigest())
        out["tx_hex"].append(hashlib.sha256(raw(32)).hexdigest())
        out["tx_hex_upper"].append(hashlib.sha256(raw(32)).hexdigest().upper())
        out["btc_p2pkh"].append(checksums.b58encode_check(b"\x00" + raw(20)))
        out["btc_p2sh"].append(checksums.b58encode_check(b"\x05" + raw(20)))
        out["btc_bech32"].append(checksums.segwit_encode("bc", 0, raw(20)))
        out["btc_taproot"].append(checksums.segwit_encode("bc", 1, raw(32)))
        out["btc_testnet"].append(checksums.segwit_encode("tb", 0, raw(20)))
        out["tron"].append(checksums.b58encode_check(b"\x41" + raw(20)))
        out["xrp"].append(checksums.b58encode_check(b"\x00" + raw(20), alphabet=checksums.RIPPLE_ALPHABET))
        out["solana"].append(checksums.b58encode(raw(32)))
        out["solana_sig"].append(checksums.b58encode(raw(64)))
        out["private_key"].append(hashlib.sha256(raw(32)).hexdigest())
    return out


if __name__ == "__main__":
    for kind, items in values().items():
        print(kind)
        for item in items:
            print("   ", item)
