"""Every URL the project serves, as concrete paths: for tests that must cover each route, including
routes added later (a limit on every write, no 500 from hostile input)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    pattern: str  # as declared, e.g. "en/tickets/<str:reference>/"
    name: str | None
    callback: object

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/")


def routes() -> Iterator[Route]:
    def walk(patterns, prefix="", namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}" if entry.name else None
                yield Route(pattern=prefix + str(entry.pattern), name=name, callback=entry.callback)

    yield from walk(get_resolver().url_patterns)


def concrete(route: Route, samples: dict[str, str]) -> str | None:
    """The route as a path with each parameter filled from ``samples`` (by parameter name); None for
    a regular-expression route (the admin's catch-all), which has no parameters to fill."""
    if route.pattern.startswith("^") or "(?P<" in route.pattern:
        return None

    def fill(match: re.Match) -> str:
        return samples[match.group("name")]

    return "/" + _PARAMETER.sub(fill, route.pattern)
