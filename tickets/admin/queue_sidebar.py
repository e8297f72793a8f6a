"""The queue's filter sidebar as HTML: each filter's choices as links that keep the other filters.

Ten filters with about eighty choices between them: rendered with the template engine this cost as
much as the table, so it is written here in the admin's markup (``#changelist-filter``, ``details``
per filter, ``li.selected``), which the admin's CSS and ``filters.js`` expect.
"""

from html import escape
from urllib.parse import urlencode

from django.utils.translation import gettext

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
        prefix = "?" + (others + "&" if others else "")
        choices = [CHOICE.format(selected="" if current else SELECTED, url=escape("?" + others), label=everything)]
        for value, label in queue_filter.choices(request):
            url = escape(prefix + urlencode({param: value}))
            selected = SELECTED if value == current else ""
            choices.append(CHOICE.format(selected=selected, url=url, label=escape(str(label))))
        title = escape(str(queue_filter.title))
        summary = escape(by % {"filter_title": queue_filter.title})
        sections.append(SECTION.format(title=title, summary=summary, choices="".join(choices)))
    return "".join(sections)
