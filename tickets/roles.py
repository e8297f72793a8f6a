"""Who may do what in the agent workspace. Three roles, all staff:

- agent: a member of a support team; works the tickets of their teams (and those assigned to them);
- supervisor: a member of the "Support supervisors" group; sees every ticket and the reports;
- admin: a superuser; the only role that edits SLA policies, rules, teams and canned responses.

Group membership gives the model permissions (seeded by ``tickets.demo``); these predicates decide
what a ticket queryset holds. Team ids and group membership are read once per loaded user
(``User.support_team_ids``, ``User.in_supervisors_group``), so once per request.
"""

from accounts.models import SUPERVISORS_GROUP

AGENTS_GROUP = "Support agents"
__all__ = ["AGENTS_GROUP", "SUPERVISORS_GROUP", "is_admin", "is_supervisor", "team_ids"]


def _staff(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def is_admin(user) -> bool:
    return _staff(user) and user.is_superuser


def is_supervisor(user) -> bool:
    """Supervisors and admins: see all tickets and the reports."""
    return _staff(user) and (user.is_superuser or user.in_supervisors_group)


def team_ids(user) -> list[int]:
    """The support teams ``user`` belongs to (cached on the user for the request)."""
    return user.support_team_ids
