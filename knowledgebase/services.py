"""Knowledge-base writes: translations (with revisions and the search index), restores, feedback,
search logs, and the content loader used by the demo data."""

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext

from knowledgebase import search
from knowledgebase.markdown import markdown_to_text, render_markdown
from knowledgebase.models import (
    Article,
    ArticleFeedback,
    ArticleRevision,
    ArticleTranslation,
    Category,
    Language,
    SearchLog,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"

# Names and icons for the categories the shipped content uses; an unknown slug gets its slug as name.
CATEGORY_DEFAULTS: dict[str, dict] = {
    "deposits-withdrawals": {
        "position": 10,
        "icon": "wallet",
        "name_en": "Deposits and withdrawals",
        "name_zh_hans": "充值与提现",
    },
    "account-security": {"position": 20, "icon": "shield", "name_en": "Account security", "name_zh_hans": "账户安全"},
    "verification": {"position": 30, "icon": "id-card", "name_en": "Identity verification", "name_zh_hans": "身份认证"},
    "trading": {"position": 40, "icon": "chart", "name_en": "Trading", "name_zh_hans": "交易"},
    "api": {"position": 50, "icon": "code", "name_en": "API", "name_zh_hans": "API"},
    "getting-help": {"position": 60, "icon": "life-buoy", "name_en": "Getting help", "name_zh_hans": "获取帮助"},
}

_SNAPSHOT_FIELDS = ("title", "summary", "keywords", "body_markdown")
# How many opened search results one browser session remembers until it files a ticket.
SEARCH_LOG_IDS_MAX = 20


@transaction.atomic
def article_translation_save(
    *,
    article: Article,
    language: str,
    title: str,
    body_markdown: str,
    summary: str = "",
    keywords: str = "",
    author=None,
) -> ArticleTranslation:
    """Create or update ``article``'s translation in ``language``.

    Renders and sanitises the body, refreshes the search fields and the index, and writes a
    revision (author and time) whenever the content changed. Saving identical content is a no-op.
    """
    if language not in Language.values:
        raise ValueError(f"unsupported language: {language}")
    translation = ArticleTranslation.objects.select_for_update().filter(
        article=article, language=language
    ).first() or ArticleTranslation(article=article, language=language)
    content = {
        "title": title.strip(),
        "summary": summary.strip(),
        "keywords": keywords.strip(),
        "body_markdown": body_markdown,
    }
    if translation.pk and all(getattr(translation, field) == value for field, value in content.items()):
        return translation
    for field, value in content.items():
        setattr(translation, field, value)
    translation.body_html = render_markdown(body_markdown)
    translation.body_text = markdown_to_text(body_markdown)
    for field, value in search.index_fields(translation).items():
        setattr(translation, field, value)
    translation.save()
    ArticleRevision.objects.create(translation=translation, author=author, **content)
    search.index_translation(translation)
    Article.objects.filter(pk=article.pk).update(updated_at=translation.updated_at)
    return translation


def article_revision_restore(*, revision: ArticleRevision, author=None) -> ArticleTranslation:
    """Make ``revision`` the current content of its translation (itself recorded as a new revision)."""
    translation = revision.translation
    return article_translation_save(
        article=translation.article,
        language=translation.language,
        author=author,
        **{field: getattr(revision, field) for field in _SNAPSHOT_FIELDS},
    )


def visitor_hash(identifier: str) -> str:
    """A keyed hash of a visitor identifier (``user:<id>`` or ``session:<key>``) for one-vote-per-visitor;
    the raw identifier is never stored."""
    return salted_hmac("knowledgebase.feedback.visitor", identifier, algorithm="sha256").hexdigest()


@transaction.atomic
def article_feedback_record(
    *, article: Article, language: str, helpful: bool, visitor_hash: str, reason: str = ""
) -> ArticleFeedback:
    """Record a visitor's vote: one per visitor per article; voting again changes the vote.

    The article's counters follow the votes (moved with ``F()`` under a row lock on the vote).
    """
    reason = reason.strip()[:1000]
    feedback = ArticleFeedback.objects.select_for_update().filter(article=article, visitor_hash=visitor_hash).first()
    if feedback is None:
        try:
            with transaction.atomic():
                feedback = ArticleFeedback.objects.create(
                    article=article, language=language, helpful=helpful, reason=reason, visitor_hash=visitor_hash
                )
        except IntegrityError:  # the same visitor voting twice at once: the other request won
            return ArticleFeedback.objects.get(article=article, visitor_hash=visitor_hash)
        counter = "helpful_count" if helpful else "not_helpful_count"
        Article.objects.filter(pk=article.pk).update(**{counter: F(counter) + 1})
        return feedback
    if feedback.helpful != helpful:
        up, down = ("helpful_count", "not_helpful_count") if helpful else ("not_helpful_count", "helpful_count")
        Article.objects.filter(pk=article.pk).update(**{up: F(up) + 1, down: F(down) - 1})
    # A changed vote drops the old reason (it explained the other vote); the same vote keeps it unless replaced.
    feedback.reason = reason or (feedback.reason if feedback.helpful == helpful else "")
    feedback.helpful, feedback.language = helpful, language
    feedback.save(update_fields=["helpful", "language", "reason", "updated_at"])
    return feedback


def article_view_record(*, article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


def search_log_record(
    *, query: str, language: str, result_count: int, source: str = SearchLog.Source.HELP_CENTRE
) -> SearchLog:
    if source not in SearchLog.Source.values:
        raise ValueError(f"unknown search source: {source}")
    return SearchLog.objects.create(
        query=query[:200], language=language, source=source, result_count=min(result_count, 32767)
    )


def search_log_click(*, search_log_id: int, article: Article) -> None:
    SearchLog.objects.filter(pk=search_log_id, clicked_article__isnull=True).update(clicked_article=article)


def search_logs_mark_ticket_filed(*, search_log_ids: list[int], now: datetime) -> int:
    """The session that opened these searches' results has filed a ticket: they did not deflect it.

    One UPDATE; only opened results not already marked and searched before ``now`` change (the ids come
    from the session, so a stale or foreign id matches nothing). Returns how many rows changed.
    """
    ids = [value for value in search_log_ids if isinstance(value, int) and not isinstance(value, bool)]
    if not ids:
        return 0
    return SearchLog.objects.filter(
        pk__in=ids[:SEARCH_LOG_IDS_MAX],
        clicked_article__isnull=False,
        ticket_filed_at__isnull=True,
        created_at__lte=now,
    ).update(ticket_filed_at=now)


# -- an article drafted from a ticket's solution -----------------------------------------------------

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


# -- content loader ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentFile:
    slug: str
    language: str
    meta: dict[str, str]
    body: str

    def items(self, key: str) -> list[str]:
        return [item.strip() for item in self.meta.get(key, "").split(",") if item.strip()]


# Values articles quote from the settings, written ``{{ NAME }}`` in the Markdown: a promise the
# pages make (the freeze page's "within 15 minutes") is then stated by the help text in the same words.
CONTENT_VALUES = ("FREEZE_WITHIN_MINUTES",)


def content_values_fill(text: str) -> str:
    for name in CONTENT_VALUES:
        text = re.sub(r"\{\{\s*" + name + r"\s*\}\}", str(getattr(settings, name)), text)
    return text


def parse_content_file(path: Path, *, language: str) -> ContentFile:
    """A Markdown file with ``key: value`` front matter between ``---`` lines; ``{{ NAME }}`` of
    CONTENT_VALUES is replaced by that setting's value."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    body = text
    if text.startswith("---"):
        _, header, body = text.split("---", 2)
        for line in header.strip().splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    meta = {key: content_values_fill(value) for key, value in meta.items()}
    return ContentFile(slug=path.stem, language=language, meta=meta, body=content_values_fill(body.strip()) + "\n")


@dataclass
class LoadResult:
    categories: int = 0
    articles: int = 0
    translations: int = 0


@transaction.atomic
def content_load(path: Path | str = CONTENT_DIR, *, status: str = Article.Status.PUBLISHED) -> LoadResult:
    """Load ``<path>/<language>/<slug>.md`` into categories, articles, translations and related links.

    Idempotent: a second run updates what changed and never duplicates (revisions are written only
    for content that changed). Existing articles keep their status, counters and editors' changes
    to fields the files do not carry.
    """
    path = Path(path)
    files = [
        parse_content_file(file, language=language)
        for language in Language.values
        if (path / language).is_dir()
        for file in sorted((path / language).glob("*.md"))
    ]
    result = LoadResult()
    categories: dict[str, Category] = {}
    for slug in sorted({file.meta.get("category", "general") for file in files}):
        defaults = CATEGORY_DEFAULTS.get(
            slug, {"position": 100, "icon": "book", "name_en": slug.replace("-", " ").capitalize()}
        )
        defaults = {"name_zh_hans": defaults["name_en"], **defaults}
        categories[slug], created = Category.objects.get_or_create(slug=slug, defaults=defaults)
        result.categories += created

    articles: dict[str, Article] = {}
    for file in files:
        if file.slug in articles:
            continue
        category = categories[file.meta.get("category", "general")]
        ticket_types = file.items("ticket_types")
        article, created = Article.objects.get_or_create(
            slug=file.slug, defaults={"category": category, "status": status, "ticket_types": ticket_types}
        )
        if not created and (article.category_id != category.pk or article.ticket_types != ticket_types):
            article.category, article.ticket_types = category, ticket_types
            article.save(update_fields=["category", "ticket_types", "updated_at"])
        articles[file.slug] = article
        result.articles += created

    for file in files:
        before = ArticleRevision.objects.filter(translation__article=articles[file.slug]).count()
        article_translation_save(
            article=articles[file.slug],
            language=file.language,
            title=file.meta.get("title", file.slug),
            summary=file.meta.get("summary", ""),
            keywords=file.meta.get("keywords", ""),
            body_markdown=file.body,
        )
        result.translations += ArticleRevision.objects.filter(translation__article=articles[file.slug]).count() > before

    for file in files:
        wanted = [articles[slug] for slug in file.items("related") if slug in articles and slug != file.slug]
        if wanted:
            articles[file.slug].related.add(*wanted)
    return result
