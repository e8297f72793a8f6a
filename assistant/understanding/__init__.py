"""Understanding a customer's message: the facts in it (`extract`) and what they want (`classify`).

Pure functions, no database and no clock: safe to call from the assistant, the e-mail channel and
tests alike. Ticket types are suggested by `tickets.classify.suggest_type`; urgency routing stays
with `tickets.rules.route()`.
"""

from .extract import extract
from .facts import Address, Amount, Facts
from .intents import KINDS, Intent, classify

__all__ = ["KINDS", "Address", "Amount", "Facts", "Intent", "classify", "extract"]
