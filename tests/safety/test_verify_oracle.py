"""dnstwist as the oracle: every variant its offline fuzzers make of an official domain is a look-alike.

dnstwist's ``Fuzzer`` only builds names (no DNS, no WHOIS, no HTTP): ``generate()`` then
``permutations()`` without ``registered=True``, which is the switch that would resolve them. Its
``dictionary`` and ``tld-swap`` fuzzers need word lists the pip package does not ship; the small ones
below are ours, so those fuzzers run too. On top, the four kinds of look-alike dnstwist does not make.
"""

import collections
import functools

import dnstwist
import pytest

from safety.verify import Kind, verdict

WORDS = ["help", "support", "login", "secure", "verify", "account", "service", "official", "online", "app", "wallet"]
SUFFIXES = ["net", "org", "co", "io", "cn", "com.cn", "co.uk", "info", "xyz", "top", "app", "me", "support", "help"]


@functools.cache
def dnstwist_variants(domain: str) -> list[dict]:
    fuzzer = dnstwist.Fuzzer(domain, dictionary=WORDS, tld_dictionary=SUFFIXES)
    fuzzer.generate()
    return [p for p in fuzzer.permutations() if p["fuzzer"] != "*original"]


@pytest.fixture(scope="module")
def official_domains():
    from safety.reference import demo_channels

    return sorted({c.value for c in demo_channels() if c.kind == Kind.WEB})


def test_every_dnstwist_variant_of_an_official_domain_is_a_lookalike(channels, official_domains):
    failures = collections.defaultdict(list)
    fuzzers = collections.Counter()
    for domain in official_domains:
        variants = dnstwist_variants(domain)
        assert len(variants) > 1000, "dnstwist made suspiciously few variants"
        for variant in variants:
            fuzzers[variant["fuzzer"]] += 1
            result = verdict(variant["domain"], channels)
            if result.verdict != "lookalike" or result.lookalike_of != domain:
                failures[variant["fuzzer"]].append((variant["domain"], result.verdict))
    # Every offline fuzzer ran (the dictionary and suffix ones with our lists).
    expected = {
        "addition", "bitsquatting", "homoglyph", "hyphenation", "insertion", "omission", "plural", "repetition",
        "replacement", "subdomain", "transposition", "vowel-swap", "dictionary", "tld-swap", "various",
    }  # fmt: skip
    assert expected <= set(fuzzers), set(fuzzers)
    assert not failures, {fuzzer: found[:10] for fuzzer, found in failures.items()}


def test_dnstwist_unicode_variants_are_caught_in_both_spellings(channels):
    """dnstwist emits IDN variants as punycode; a person pastes what they read."""
    import idna

    homoglyphs = [p["domain"] for p in dnstwist_variants("supportdesk.com") if p["domain"].startswith("xn--")]
    assert homoglyphs
    for name in homoglyphs:
        assert verdict(idna.decode(name), channels).verdict == "lookalike", idna.decode(name)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        # One letter from another script (dnstwist's cyrillic fuzzer swaps every letter it can at once).
        ("supportdеsk.com", "single mixed-script letter"),
        ("suррortdesk.com", "two Cyrillic р"),
        ("supportdesκ.com", "Greek kappa"),
        # Words before or after our name (dnstwist only appends its dictionary words to the name).
        ("fu-supportdesk.com", "prefix combosquat"),
        ("verify-supportdesk-account.com", "prefix and suffix combosquat"),
        ("supportdesk-kyc.io", "suffix combosquat"),
        # Our whole domain used as a subdomain of another site.
        ("supportdesk.com.evil.io", "official domain as subdomain"),
        ("login.supportdesk.com.secure-check.net", "official domain as subdomain"),
        # An extra public suffix after ours.
        ("supportdesk.com.cn", ".com.cn"),
        ("supportdesk.com.au", ".com.au"),
    ],
)
def test_lookalikes_dnstwist_does_not_make(channels, value, kind):
    result = verdict(value, channels)
    assert result.verdict == "lookalike", kind
    assert result.lookalike_of == "supportdesk.com"
