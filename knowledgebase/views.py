"""Help-centre pages: category, article and the article's "was this helpful?" form.

Each view parses the request, calls selectors or one service, and renders. The home page (search,
categories, popular and recent articles) is ``tickets.views.home``, built with ``help_centre_context``.
"""

import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from knowledgebase import deflection, search, selectors, services
from knowledgebase.models import SearchLog
from knowledgebase.search.understand import MAX_QUERY_CHARS
from safety.guard import scan, warnings_for
from supportdesk import limits
from supportdesk.languages import Language
from supportdesk.text import CONTROL_CHARACTERS
from supportdesk.write_limits import too_many_requests

# A question may be a whole story (the assistant's limit too); the search reads it all.
SEARCH_MAX_LENGTH = MAX_QUERY_CHARS
SEARCH_RESULTS = 10
POPULAR = 6
RECENT = 5
SLUG_MAX_LENGTH = 100
REASON_MAX_LENGTH = 1000
_CLICK_SALT = "knowledgebase.search-click"


def current_language() -> str:
    language = translation.get_language() or Language.EN
    return language if language in Language.values else Language.EN


# -- search clicks -------------------------------------------------------------------------------
# A result link carries the signed id of the search that produced it, so the article page can
# record the click (content gaps: searches nobody clicked; deflections: suggestions opened from
# the ticket form) without a click endpoint and without letting anyone mark arbitrary searches.
# A ticket-form suggestion's token also says so, so only those are remembered in the session.


@dataclass(frozen=True)
class SearchClick:
    search_log_id: int
    suggestion: bool


def search_click_token(search_log_id: int, *, suggestion: bool = False) -> str:
    value = [search_log_id, "t"] if suggestion else search_log_id
    return signing.dumps(value, salt=_CLICK_SALT, compress=False)


def search_click_read(token: str) -> SearchClick | None:
    if not token or len(token) > 100:
        return None
    try:
        value = signing.loads(token, salt=_CLICK_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return SearchClick(search_log_id=value, suggestion=False)
    if isinstance(value, list) and len(value) == 2 and type(value[0]) is int and value[1] == "t":
        return SearchClick(search_log_id=value[0], suggestion=True)
    return None


def article_url(slug: str, *, language: str, search_log_id: int | None = None, suggestion: bool = False) -> str:
    with translation.override(language):
        url = reverse("kb:article", kwargs={"slug": slug})
    if search_log_id is not None:
        url += "?s=" + search_click_token(search_log_id, suggestion=suggestion)
    return url


# How long an anonymous visitor (address + browser) counts as one voter.
VISITOR_WINDOW_SECONDS = 24 * 3600


def visitor_hash_for(request) -> str:
    """One voter per signed-in user; otherwise per network address and browser (User-Agent) within a
    day, which dropping the session cookie does not change. Only a keyed hash is stored."""
    if request.user.is_authenticated:
        return services.visitor_hash(f"user:{request.user.pk}")
    window = int(time.time() // VISITOR_WINDOW_SECONDS)
    agent = request.headers.get("User-Agent", "")[:300]
    return services.visitor_hash(f"visitor:{limits.client_address(request)}|{agent}|{window}")


def search_run(
    query: str, *, language: str, limit: int, source: str = SearchLog.Source.HELP_CENTRE
) -> tuple[list[search.Hit], int | None]:
    """Search and log the search (editors see searches with no results); returns the hits and the log id.

    Control characters (a NUL that PostgreSQL would refuse to store, line breaks of a pasted story)
    become spaces: they mean nothing to the search and must not reach the log."""
    query = " ".join(CONTROL_CHARACTERS.sub(" ", query).split())
    hits = search.article_search(query, language=language, limit=limit)
    log = services.search_log_record(query=query, language=language, result_count=len(hits), source=source)
    return hits, log.pk


def help_centre_context(request) -> dict:
    language = current_language()
    query = request.GET.get("q", "").strip()
    results = None
    too_long = len(query) > SEARCH_MAX_LENGTH
    if too_long:  # the box's maxlength keeps browsers under it: an edited URL gets told, not truncated
        query = query[:SEARCH_MAX_LENGTH]
    elif query:
        hits, log_id = search_run(query, language=language, limit=SEARCH_RESULTS)
        results = [{"hit": hit, "url": article_url(hit.slug, language=language, search_log_id=log_id)} for hit in hits]
    return {
        "query": query,
        "query_too_long": too_long,
        "search_max_length": SEARCH_MAX_LENGTH,
        "results": results,
        "categories": selectors.category_list(),
        "popular": selectors.article_cards(language=language, order="popular", limit=POPULAR),
        "recent": selectors.article_cards(language=language, order="recent", limit=RECENT),
    }


# -- pages ---------------------------------------------------------------------------------------


@require_GET
def category_detail(request, category: str):
    language = current_language()
    found = selectors.category_get(slug=category[:SLUG_MAX_LENGTH])
    cards = selectors.article_cards(language=language, category=found)
    return render(
        request,
        "knowledgebase/category.html",
        {"category": found, "category_name": found.name(language), "articles": cards},
    )


def _alternates(request, slug: str, languages: list[str]) -> list[dict]:
    return [
        {"language": code, "url": request.build_absolute_uri(article_url(slug, language=code))} for code in languages
    ]


def _contact_url(article) -> str:
    """The ticket form with the article's topic (its first ticket type) and the article carried into it."""
    query = urlencode(
        {"topic": article.ticket_types[0], "article": article.slug}
        if article.ticket_types
        else {"article": article.slug}
    )
    return f"{reverse('tickets:new')}?{query}"


@require_GET
def article_detail(request, slug: str):
    language = current_language()
    view = selectors.article_get_public(slug=slug[:SLUG_MAX_LENGTH], language=language)
    services.article_view_record(article=view.article)
    click = search_click_read(request.GET.get("s", ""))
    if click is not None:
        services.search_log_click(search_log_id=click.search_log_id, article=view.article)
        if click.suggestion:
            deflection.suggestion_opened(request, search_log_id=click.search_log_id)
    canonical = request.build_absolute_uri(article_url(view.article.slug, language=view.translation.language))
    return render(
        request,
        "knowledgebase/article.html",
        {
            "view": view,
            "article": view.article,
            "translation": view.translation,
            "category_name": view.article.category.name(language),
            "canonical_url": canonical,
            "alternates": _alternates(request, view.article.slug, view.languages),
            "voted": request.GET.get("voted") if request.GET.get("voted") in ("yes", "no", "no-reason") else "",
            "contact_url": _contact_url(view.article),
            "reason_max_length": REASON_MAX_LENGTH,
        },
    )


@require_POST
def article_feedback(request, slug: str):
    """The "was this helpful?" form, in two steps that work without JavaScript: Yes or No first
    (one vote per visitor, a new vote replaces the old); after No, what was missing (``step=reason``),
    which passes the secret guard before it is stored; the page then says what was removed."""
    article = selectors.article_get_for_feedback(slug=slug[:SLUG_MAX_LENGTH])
    helpful = request.POST.get("helpful")
    url = reverse("kb:article", kwargs={"slug": article.slug})
    if helpful not in ("yes", "no"):
        messages.error(request, _("Choose “Yes” or “No”."))
        return HttpResponseRedirect(url)
    wait = limits.hit("kb_feedback", limits.writer_key(request))
    if wait is not None:
        return too_many_requests(request, wait)
    reason = request.POST.get("reason", "")[:REASON_MAX_LENGTH] if helpful == "no" else ""
    services.article_feedback_record(
        article=article,
        language=current_language(),
        helpful=helpful == "yes",
        visitor_hash=visitor_hash_for(request),
        reason=reason,
    )
    for warning in warnings_for(scan(reason).kinds):
        messages.warning(request, warning["message"])
    if helpful == "no" and request.POST.get("step") != "reason":
        return HttpResponseRedirect(f"{url}?voted=no#feedback")  # step two: what was missing
    messages.success(request, _("Thank you for your feedback."))
    return HttpResponseRedirect(f"{url}?voted={'no-reason' if helpful == 'no' else 'yes'}#feedback")
