"""What customers and agents are told, in English and (through locale/fragments/guard.po) Chinese."""

import ast
import gettext
import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.utils import translation

from safety.guard import KINDS, refusal_message, warning_message

ROOT = Path(__file__).resolve().parents[2]
FRAGMENT = ROOT / "locale" / "fragments" / "guard.po"


def _catalog():
    with FRAGMENT.open("rb") as handle:
        return read_po(handle)


def _msgids_in(path: Path) -> set[str]:
    """Every string literal passed to gettext()/_() in a module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("gettext", "_"):
            found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_warning_and_a_refusal(kind):
    with translation.override("en"):
        warning, refusal = warning_message(kind), refusal_message(kind)
    assert warning.startswith("We removed what looked like")
    assert "Support never needs" in warning
    assert refusal.startswith("Support never asks customers for their")
    assert refusal.endswith(("without asking for it.", "without asking for them."))


def test_password_warning_says_to_change_it():
    assert "change your password now" in warning_message("password")
    assert "move your funds to a new wallet now" in warning_message("seed_phrase")


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        warning_message("pin")
    with pytest.raises(ValueError):
        refusal_message("pin")


def test_every_user_facing_string_has_a_chinese_translation_in_the_fragment():
    catalog = _catalog()
    wanted = _msgids_in(ROOT / "safety" / "guard" / "messages.py") | _msgids_in(ROOT / "safety" / "apps.py")
    assert len(wanted) == 9
    for msgid in wanted:
        message = catalog.get(msgid)
        assert message is not None, msgid
        assert message.string and any("\u4e00" <= c <= "\u9fff" for c in message.string), msgid


def test_the_fragment_compiles_and_translates():
    buffer = io.BytesIO()
    write_mo(buffer, _catalog())
    buffer.seek(0)
    chinese = gettext.GNUTranslations(buffer)
    with translation.override("en"):
        english = {kind: (warning_message(kind), refusal_message(kind)) for kind in KINDS}
    assert chinese.gettext(english["seed_phrase"][0]).startswith("我们已从您的消息中删除了疑似助记词")
    assert chinese.gettext(english["otp"][1]).startswith("客服绝不向客户索要")
