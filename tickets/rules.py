"""Pure routing rules: which priority, team and tier a new ticket starts with."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Routing:
    priority: str
    team_id: int | None
    tier: int


def initial_routing(*, default_priority: str, default_team_id: int | None, default_team_tier: int | None) -> Routing:
    """A new ticket takes its type's priority and team; the team decides the tier."""
    return Routing(priority=default_priority, team_id=default_team_id, tier=default_team_tier or 1)
