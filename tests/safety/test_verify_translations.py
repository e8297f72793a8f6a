"""Every string of this module has a Simplified Chinese translation: in locale/fragments/channels.po, or
already in the shared catalogue (the fragment is merged into it later), with the same placeholders."""

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from tests.conftest import IN_CI
from tests.safety.conftest import FRAGMENT
from tests.test_translations import GLOSSARY, PERCENT_PLACEHOLDER, extracted_messages, forms, label, placeholders

BASE = Path(settings.BASE_DIR)
SOURCES = ["safety", "templates/safety", "templates/_phishing_notice.html"]


def catalogue(path: Path):
    with path.open("rb") as source:
        return {
            (m.id if isinstance(m.id, str) else tuple(m.id), m.context): m
            for m in read_po(source, locale="zh_Hans")
            if m.id
        }


@pytest.fixture
def module_messages(tmp_path, monkeypatch):
    if shutil.which("xgettext") is None:
        if IN_CI:
            pytest.fail("GNU gettext (xgettext) is required in CI", pytrace=False)
        pytest.skip("GNU gettext not installed (apt-get install gettext)")
    tree = tmp_path / "tree"
    for source in SOURCES:
        target = tree / source
        if (BASE / source).is_dir():
            shutil.copytree(BASE / source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(BASE / source, target)
    monkeypatch.chdir(tree)  # makemessages walks the current directory
    pot = tmp_path / "pot"
    pot.mkdir()
    return extracted_messages("django", pot)


def test_every_string_of_the_module_is_translated(module_messages):
    fragment = catalogue(FRAGMENT)
    shared = catalogue(BASE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    assert len(module_messages) > 100
    missing = []
    for message in module_messages:
        key = (message.id if isinstance(message.id, str) else tuple(message.id), message.context)
        entry = fragment.get(key) or shared.get(key)
        if entry is None or entry.fuzzy or not all(s.strip() for s in forms(entry)):
            missing.append(label(message))
    assert not missing, f"add these to {FRAGMENT}: {missing}"


def test_fragment_keeps_placeholders_and_product_terms():
    problems = []
    for message in catalogue(FRAGMENT).values():
        source = message.id if isinstance(message.id, str) else message.id[-1]
        percent = "no-python-format" not in message.flags
        for text in forms(message):
            if placeholders(text, percent=percent) != placeholders(source, percent=percent):
                problems.append(f"placeholders: {label(message)!r} -> {text!r}")
            english = PERCENT_PLACEHOLDER.sub("", label(message))
            for pattern, term in GLOSSARY.items():
                import re

                if re.search(pattern, english, re.IGNORECASE) and term not in text:
                    problems.append(f"{label(message)!r} should use {term}")
        if message.pluralizable and len(forms(message)) != 1:
            problems.append(f"one plural form only: {label(message)!r}")
    assert not problems, "\n".join(problems)


def test_every_reason_reads_in_chinese(chinese_catalogue):
    from safety.reference import demo_channels
    from safety.verify import reason_text, verdict

    values = [
        "supportdеsk.com",
        "https://supportdesk.com@evil.io/",
        "supportdesk.com.evil.io",
        "supportdesk-help.com",
        "supportdesk.net",
        "supp.ortdesk.com",
        "supportdesk.evil.io",
        "t.me/SupportdeskHe1p",
        "@SupportdeskHelp on X",
        "supp0rt@supportdesk.com",
        "+1 415 555 0199",
        "github.com",
        "",
    ]
    with translation.override("zh-hans"):
        for value in values:
            for reason in verdict(value, demo_channels()).reasons:
                text = reason_text(reason)
                assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (reason.code, text)
