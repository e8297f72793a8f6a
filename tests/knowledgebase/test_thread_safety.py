"""The search's per-process state shared by a gthread worker's request threads.

Each test makes the interpreter switch threads as often as it can, so a step that is not one
operation on shared state is interrupted mid-way in every run, not once a week in production.
"""

import random
import sys
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

import pytest
import snowballstemmer

from knowledgebase import text
from knowledgebase.search import stats

THREADS = 8
STEMS = ("connect", "generat", "operat", "relat", "nation", "hope", "care", "withdraw", "deposit", "verif")
SUFFIXES = ("", "s", "ed", "ing", "ion", "ional", "ionally", "ness", "ful", "fully", "ization", "ements")
WORDS = [stem + suffix for stem in STEMS for suffix in SUFFIXES] * 20


@pytest.fixture
def switch_often():
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def _at_once(work):
    start = threading.Barrier(THREADS)

    def run(seed):
        start.wait()
        return work(seed)

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


def test_threads_stem_as_one_thread_does(switch_often):
    # A Snowball stemmer holds the word it works on: shared, threads stemmed into each other's words.
    expected = [snowballstemmer.stemmer("english").stemWord(word) for word in WORDS]
    results = _at_once(lambda _seed: [text.stem.__wrapped__(word) for word in WORDS])  # past the lru_cache
    assert all(result == expected for result in results)


def test_documents_evicted_by_another_thread_are_still_returned(switch_often, monkeypatch):
    monkeypatch.setattr(stats, "MAX_CACHED_DOCUMENTS", 8)  # every call evicts
    monkeypatch.setattr(stats, "_documents", OrderedDict())
    monkeypatch.setattr(stats, "_documents_version", {"version": None})
    monkeypatch.setattr(stats, "_read_documents", lambda pks: [stats.Document(pk, {}, (0,) * 4, ()) for pk in pks])

    def rank_often(seed):
        rng = random.Random(seed)
        for _ in range(2000):
            candidates = {pk: "stamp" for pk in rng.sample(range(40), 10)}
            found = stats.documents(candidates, "v1")
            assert list(found) == list(candidates) and all(found[pk].translation_id == pk for pk in found)
        return True

    assert all(_at_once(rank_often))
