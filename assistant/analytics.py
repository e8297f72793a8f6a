"""The assistant's section of the editors' analytics page: containment and the questions it could
not answer well. Registered with ``knowledgebase.analytics.register_section`` (see apps.py)."""

from datetime import datetime

from assistant.selectors import CONTAINMENT_WINDOW, containment, content_gaps


def analytics_section(*, since: datetime, until: datetime) -> dict:
    figures = containment(since=since, now=until)
    return {
        "template": "admin/assistant/_analytics.html",
        "data": {
            "containment": figures,
            "rate_percent": None if figures.rate is None else round(figures.rate * 100),
            "window_hours": int(CONTAINMENT_WINDOW.total_seconds() // 3600),
            "gaps": content_gaps(since=since),
        },
    }
