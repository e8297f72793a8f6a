"""An article drafted from a solved ticket's case, redacted, for an editor to rewrite and publish."""

import re

from django.db import transaction
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext

from knowledgebase.models import Article, Category, Language
from knowledgebase.services.articles import article_translation_save

REDACTED = "[…]"
# E-mail addresses and long hex strings (transaction hashes, API keys) are personal or secret wherever
# they appear; the caller also names the exact values it knows (the ticket's own transaction ID, e-mail, phone).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LONG_HEX = re.compile(r"\b(?:0x)?[0-9a-fA-F]{32,}\b")
_HEADING = re.compile(r"^( {0,3})#", re.MULTILINE)
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>#|])")
_SLUG_MAX = 80


def _secret_patterns(secret: str) -> list[str]:
    patterns = [re.escape(secret)]
    digits = re.sub(r"\D", "", secret)
    if re.fullmatch(r"\+?[\d\s().-]+", secret) and len(digits) >= 8:
        # A phone number as people type it: spaces, dashes or brackets anywhere, with or without the country code.
        separated = r"[\s().-]*"
        patterns += [r"\+?" + separated.join(digits), separated.join(digits[-8:])]
    return patterns


def _redact(text: str, secrets: list[str]) -> str:
    for secret in sorted((s.strip() for s in secrets if s and len(s.strip()) >= 4), key=len, reverse=True):
        for pattern in _secret_patterns(secret):
            text = re.sub(pattern, REDACTED, text, flags=re.IGNORECASE)
    return _LONG_HEX.sub(REDACTED, _EMAIL.sub(REDACTED, text))


def _block(text: str, secrets: list[str]) -> str:
    """Customer or agent text as a Markdown block: redacted, and its own headings cannot open sections."""
    return _HEADING.sub(r"\1\\#", _redact(text.strip(), secrets))


def _inline(text: str) -> str:
    """One line of Markdown showing ``text`` literally."""
    return _INLINE_MARKUP.sub(r"\\\1", " ".join(text.split()))


def _unique_slug(title: str) -> str:
    base = slugify(title)[:_SLUG_MAX].strip("-") or "article"
    if not Article.objects.filter(slug=base).exists():
        return base
    return f"{base[: _SLUG_MAX - 7]}-{get_random_string(6, 'abcdefghijklmnopqrstuvwxyz0123456789')}"


@transaction.atomic
def article_draft_from_solution(
    *,
    category: Category,
    language: str,
    title: str,
    problem: str,
    facts: list[tuple[str, str]],
    solution: list[str],
    ticket_types: list[str],
    author=None,
    redact: list[str] | None = None,
) -> Article:
    """A draft, internal article written from a solved case, for an editor to rewrite and publish.

    ``problem`` is the customer's description, ``facts`` (label, value) pairs such as the asset and
    network, ``solution`` the agents' public replies in order. The body has a "Problem" and a
    "Solution" section. Every value in ``redact`` (the case's transaction ID, e-mail, phone), any
    e-mail address and any long hex string are replaced by "[…]": the draft must carry no personal data.

    Internal by default: it is drawn from one customer's case, so until an editor has reviewed it
    only agents may read it, even if someone publishes it by mistake.
    """
    if language not in Language.values:
        raise ValueError(f"unsupported language: {language}")
    secrets = list(redact or [])
    title = " ".join(_redact(title, secrets).split())[:200]
    with translation.override(language):
        # Not inside the f-strings: xgettext does not extract strings from them.
        problem_heading, solution_heading = gettext("Problem"), gettext("Solution")
        lines = [f"## {problem_heading}", "", _block(problem, secrets) or "…", ""]
        fact_lines = [
            f"- **{_inline(label)}:** {_inline(_redact(value, secrets))}"
            for label, value in facts
            if value and value.strip()
        ]
        if fact_lines:
            lines += [*fact_lines, ""]
        lines += [f"## {solution_heading}", ""]
        replies = [_block(reply, secrets) for reply in solution if reply and reply.strip()]
        lines += [reply + "\n" for reply in replies] or ["…", ""]
    article = Article.objects.create(
        slug=_unique_slug(title),
        category=category,
        status=Article.Status.DRAFT,
        visibility=Article.Visibility.INTERNAL,
        ticket_types=[slug for slug in ticket_types if slug],
    )
    article_translation_save(
        article=article, language=language, title=title, body_markdown="\n".join(lines).strip() + "\n", author=author
    )
    return article
