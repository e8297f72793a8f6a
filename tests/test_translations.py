"""The Simplified Chinese catalogues: complete, well-formed, compiled and used.

The committed ``locale/zh_Hans/LC_MESSAGES/{django,djangojs}.po`` are the source of truth; the
``.mo`` files are built by ``make messages`` before the tests run. The completeness check runs
Django's ``makemessages`` extraction into a temporary directory, so it never touches ``locale/``.
"""

import io
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import makemessages
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, ngettext

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
# The same exclusions as the documented makemessages commands (see the Makefile / README).
IGNORE = {
    "django": [".venv", "bench", "tests", "var"],
    "djangojs": [".venv", "bench", "tests", "var", "staticfiles"],
}
MAKEMESSAGES_HINT = (
    ".venv/bin/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=bench --ignore=tests "
    "--ignore=var --no-obsolete  (add -d djangojs --ignore=staticfiles for the JavaScript catalogue), "
    "then translate the new entries"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# %(name)s, %(m)02d, %s, %d ... (``%%`` is a literal percent sign, not a placeholder).
PERCENT_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0\- +]*\d*(?:\.\d+)?[sdifrx%]")
BRACE_PLACEHOLDER = re.compile(r"\{\s*\w+\s*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
CJK = re.compile(r"[\u4e00-\u9fff]")


def po_path(domain: str) -> Path:
    return LOCALE_DIR / f"{domain}.po"


def load_catalog(domain: str):
    with po_path(domain).open("rb") as fp:
        return read_po(fp, locale="zh_Hans", domain=domain)


def entries(domain: str):
    return [message for message in load_catalog(domain) if message.id]


def forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def placeholders(text: str, *, percent: bool = True) -> Counter:
    found = Counter(BRACE_PLACEHOLDER.findall(text)) + Counter(HTML_TAG.findall(text))
    if percent:
        found += Counter(token for token in PERCENT_PLACEHOLDER.findall(text) if token != "%%")
    return found


def label(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


# --- The committed files -------------------------------------------------------------------------


@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogue_header_declares_simplified_chinese_utf8_and_one_plural_form(domain):
    header = po_path(domain).read_text(encoding="utf-8")
    assert '"Language: zh_Hans\\n"' in header
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in header
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header
    assert not load_catalog(domain).fuzzy, "the header is marked fuzzy: msgfmt would ignore it"


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_entry_is_translated_and_none_is_fuzzy(domain):
    messages = entries(domain)
    assert messages, f"{po_path(domain)} has no entries"
    untranslated = [label(m) for m in messages if not all(s.strip() for s in forms(m))]
    fuzzy = [label(m) for m in messages if m.fuzzy]
    assert not untranslated, f"untranslated in {domain}.po: {untranslated}"
    assert not fuzzy, f"fuzzy in {domain}.po (check the translation, then drop the flag): {fuzzy}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_plural_entries_have_exactly_one_form(domain):
    wrong = [label(m) for m in entries(domain) if m.pluralizable and len(forms(m)) != 1]
    assert not wrong, f"Chinese has one plural form (msgstr[0] only): {wrong}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_placeholders_and_markup_are_kept_in_every_translation(domain):
    problems = []
    for message in entries(domain):
        # xgettext:no-python-format marks a literal "%" (e.g. "warn at % of the target").
        percent = "no-python-format" not in message.flags
        # With one plural form the only msgstr must carry the plural msgid's placeholders.
        source = message.id if isinstance(message.id, str) else message.id[-1]
        expected = placeholders(source, percent=percent)
        for text in forms(message):
            if text and placeholders(text, percent=percent) != expected:
                problems.append(f"{label(message)!r} -> {text!r}")
    assert not problems, "placeholders or tags differ:\n" + "\n".join(problems)


# Product terms that must read the same everywhere: English word (regex) -> the Chinese term.
GLOSSARY = {
    r"\bticket": "工单",
    r"\breference\b": "工单编号",
    r"\bsupport agent": "客服",
    r"\bdeposit": "充值",
    r"\bwithdrawal": "提现",
    r"\b2FA\b": "二次验证",
    r"\btwo-factor": "二次验证",
    r"\bseed phrase": "助记词",
    r"\bfreeze": "冻结",
    r"\binternal note": "内部备注",
}


def test_product_terms_are_translated_consistently():
    problems = []
    for domain in DOMAINS:
        for message in entries(domain):
            for pattern, term in GLOSSARY.items():
                english = PERCENT_PLACEHOLDER.sub("", label(message))  # "%(reference)s" is not the word
                if re.search(pattern, english, re.IGNORECASE) and not all(term in s for s in forms(message)):
                    problems.append(f"{label(message)!r} should use {term}: {forms(message)}")
    assert not problems, "\n".join(problems)


# --- The catalogues cover the source -------------------------------------------------------------


class _ExtractOnly(makemessages.Command):
    """``makemessages`` that writes its .pot into ``pot_dir`` and never writes a .po file."""

    def __init__(self, pot_dir: Path):
        super().__init__()
        self.pot_dir = str(pot_dir)

    def find_files(self, root):
        files = super().find_files(root)
        for translatable in files:
            translatable.locale_dir = self.pot_dir
        self.locale_paths = [self.pot_dir]  # the only place the .pot is built, merged and removed
        return files

    def write_po_file(self, potfile, locale):
        pass


def extracted_messages(domain: str, pot_dir: Path):
    call_command(
        _ExtractOnly(pot_dir),
        locale=["zh_Hans"],
        domain=domain,
        ignore_patterns=IGNORE[domain],
        keep_pot=True,
        verbosity=0,
    )
    pot = pot_dir / f"{domain}.pot"
    if not pot.exists():  # xgettext found no strings at all
        return []
    # xgettext leaves the template header's "nplurals=INTEGER" in place, which Babel cannot parse.
    text = re.sub(r'^"Plural-Forms:.*$', "", pot.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return [message for message in read_po(io.StringIO(text)) if message.id]


@pytest.fixture
def gettext_tools():
    if shutil.which("xgettext") is None or shutil.which("msguniq") is None:
        if IN_CI:
            pytest.fail("GNU gettext (xgettext) is required in CI", pytrace=False)
        pytest.skip("GNU gettext not installed (apt-get install gettext)")


@pytest.mark.parametrize("domain", DOMAINS)
def test_committed_catalogue_has_a_translation_for_every_string_in_the_source(
    domain, gettext_tools, tmp_path, monkeypatch
):
    before = {path: path.stat().st_mtime_ns for path in LOCALE_DIR.glob("*.po")}
    monkeypatch.chdir(settings.BASE_DIR)  # makemessages walks the current directory

    found = extracted_messages(domain, tmp_path)

    committed = {(m.id if isinstance(m.id, str) else tuple(m.id), m.context): m for m in entries(domain)}
    missing = []
    for message in found:
        key = (message.id if isinstance(message.id, str) else tuple(message.id), message.context)
        entry = committed.get(key)
        if entry is None or entry.fuzzy or not all(s.strip() for s in forms(entry)):
            where = ", ".join(f"{path}:{line}" for path, line in message.locations[:2])
            missing.append(f"{label(message)!r} ({where})")
    assert found, f"makemessages found no {domain} strings: is the source tree where the test expects it?"
    assert not missing, (
        f"{len(missing)} string(s) in the source have no translation in {domain}.po:\n  "
        + "\n  ".join(missing)
        + f"\nRun {MAKEMESSAGES_HINT}."
    )
    assert before == {path: path.stat().st_mtime_ns for path in LOCALE_DIR.glob("*.po")}, "locale/ was modified"


# --- The compiled catalogues are used ------------------------------------------------------------


@pytest.fixture
def compiled():
    missing = [f"{domain}.mo" for domain in DOMAINS if not (LOCALE_DIR / f"{domain}.mo").exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} not compiled in {LOCALE_DIR}: run `make messages`", pytrace=False)


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Submit a ticket", "提交工单"),
        ("Freeze my account", "冻结我的账户"),
        ("Help centre", "帮助中心"),
        ("Urgent", "紧急"),
        ("Waiting for your reply", "待您回复"),
        ("Pending (waiting on customer)", "等待客户回复"),
        ("Tier 1: front line", "1 级：一线支持"),
    ],
)
def test_key_strings_come_out_in_chinese(compiled, english, chinese):
    with translation.override("zh-hans"):
        assert gettext(english) == chinese
    with translation.override("en"):
        assert gettext(english) == english


def test_choice_labels_and_plurals_are_translated(compiled):
    from tickets.models import Priority, Status
    from tickets.templatetags.supportdesk import customer_status, duration

    with translation.override("zh-hans"):
        assert [str(p.label) for p in Priority] == ["紧急", "高", "普通", "低"]
        assert [str(s.label) for s in Status] == ["新建", "处理中", "等待客户回复", "等待第三方", "已解决", "已关闭"]
        assert customer_status("pending") == "待您回复"
        assert ngettext("%(n)d hour", "%(n)d hours", 1) % {"n": 1} == "1 小时"
        assert ngettext("%(n)d hour", "%(n)d hours", 4) % {"n": 4} == "4 小时"
        from datetime import timedelta

        assert duration(timedelta(minutes=15)) == "15 分钟"


def test_the_anti_phishing_notice_renders_in_chinese(compiled):
    with translation.override("zh-hans"):
        html = render_to_string("_phishing_notice.html")
    assert "Supportdesk 工作人员绝不会向您索要密码、二次验证码或助记词。" in html
    assert "安全提示" in html
    assert "seed phrase" not in html


def test_the_javascript_catalogue_serves_chinese(compiled, client):
    response = client.get("/zh-hans/jsi18n/")
    assert response.status_code == 200
    content = response.content.decode()
    # The catalogue is JSON with non-ASCII escaped: look for the escaped form of "已复制" (Copied).
    assert "\\u5df2\\u590d\\u5236" in content or "已复制" in content


def test_screenshot_help_text_follows_the_language_of_the_request(compiled):
    # The field is built at import time: its help text must stay lazy, not frozen in English.
    from tickets.forms import ReplyForm

    with translation.override("zh-hans"):
        assert str(ReplyForm()["screenshots"].help_text).startswith("最多 5 张图片")
    with translation.override("en"):
        assert str(ReplyForm()["screenshots"].help_text).startswith("Up to 5 images")


def test_password_rules_are_explained_in_chinese(compiled):
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        password_validation.validate_password("4815")
    messages = " ".join(excinfo.value.messages)
    assert "密码太短，至少需要 10 个字符。" in messages
    assert not re.search(r"[A-Za-z]{3,}", messages), messages
