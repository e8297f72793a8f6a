"""Knowledge-base writes, one module per concern: ``articles`` (translations, revisions, views),
``feedback`` (votes, search logs, deflection), ``drafts`` (an article from a solved case) and
``content`` (the shipped articles' loader). Callers import the public names from here."""

from knowledgebase.services.articles import article_revision_restore, article_translation_save, article_view_record
from knowledgebase.services.content import (
    CATEGORY_DEFAULTS,
    CONTENT_DIR,
    ContentFile,
    LoadResult,
    content_load,
    parse_content_file,
)
from knowledgebase.services.drafts import REDACTED, article_draft_from_solution
from knowledgebase.services.feedback import (
    SEARCH_LOG_IDS_MAX,
    article_feedback_record,
    search_log_click,
    search_log_record,
    search_logs_mark_ticket_filed,
    visitor_hash,
)

__all__ = [
    "CATEGORY_DEFAULTS",
    "CONTENT_DIR",
    "REDACTED",
    "SEARCH_LOG_IDS_MAX",
    "ContentFile",
    "LoadResult",
    "article_draft_from_solution",
    "article_feedback_record",
    "article_revision_restore",
    "article_translation_save",
    "article_view_record",
    "content_load",
    "parse_content_file",
    "search_log_click",
    "search_log_record",
    "search_logs_mark_ticket_filed",
    "visitor_hash",
]
