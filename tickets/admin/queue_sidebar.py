"""The queue's filter sidebar as HTML: each filter's choices as links that keep the other filters.

Ten filters with about eighty choices between them: rendered with the template engine this cost as
much as the table, so it is written here in the admin's markup (``#changelist-filter``, ``details``
per filter, ``li.selected``), which the admin's CSS and ``filters.js`` expect.
"""

import functools
from html import escape
from urllib.parse import urlencode

from django.utils import translation
from django.utils.translation import get_language, gettext

from .filters import QUEUE_FILTERS, ReadyViewFilter
from .queue_page import QueuePage

SECTION = '<details data-filter-title="{title}" open><summary>{summary}</summary><ul>{choices}</ul></details>'
CHOICE = '<li{selected}><a href="{url}">{label}</a></li>'
SELECTED = ' class="selected"'


def queue_sidebar(request, page: QueuePage) -> str:
    """Every filter but the ready views (they are the tabs above the queue)."""
    everything, by = gettext("All"), gettext(" By %(filter_title)s ")
    sections = []
    for queue_filter in QUEUE_FILTERS:
        if isinstance(queue_filter, ReadyViewFilter):
            continue
        param, current = queue_filter.param, page.params.get(queue_filter.param)
        # The other filters once, then this filter's value appended per choice.
        others = urlencode({key: value for key, value in page.params.items() if key != param})
        prefix = escape("?" + (others + "&" if others else ""))
        choices = [CHOICE.format(selected="" if current else SELECTED, url=escape("?" + others), label=everything)]
        for value, pair, label in _choices(queue_filter, request):
            choices.append(CHOICE.format(selected=SELECTED if value == current else "", url=prefix + pair, label=label))
        title = escape(str(queue_filter.title))
        summary = escape(by % {"filter_title": queue_filter.title})
        sections.append(SECTION.format(title=title, summary=summary, choices="".join(choices)))
    return "".join(sections)


def _choices(queue_filter, request) -> tuple[tuple[str, str, str], ...]:
    """(value, escaped ``param=value``, escaped label) for each choice."""
    if queue_filter.fixed_choices:
        return _fixed_choices(queue_filter, get_language())
    return _encoded(queue_filter.param, queue_filter.choices(request))


@functools.lru_cache(maxsize=64)
def _fixed_choices(queue_filter, language: str | None) -> tuple[tuple[str, str, str], ...]:
    # Fixed choices read the same on every page in a language: translated and encoded once.
    with translation.override(language):
        return _encoded(queue_filter.param, queue_filter.choices(None))


def _encoded(param: str, choices) -> tuple[tuple[str, str, str], ...]:
    return tuple((value, escape(urlencode({param: value})), escape(str(label))) for value, label in choices)
