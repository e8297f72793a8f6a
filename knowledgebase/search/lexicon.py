"""The bilingual search lexicon: customers' words mapped to the words the articles use.

Kept as data (``lexicon.txt`` beside this module) so editors can extend it without touching the ranking.
One entry a line, ``<lang> <kind> <phrase> | <phrase> ... => <article words>``:

* ``lang`` is ``en``, ``zh`` or ``*`` (both): the language of the search it applies to (Chinese
  searches are full of English words: ``zh = hack => 被盗``);
* kind ``=`` adds the article words when a phrase occurs in a sentence (a paraphrase or slang), at
  ``EXPANSION_WEIGHT`` of that sentence's weight, or at the weight given as ``=0.5``;
* kind ``~`` replaces the phrase by the article word before segmentation (a typo: ``zh ~ 验正 => 验证``);
* kind ``!`` lists weak words, ones customers put around any question ("get", "still", "now"), with the
  factor their weight is multiplied by: ``en ! get | still => 0.3``.

English phrases match on stemmed words in order (``forgot`` matches ``forgotten``), Chinese ones as
substrings of the lower-cased text, since jieba cuts a typo unpredictably.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from knowledgebase.text import is_cjk, tokenize

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon.txt"
EXPANSION_WEIGHT = 1.0
_LINE_RE = re.compile(r"^(en|zh|\*)\s+(=|~|!)([0-9.]*)\s+(.+?)\s*=>\s*(.+)$")
_LANGUAGES = {"en": ("en",), "zh": ("zh-hans",), "*": ("en", "zh-hans")}


@dataclass(frozen=True)
class Entry:
    phrases: tuple[tuple[str, ...] | str, ...]  # stemmed words (latin) or a substring (Chinese)
    terms: tuple[str, ...]
    weight: float


class Lexicon:
    def __init__(self, lines: list[str]):
        self.expansions: dict[str, list[Entry]] = {"en": [], "zh-hans": []}
        # For matching without trying every phrase at every word: latin phrases by their first word,
        # Chinese ones (substrings) in a list.
        self._by_first_word: dict[str, dict[str, list[tuple[tuple[str, ...], Entry]]]] = {"en": {}, "zh-hans": {}}
        self._substrings: dict[str, list[tuple[str, Entry]]] = {"en": [], "zh-hans": []}
        self.typos: dict[str, list[tuple[re.Pattern, str]]] = {"en": [], "zh-hans": []}
        self.weak: dict[str, dict[str, float]] = {"en": {}, "zh-hans": {}}
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            match = _LINE_RE.match(line)
            if not match:
                raise ValueError(f"{LEXICON_FILE.name}:{number}: not '<lang> <kind> <phrases> => <words>': {line}")
            lang, kind, weight, phrases, target = match.groups()
            phrases_list = [phrase.strip().lower() for phrase in phrases.split("|") if phrase.strip()]
            for language in _LANGUAGES[lang]:
                if kind == "!":
                    for phrase in phrases_list:
                        for term in tokenize(phrase):
                            self.weak[language][term] = float(target)
                elif kind == "~":
                    for phrase in phrases_list:
                        pattern = re.escape(phrase) if is_cjk(phrase) else rf"\b{re.escape(phrase)}\b"
                        self.typos[language].append((re.compile(pattern, re.IGNORECASE), target.strip()))
                else:
                    entry = Entry(
                        phrases=tuple(_phrase_key(phrase) for phrase in phrases_list),
                        terms=tuple(dict.fromkeys(tokenize(target))),
                        weight=float(weight) if weight else EXPANSION_WEIGHT,
                    )
                    self.expansions[language].append(entry)
                    for phrase in entry.phrases:
                        if isinstance(phrase, str):
                            self._substrings[language].append((phrase, entry))
                        elif phrase:
                            self._by_first_word[language].setdefault(phrase[0], []).append((phrase, entry))

    def correct(self, text: str, *, language: str) -> str:
        """``text`` with the known typos replaced by the words the articles use."""
        for pattern, replacement in self.typos.get(language, ()):
            text = pattern.sub(replacement, text)
        return text

    def factor(self, term: str, *, language: str) -> float:
        """How much of its weight a weak word keeps (1 for every other word)."""
        return self.weak.get(language, {}).get(term, 1.0)

    def expand(self, sentence: str, *, language: str) -> list[tuple[str, float]]:
        """The article words (with their share of the sentence's weight) that ``sentence``'s phrases imply."""
        lowered = sentence.lower()
        words = tuple(tokenize(lowered, keep_stopwords=True))
        matched: dict[int, Entry] = {}
        for phrase, entry in self._substrings.get(language, ()):
            if phrase in lowered:
                matched[id(entry)] = entry
        by_first_word = self._by_first_word.get(language, {})
        for i, word in enumerate(words):
            for phrase, entry in by_first_word.get(word, ()):
                if words[i : i + len(phrase)] == phrase:
                    matched[id(entry)] = entry
        return [(term, entry.weight) for entry in matched.values() for term in entry.terms]


def _phrase_key(phrase: str) -> tuple[str, ...] | str:
    if is_cjk(phrase) or re.search(r"[\u3400-\u9fff]", phrase):
        return phrase
    return tuple(tokenize(phrase, keep_stopwords=True))


@functools.cache
def lexicon() -> Lexicon:
    return Lexicon(LEXICON_FILE.read_text(encoding="utf-8").splitlines())
