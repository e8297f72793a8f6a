"""Reading a question before ranking: which words it asks with, and how much each one counts.

People do not type queries, they tell stories: "Yesterday I sent 0.74 ETH from my Ledger, hash 0x5d0d…,
my account got hacked last year so I'm careful… what do I send you to get it credited?". Ranking every
word of that alike lets one alarming word ("hacked") or the story's setting outvote the question. So:

* hashes, addresses, e-mail addresses and links are dropped: they never match an article and would only
  crowd out the words that do;
* the text is split into sentences and the ones that ask (a question mark, a question word, 吗/怎么/
  如何...) weigh fully, the story around them ``STORY_WEIGHT``; a short text is all question;
* the bilingual lexicon (``knowledgebase/search/lexicon.txt``) rewrites known typos before
  segmentation (身份验正 -> 身份验证) and adds the articles' words for customers' paraphrases
  ("the string I type to sign in" -> password), at the weight of the sentence they came from;
* a term's weight is the highest weight of its occurrences plus a little for each repetition, so
  saying a word five times does not make it five times as important.
"""

import re
from dataclasses import dataclass

from knowledgebase.search.lexicon import lexicon
from knowledgebase.text import is_cjk, tokenize

# Longest question the search reads (the API and the page accept the same).
MAX_QUERY_CHARS = 2000
# Below this many characters a question is read as one sentence that asks.
SHORT_CHARS = 140
STORY_WEIGHT = 0.5
VAGUE_ASK_TERMS = 5
DIGIT_FACTOR = 0.3
REPEAT_BONUS = 0.1
MAX_REPEAT_BONUS = 0.2

# Transaction hashes, addresses (hex, base58, bech32), e-mail addresses and links.
_NOISE_RE = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:0x)?[0-9a-fA-F]{16,}\b"
    r"|\b(?:bc1|tb1)[0-9a-z]{20,}\b|\b[1-9A-HJ-NP-Za-km-z]{25,}\b"
)
# Sentence ends: ! ? and the Chinese stops anywhere, a full stop only before a space (not 0.5 BTC).
_SENTENCE_END_RE = re.compile(r"(?<=[!?！？。；;])|(?<=\.)\s+|\n+")
_ASK_START_EN = frozenset(
    [
        "how",
        "what",
        "why",
        "where",
        "when",
        "which",
        "who",
        "can",
        "could",
        "is",
        "are",
        "do",
        "does",
        "did",
        "should",
        "will",
        "would",
        "any",
        "anyone",
        "please",
    ]
)
_ASK_PHRASES_EN = ("what do i", "what should", "what can", "need to know", "want to know", "tell me", "help me")
_ASK_MARKS_ZH = (
    "吗",
    "怎么",
    "如何",
    "为什么",
    "为啥",
    "能不能",
    "能否",
    "可不可以",
    "多久",
    "哪里",
    "哪儿",
    "什么",
    "是否",
    "要不要",
    "怎样",
    "有没有",
    "会不会",
    "该",
    "请问",
    "求助",
    "咋",
)
_FIRST_WORD_RE = re.compile(r"[a-z']+")


@dataclass(frozen=True)
class Question:
    """A query's terms with their weights, heaviest first."""

    weights: dict[str, float]

    @property
    def terms(self) -> list[str]:
        return list(self.weights)

    def top(self, count: int) -> list[str]:
        return list(self.weights)[:count]


def sentences(text: str) -> list[str]:
    return [piece.strip() for piece in _SENTENCE_END_RE.split(text) if piece and piece.strip()]


def asks(sentence: str) -> bool:
    """Does this sentence ask something (rather than tell the story around the question)?"""
    if "?" in sentence or "？" in sentence:
        return True
    lowered = sentence.lower()
    first = _FIRST_WORD_RE.search(lowered)
    if first and first.start() < 3 and first.group(0) in _ASK_START_EN:
        return True
    return any(phrase in lowered for phrase in _ASK_PHRASES_EN) or any(mark in sentence for mark in _ASK_MARKS_ZH)


def _sentence_weights(text: str) -> list[tuple[str, float]]:
    if len(text) <= SHORT_CHARS:
        return [(text, 1.0)]
    pieces = sentences(text)
    asking = [i for i, piece in enumerate(pieces) if asks(piece)]
    if not asking:  # a story with no question: people end with what they want
        asking = list(range(max(0, len(pieces) - 2), len(pieces)))
    chosen = set(asking)
    for i in asking:
        # "What should I do first?" says little about the subject: the sentence before it does.
        if i > 0 and len(tokenize(pieces[i])) < VAGUE_ASK_TERMS:
            chosen.add(i - 1)
    return [(piece, 1.0 if i in chosen else STORY_WEIGHT) for i, piece in enumerate(pieces)]


def understand(text: str, *, language: str) -> Question:
    """The weighted terms of ``text`` (at most ``MAX_QUERY_CHARS`` characters are read)."""
    words = lexicon()
    text = words.correct(_NOISE_RE.sub(" ", (text or "")[:MAX_QUERY_CHARS]), language=language)
    best: dict[str, float] = {}
    repeats: dict[str, int] = {}
    for sentence, weight in _sentence_weights(text):
        found = [(term, weight) for term in tokenize(sentence)]
        found += [(term, weight * share) for term, share in words.expand(sentence, language=language)]
        for term, term_weight in found:
            if term.isdigit():  # amounts, order numbers, years: never what is asked (error codes, a little)
                if len(term) > 3:
                    continue
                term_weight *= DIGIT_FACTOR
            if term in best:
                repeats[term] = repeats.get(term, 0) + 1
            best[term] = max(best.get(term, 0.0), term_weight * words.factor(term, language=language))
    weights = {
        term: weight + min(MAX_REPEAT_BONUS, REPEAT_BONUS * repeats.get(term, 0)) * weight
        for term, weight in best.items()
    }
    ordered = sorted(weights.items(), key=lambda pair: (-pair[1], is_cjk(pair[0])))
    return Question(dict(ordered))
