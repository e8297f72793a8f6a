"""The workspace's Chinese, kept in ``locale/fragments/workspace.po`` until it is merged into
``django.po``: well-formed, complete for the workspace's own files, faithful to the glossary, and
used by the pages (through ``tests.fragments.fragment_catalogue``)."""

import re
import shutil
import subprocess

from django.utils import translation
from django.utils.translation import gettext

from tests.fragments import FRAGMENTS, fragment_catalogue, fragment_files, read_fragment  # noqa: F401
from tests.test_translations import (
    GLOSSARY,
    PERCENT_PLACEHOLDER,
    entries,
    extracted_messages,
    forms,
    gettext_tools,  # noqa: F401
    label,
    placeholders,
)

WORKSPACE = FRAGMENTS / "workspace.po"
# The files the agents' half of the issue owns: a string there must be translated somewhere.
WORKSPACE_PATHS = (
    "tickets/admin/",
    "tickets/templates/admin/",
    "templates/admin/",
    "tickets/api/update.py",
    "tickets/timeline.py",
    "tickets/display.py",
    "tickets/reference_data.py",
    "tickets/models/conversation.py",
    "supportdesk/admin_site.py",
    "knowledgebase/admin.py",
)


def _messages(path):
    return [message for message in read_fragment(path) if message.id]


def test_the_fragment_compiles_with_msgfmt_and_has_the_catalogue_header():
    text = WORKSPACE.read_text(encoding="utf-8")
    for field in ('"Language: zh_Hans\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"', "nplurals=1; plural=0;"):
        assert field in text
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(WORKSPACE)], check=True)


def test_every_fragment_entry_is_translated_with_its_placeholders():
    for path in fragment_files("django") + fragment_files("djangojs"):
        for message in _messages(path):
            assert all(text.strip() for text in forms(message)), label(message)
            assert re.search(r"[\u4e00-\u9fff]", forms(message)[0]), label(message)
            expected = placeholders(label(message))
            assert all(placeholders(text) == expected for text in forms(message)), label(message)


def test_the_glossary_holds_once_the_fragments_are_merged():
    merged = {label(m): m for m in entries("django")}
    for path in fragment_files("django"):
        merged.update({label(m): m for m in _messages(path)})
    problems = []
    for message in merged.values():
        english = PERCENT_PLACEHOLDER.sub("", label(message))
        for pattern, term in GLOSSARY.items():
            if re.search(pattern, english, re.IGNORECASE) and not all(term in s for s in forms(message)):
                problems.append(f"{label(message)!r} should use {term}: {forms(message)}")
    assert not problems, "\n".join(problems)


def test_every_workspace_string_is_translated_in_the_catalogue_or_the_fragment(gettext_tools, tmp_path, monkeypatch):  # noqa: F811
    from django.conf import settings

    monkeypatch.chdir(settings.BASE_DIR)
    found = extracted_messages("django", tmp_path)
    known = {label(m) for m in entries("django")} | {label(m) for m in _messages(WORKSPACE)}
    missing = [
        f"{label(m)!r} ({m.locations[0][0]})"
        for m in found
        if any(path.startswith(WORKSPACE_PATHS) for path, _line in m.locations) and label(m) not in known
    ]
    assert not missing, "add these to locale/fragments/workspace.po:\n  " + "\n  ".join(missing)


def test_the_workspace_speaks_chinese_through_the_fragment(fragment_catalogue):  # noqa: F811
    with translation.override("zh-hans"):
        assert gettext("Supportdesk · Agent workspace") == "Supportdesk · 客服工作台"
        assert gettext("Send and solve") == "发送并标记为已解决"
        assert gettext("Two-factor sign-in") == "二次验证登录"
        assert gettext("Urgent") == "紧急"  # from django.po: the fragment adds, never hides
