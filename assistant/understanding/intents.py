"""`classify`: what the customer wants from this message, in English, Chinese or both.

One primary kind, by precedence: emergency > wants_person > verify_channel > ticket_status >
question > thanks > goodbye > greeting. Flags carry what co-occurs (an emergency that also asks for
a person). Emergencies and requests for a person must not be missed (the assistant hands them
over), and alarming words that are not an emergency must not trigger one: negated ("not hacked",
"没有被盗"), hypothetical or preventive ("how do I stop my account being hacked", "如果被盗怎么办"),
or quoted from a suspicious message ("an SMS says my account was hacked").
"""

import re
from dataclasses import dataclass, field

from . import channels, references
from .facts import Facts
from .intent_phrases import (
    _CLAUSE_MARKS,
    _CONTENT,
    _FILLER,
    _GOODBYE,
    _GREETING,
    _HYPOTHETICAL,
    _NEGATION_BEFORE,
    _NO_PERSON,
    _NOT_ME,
    _PERSON,
    _PERSON_ALONE,
    _QUOTED_MESSAGE,
    _REAL_QUESTION,
    _SENTENCE,
    _SHORT,
    _STATUS,
    _THANKS,
    _THEFT,
    _THIRD_PARTY,
    _TICKET_WORD,
    _VERIFY,
)
from .text import ascii_lower, fold

EMERGENCY = "emergency"
WANTS_PERSON = "wants_person"
VERIFY_CHANNEL = "verify_channel"
TICKET_STATUS = "ticket_status"
QUESTION = "question"
THANKS = "thanks"
GOODBYE = "goodbye"
GREETING = "greeting"
KINDS = (EMERGENCY, WANTS_PERSON, VERIFY_CHANNEL, TICKET_STATUS, QUESTION, THANKS, GOODBYE, GREETING)


@dataclass(frozen=True)
class Intent:
    kind: str
    confidence: float
    wants_person: bool = False
    emergency: bool = False
    quoted_value: str | None = None  # the URL, e-mail, phone or @handle to check (verify_channel)
    reference: str | None = None  # the ticket asked about (ticket_status)
    signals: tuple[str, ...] = field(default=())  # names of the rules that fired, for logs and tuning


def classify(text: str, *, facts: Facts | None = None) -> Intent:
    """The primary intent of one message, with the flags that matter for handing over."""
    folded = fold(text).strip()
    lowered = ascii_lower(folded)
    signals: list[str] = []
    emergency = _is_emergency(lowered, signals)
    wants_person = _wants_person(lowered, signals)
    verify = _VERIFY.search(lowered) is not None
    if not verify and _REAL_QUESTION.search(lowered) is not None:
        verify = channels.quoted_value(folded) is not None  # "is it real?" about a quoted channel
    quoted = channels.quoted_value(folded) if verify else None
    refs = list(facts.references) if facts is not None else references.scan(folded)[0]
    short = len(lowered) <= _SHORT
    status = bool(refs) and (_STATUS.search(lowered) is not None or (short and len(_strip_refs(lowered)) <= 12))
    status = status or (_TICKET_WORD.search(lowered) is not None and _STATUS.search(lowered) is not None)
    flags = {"wants_person": wants_person, "emergency": emergency, "signals": tuple(signals)}
    if emergency:
        return Intent(EMERGENCY, 0.9, quoted_value=quoted, **flags)
    if wants_person:
        return Intent(WANTS_PERSON, 0.9, quoted_value=quoted, **flags)
    if verify:
        return Intent(VERIFY_CHANNEL, 0.85 if quoted else 0.75, quoted_value=quoted, **flags)
    if status:
        return Intent(TICKET_STATUS, 0.9 if refs else 0.7, reference=refs[0] if refs else None, **flags)
    small_talk = _small_talk(lowered) if short else None
    if small_talk:
        return Intent(small_talk, 0.9, **flags)
    return Intent(QUESTION, 0.6, **flags)


def _is_emergency(lowered: str, signals: list[str]) -> bool:
    """An alarming phrase counts unless its own clause negates it, supposes it, quotes it from a
    message, or says it of someone else. Matches are found once over the whole text, then each is
    judged within its clause (splitting every message into clauses first cost several ms)."""
    theft = _THEFT.finditer(lowered)
    not_me = _NOT_ME.finditer(lowered)
    if not theft and not not_me:
        return False
    judged: dict[tuple[int, int], bool] = {}
    theft_starts = {m.start() for m in theft}
    for m in sorted(theft + not_me, key=lambda m: m.start()):
        start, end = _clause_bounds(lowered, m.start())
        clause = lowered[start:end]
        if m.start() in theft_starts and _NEGATION_BEFORE.search(lowered[max(start, m.start() - 24) : m.start()]):
            continue
        if (start, end) not in judged:
            judged[(start, end)] = _clause_rules_out(clause, signals)
        if judged[(start, end)]:
            continue
        signals.append("emergency:" + m.group().strip())
        return True
    return False


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    start = max(text.rfind(mark, 0, position) for mark in _CLAUSE_MARKS) + 1
    after = _SENTENCE.search(text, position)
    return start, after.start() if after else len(text)


def _clause_rules_out(clause: str, signals: list[str]) -> bool:
    for pattern, signal in (
        (_QUOTED_MESSAGE, "emergency_words_quoted_from_a_message"),
        (_HYPOTHETICAL, "emergency_words_hypothetical"),
        (_THIRD_PARTY, "emergency_words_about_someone_else"),
    ):
        if pattern.search(clause):
            signals.append(signal)
            return True
    return False


def _wants_person(lowered: str, signals: list[str]) -> bool:
    m = _PERSON.search(lowered) or (_PERSON_ALONE.match(lowered) if len(lowered) <= 40 else None)
    if m is None:
        return False
    if _NO_PERSON.search(lowered):
        signals.append("person_declined")
        return False
    signals.append("person:" + m.group().strip())
    return True


def _strip_refs(lowered: str) -> str:
    without = re.sub(r"sd[-\s]?[0-9a-z]{6}", "", lowered)
    return "".join(_CONTENT.findall(without))


def _small_talk(lowered: str) -> str | None:
    kinds = [(kind, pattern) for kind, pattern in ((THANKS, _THANKS), (GOODBYE, _GOODBYE), (GREETING, _GREETING))]
    present = [kind for kind, pattern in kinds if pattern.search(lowered)]
    if not present:
        return None
    rest = lowered
    for _, pattern in kinds:
        rest = pattern.sub(" ", rest)
    rest = _FILLER.sub(" ", rest)
    if len(_CONTENT.findall(rest)) > 3:
        return None
    return present[0]
