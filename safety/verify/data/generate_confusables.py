"""Regenerate ``confusables.json``: the slice of Unicode's confusables (UTS #39) that the verdict needs.

    .venv/bin/python -m safety.verify.data.generate_confusables

The source is the ``confusables.json`` that the ``confusable_homoglyphs`` package ships (a development
requirement, never imported at run time). That file stores each line of Unicode's ``confusables.txt``
(``source → prototype``) in both directions, so the direction is recovered here: a source has exactly one
entry (its prototype) while a prototype lists all its sources; for a class of two, the prototype is the
one made of plain ASCII letters and digits, or else the longer (decomposed) sequence.

Only what a web address, an e-mail address or an account name can use is kept: single code points (after
NFD) that are letters, digits or marks and whose prototype, once accents are dropped and lower-cased, is
one to three ASCII letters or digits. That is ~1,500 entries (~15 kB) instead of ~6,300 (~900 kB).
"""

import json
import re
import unicodedata
from pathlib import Path

OUTPUT = Path(__file__).with_name("confusables.json")
_ASCII_PROTOTYPE = re.compile(r"[a-z0-9]{1,3}")
_PLAIN_ASCII = re.compile(r"[A-Za-z0-9]+")


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()


def _pairs(raw: dict) -> dict[str, str]:
    # The package renders right-to-left characters between LEFT-TO-RIGHT MARKs; they are not part of them.
    table = {key.replace("\u200e", ""): [e["c"].replace("\u200e", "") for e in entries] for key, entries in raw.items()}
    prototypes: dict[str, str] = {}
    for char, entries in table.items():
        if len(entries) != 1:
            continue  # a prototype: it lists its sources
        target = entries[0]
        back = table.get(target, [])
        if back == [char]:  # a class of two: which one is the prototype?
            target_plain = bool(_PLAIN_ASCII.fullmatch(target))
            char_plain = bool(_PLAIN_ASCII.fullmatch(char))
            if char_plain and not target_plain:
                continue
            if target_plain == char_plain and len(unicodedata.normalize("NFD", target)) <= len(
                unicodedata.normalize("NFD", char)
            ):
                continue
        prototypes[char] = target
    return prototypes


def build(raw: dict) -> dict[str, str]:
    kept: dict[str, str] = {}
    for source, target in _pairs(raw).items():
        source = unicodedata.normalize("NFD", source)
        if len(source) != 1 or unicodedata.category(source)[0] not in "LNM":
            continue  # accented letters decompose (NFD) and lose their marks anyway
        if not _ASCII_PROTOTYPE.fullmatch(_folded(target)):
            continue
        kept[source] = unicodedata.normalize("NFD", target)
    return dict(sorted(kept.items()))


def main() -> None:
    import confusable_homoglyphs  # development requirement only

    source = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
    table = build(json.loads(source.read_text(encoding="utf-8")))
    payload = {
        "source": f"confusable_homoglyphs {confusable_homoglyphs.__version__} (Unicode confusables.txt), filtered",
        "map": table,
    }
    OUTPUT.write_text(json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{len(table)} entries written to {OUTPUT}")


if __name__ == "__main__":
    main()
