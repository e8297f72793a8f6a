"""One rule for one-line text on every edge (supportdesk.text.one_line): line breaks fold into a space,
other control characters are refused.

The review found a title with ``\\x01`` stored by the browser's form (and put in a staff e-mail's
subject) while the API refused it. This walks every form of ours and every admin's form, so a
one-line field added later without the rule fails here.
"""

import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from supportdesk.text import excerpt, one_line

OUR_APPS = ("accounts", "tickets", "knowledgebase", "safety", "assistant", "mail", "supportdesk")
# Forms that store nothing of what is typed into them: sign-in looks an account up, a 2FA code is digits,
# the "is this really us?" check reads invisible characters on purpose (they are part of its verdict).
STORES_NOTHING = {"SignInForm", "AdminSignInForm", "TokenForm", "VerifyForm"}
HOSTILE = ("a\x01b", "a\x7fb", "a\u202eb", "a\u200bb", "a\x00b", "a\x9bb")


def _import_all():
    for app in OUR_APPS:
        try:
            package = importlib.import_module(app)
        except ModuleNotFoundError:
            continue
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in module.name or module.name.endswith(".tests"):
                continue
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _our_forms(base=forms.Form):
    _import_all()
    seen = set()
    for form in _subclasses(base):
        if form.__name__ in STORES_NOTHING:
            continue
        if form.__module__.split(".")[0] in OUR_APPS and form not in seen and hasattr(form, "base_fields"):
            seen.add(form)
            yield form


def _one_line_fields(form_fields):
    for name, field in form_fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field, forms.EmailField):
            continue  # e-mail fields refuse control characters by their own pattern
        widget = field.widget
        if isinstance(widget, (forms.Textarea, forms.PasswordInput, forms.HiddenInput)):
            continue
        if isinstance(widget, forms.TextInput) or type(widget) is forms.Widget:
            yield name, field


def _refuses(field, value) -> bool:
    try:
        field.clean(value)
    except ValidationError:
        return True
    return False


def test_every_one_line_field_of_our_forms_refuses_control_characters():
    checked = []
    for form in _our_forms():
        for name, field in _one_line_fields(form.base_fields):
            for value in HOSTILE:
                assert _refuses(field, value), f"{form.__module__}.{form.__name__}.{name} took {value!r}"
            checked.append(f"{form.__name__}.{name}")
    assert len(checked) >= 10, checked


def test_our_model_forms_are_admin_forms_checked_below():
    """A ModelForm gets the rule through the admin (supportdesk.admin_base); one used elsewhere would not."""
    admin_forms = {type(model_admin).form for model_admin in admin.site._registry.values()}
    for form in _our_forms(forms.ModelForm):
        assert form in admin_forms, f"{form.__module__}.{form.__name__}: give it the one-line rule"


@pytest.mark.django_db
def test_every_one_line_field_of_every_admin_form_refuses_control_characters(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        form = model_admin.get_form(request)
        for name, field in _one_line_fields(form.base_fields):
            for value in HOSTILE:
                assert _refuses(field, value), f"{model._meta.label} admin: {name} took {value!r}"
            checked.append(f"{model._meta.label}.{name}")
    assert len(checked) >= 10, checked


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  USDT  withdrawal\r\npending\t", "USDT withdrawal pending"),
        ("提现\u3000没到账", "提现 没到账"),
        ("a\u2028b", "a b"),
    ],
)
def test_white_space_folds_into_one_space(typed, stored):
    assert one_line(typed) == stored


def test_an_excerpt_is_one_line_cut_to_its_limit_with_one_ellipsis_in_either_language():
    assert excerpt("  my account\n\nwas\u3000hacked ", 40) == "my account was hacked"
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert excerpt("账户被盗了，有人提走了我的比特币", 5) == "账户被盗…"
            assert excerpt("abcdef", 6) == "abcdef"
