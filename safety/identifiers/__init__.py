"""Transaction IDs and addresses of the chains customers write about, recognised by their shape and
checksum (EIP-55, Base58Check, Bech32/Bech32m). Pure.

One recogniser for everyone who must tell them apart from other long strings: the secret guard
never redacts them, the assistant extracts them, a help-article draft leaves them out. A 64-hex
string is a transaction ID unless the text calls it a key (``safety.guard.keys.called_a_key``).
"""

from .scan import CHAINS, Address, IdentifierScan, scan

__all__ = ["CHAINS", "Address", "IdentifierScan", "scan"]
