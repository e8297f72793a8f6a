"""Who may do what in the agent workspace. Three roles, all staff:

- agent: a member of a support team; works the tickets of their teams (and those assigned to them);
- supervisor: a member of the "Support supervisors" group; sees every ticket and the reports;
- admin: a superuser; the only role that edits SLA policies, rules, teams and canned responses.

Group membership gives the model permissions (seeded by ``tickets.demo``); these predicates decide
what a ticket queryset holds. They are cached on the user object for the request.
"""

from accounts.models import SUPERVISORS_GROUP

AGENTS_GROUP = "Support agents"
__all__ = ["AGENTS_GROUP", "SUPERVISORS_GROUP", "is_admin", "is_agent", "is_supervisor", "team_ids"]


def _staff(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def is_admin(user) -> bool:
    return _staff(user) and user.is_superuser


def is_agent(user) -> bool:
    """Staff who work tickets: members of a support team, supervisors and admins. The same answer
    as ``User.is_agent``, from the two cached lookups the queue needs anyway."""
    return _staff(user) and (user.is_superuser or bool(team_ids(user)) or is_supervisor(user))


def is_supervisor(user) -> bool:
    """Supervisors and admins: see all tickets and the reports."""
    if not _staff(user):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_supervisor", None)
    if cached is None:
        cached = user._is_supervisor = user.groups.filter(name=SUPERVISORS_GROUP).exists()
    return cached


def team_ids(user) -> list[int]:
    """The support teams ``user`` belongs to (cached for the request)."""
    cached = getattr(user, "_support_team_ids", None)
    if cached is None:
        cached = user._support_team_ids = list(user.support_teams.values_list("id", flat=True))
    return cached
