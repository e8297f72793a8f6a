"""The labelled evaluation of the understanding layer, per language and overall.

messages.json is the development set (written with the rules; its goals are asserted by
tests/assistant/test_understanding_eval.py); holdout.json was written after the rules were frozen
and scored once before it informed any fix. `python -m assistant.evaluation [holdout.json]` prints a report.

`evaluate()` runs a pipeline over every message and scores it against the labels. The default
pipeline is `understanding_pipeline` (extract + classify + suggest_type); the full assistant can
be plugged in later by passing any callable with the same signature that returns a `Prediction`.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

MESSAGES_PATH = Path(__file__).with_name("messages.json")
HOLDOUT_PATH = Path(__file__).with_name("holdout.json")
FIELDS = ("transaction_ids", "addresses", "assets", "networks", "amounts", "references")
LANGUAGES = ("en", "zh-hans")
# Fixed so that relative times and anything else clock-dependent give the same figures every run.
EVAL_NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Message:
    id: str
    lang: str
    text: str
    expected: dict[str, list[Any]]
    type: str
    urgent: bool
    wants_person: bool
    should_handoff: bool
    has_secret: bool


@dataclass(frozen=True)
class Prediction:
    extracted: dict[str, list[Any]]  # the contract's `extracted` shape (Facts.as_dict())
    type: str
    urgent: bool
    wants_person: bool
    handoff: bool
    has_secret: bool | None = None  # None: the pipeline does not judge secrets


Pipeline = Callable[[Message], Prediction]


def understanding_pipeline(message: Message) -> Prediction:
    """The understanding layer and the secret guard the assistant runs first: urgent = the intent's
    emergency flag (the assistant also applies `tickets.rules.route()`), handoff = emergency or a
    request for a person, has_secret = the guard found something to remove."""
    from assistant.understanding import classify, extract
    from safety import guard
    from tickets.classify import suggest_type

    tz = SHANGHAI if message.lang == "zh-hans" else None
    facts = extract(message.text, now=EVAL_NOW, tz=tz)
    intent = classify(message.text, facts=facts)
    return Prediction(
        extracted=facts.as_dict(),
        type=suggest_type(message.text).slug,
        urgent=intent.emergency,
        wants_person=intent.wants_person,
        handoff=intent.emergency or intent.wants_person,
        has_secret=bool(guard.scan(message.text).findings),
    )


@dataclass
class Scores:
    messages: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    type_right: int = 0
    urgent_total: int = 0
    urgent_found: int = 0
    urgent_false: int = 0
    person_total: int = 0
    person_found: int = 0
    no_handoff_total: int = 0
    needless_handoffs: int = 0
    secret_total: int = 0
    secret_found: int = 0
    secret_judged: int = 0
    secret_right: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type_right / self.messages if self.messages else 1.0

    @property
    def emergency_recall(self) -> float:
        return self.urgent_found / self.urgent_total if self.urgent_total else 1.0

    @property
    def person_recall(self) -> float:
        return self.person_found / self.person_total if self.person_total else 1.0

    @property
    def needless_handoff_rate(self) -> float:
        return self.needless_handoffs / self.no_handoff_total if self.no_handoff_total else 0.0

    @property
    def secret_accuracy(self) -> float | None:
        return self.secret_right / self.secret_judged if self.secret_judged else None


@dataclass
class Failure:
    id: str
    what: str
    expected: Any
    got: Any


@dataclass
class Report:
    by_language: dict[str, Scores] = field(default_factory=dict)
    overall: Scores = field(default_factory=Scores)
    failures: list[Failure] = field(default_factory=list)

    def format(self) -> str:
        rows = [("", *LANGUAGES, "overall")]
        columns = [self.by_language.get(lang, Scores()) for lang in LANGUAGES] + [self.overall]

        def row(name: str, fn: Callable[[Scores], str]) -> None:
            rows.append((name, *(fn(s) for s in columns)))

        row("messages", lambda s: str(s.messages))
        row("extraction precision", lambda s: f"{s.precision:.3f}")
        row("extraction recall", lambda s: f"{s.recall:.3f}")
        row("extraction micro-F1", lambda s: f"{s.f1:.3f}")
        row("type accuracy", lambda s: f"{s.type_accuracy:.1%} ({s.type_right}/{s.messages})")
        row("emergency recall", lambda s: f"{s.emergency_recall:.0%} ({s.urgent_found}/{s.urgent_total})")
        row("false emergencies", lambda s: str(s.urgent_false))
        row("wants-a-person recall", lambda s: f"{s.person_recall:.0%} ({s.person_found}/{s.person_total})")
        row(
            "needless handoffs",
            lambda s: f"{s.needless_handoff_rate:.1%} ({s.needless_handoffs}/{s.no_handoff_total})",
        )
        row("messages with a secret", lambda s: str(s.secret_total))
        row(
            "secret guard accuracy",
            lambda s: "n/a" if s.secret_accuracy is None else f"{s.secret_accuracy:.1%}",
        )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)) for r in rows]
        if self.failures:
            lines.append("")
            lines.append(f"{len(self.failures)} mismatches:")
            lines += [f"  {f.id:8} {f.what:16} expected {f.expected!r} got {f.got!r}" for f in self.failures]
        return "\n".join(lines)


def load_messages(path: Path = MESSAGES_PATH) -> list[Message]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [
        Message(
            id=m["id"],
            lang=m["lang"],
            text=m["text"],
            expected={f: m["expected"].get(f, []) for f in FIELDS},
            type=m["type"],
            urgent=m["urgent"],
            wants_person=m["wants_person"],
            should_handoff=m["should_handoff"],
            has_secret=m["has_secret"],
        )
        for m in raw["messages"]
    ]


def _items(field_name: str, values: Iterable[Any]) -> set[tuple[str, str]]:
    """One comparable item per extracted value: addresses as chain:value, amounts as "300 USDT"."""
    items = set()
    for v in values:
        if field_name == "addresses":
            key = f"{v['chain']}:{v['value']}" if isinstance(v, dict) else str(v)
        elif field_name == "amounts":
            key = (
                f"{v['value']} {v['asset']}".strip()
                if isinstance(v, dict) and v.get("asset")
                else (str(v["value"]) if isinstance(v, dict) else str(v))
            )
        else:
            key = str(v)
        if field_name in ("transaction_ids", "addresses") and _case_free(key):
            key = key.lower()
        items.add((field_name, key))
    return items


def _case_free(key: str) -> bool:
    # Hex hashes, EVM and Bech32 addresses are case-insensitive; Base58 is not.
    value = key.split(":", 1)[-1]
    body = value[2:] if value[:2].lower() == "0x" else value
    return all(c in "0123456789abcdefABCDEF" for c in body) or value[:3].lower() in ("bc1", "tb1")


def evaluate(messages: list[Message] | None = None, *, pipeline: Pipeline = understanding_pipeline) -> Report:
    """Score `pipeline` on the labelled messages (all of messages.json by default)."""
    messages = load_messages() if messages is None else messages
    report = Report(by_language={lang: Scores() for lang in LANGUAGES})
    for message in messages:
        predicted = pipeline(message)
        for scores in (report.by_language.setdefault(message.lang, Scores()), report.overall):
            _score(scores, message, predicted)
        _note_failures(report, message, predicted)
    return report


def _score(s: Scores, message: Message, predicted: Prediction) -> None:
    s.messages += 1
    for name in FIELDS:
        want = _items(name, message.expected[name])
        got = _items(name, predicted.extracted.get(name, []))
        s.tp += len(want & got)
        s.fp += len(got - want)
        s.fn += len(want - got)
    s.type_right += predicted.type == message.type
    if message.urgent:
        s.urgent_total += 1
        s.urgent_found += predicted.urgent
    else:
        s.urgent_false += predicted.urgent
    if message.wants_person:
        s.person_total += 1
        s.person_found += predicted.wants_person
    if not message.should_handoff:
        s.no_handoff_total += 1
        s.needless_handoffs += predicted.handoff
    s.secret_total += message.has_secret
    if predicted.has_secret is not None:
        s.secret_judged += 1
        s.secret_right += predicted.has_secret == message.has_secret


def _note_failures(report: Report, message: Message, predicted: Prediction) -> None:
    for name in FIELDS:
        want = _items(name, message.expected[name])
        got = _items(name, predicted.extracted.get(name, []))
        if want != got:
            report.failures.append(
                Failure(message.id, name, sorted(v for _, v in want - got), sorted(v for _, v in got - want))
            )
    checks = [
        ("type", message.type, predicted.type),
        ("urgent", message.urgent, predicted.urgent),
        ("wants_person", message.wants_person, predicted.wants_person),
        ("handoff", message.should_handoff, predicted.handoff),
    ]
    report.failures += [Failure(message.id, what, want, got) for what, want, got in checks if want != got]
