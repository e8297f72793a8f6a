"""The content loader: the shipped Markdown articles (``knowledgebase/content/<language>/<slug>.md``)
into categories, articles and translations; used by the demo data, ``kb_load_content`` and the tests."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from knowledgebase.models import Article, ArticleRevision, Category, Language
from knowledgebase.services.articles import article_translation_save

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

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
