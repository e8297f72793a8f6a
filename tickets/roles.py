"""Who may do what in the agent workspace: the groups, their permissions, and the predicates that
every permission decision uses. Three roles, all staff:

- agent: a member of a support team (and of the "Support agents" group, for the model
  permissions); works the tickets of their teams and those assigned to them;
- supervisor: a member of the "Support supervisors" group; sees every ticket and the reports, and
  edits help articles;
- admin: a superuser; the only role that edits SLA policies, rules, teams and canned responses.

A user's teams and supervisor membership are read once per loaded user (cached on the instance,
so once per request) and every predicate answers from them.
"""

from django.contrib.auth.models import Group, Permission

AGENTS_GROUP = "Support agents"
SUPERVISORS_GROUP = "Support supervisors"

# What a front-line agent may do in the admin; admins edit teams, types and SLA policies.
AGENT_PERMISSIONS = (
    "tickets.view_ticket",
    "tickets.change_ticket",
    "tickets.view_message",
    "tickets.add_message",
    "tickets.view_screenshot",
    "tickets.view_ticketevent",
    "tickets.view_team",
    "tickets.view_tickettype",
    "tickets.view_slapolicy",
    "tickets.view_notification",
    "tickets.view_priorityrule",
    "tickets.view_businesscalendar",
    "tickets.view_cannedresponse",
    "tickets.view_tag",
    "tickets.view_customernote",
    "knowledgebase.view_article",
    "knowledgebase.view_category",
)
# Supervisors also see every ticket and the reports, and edit help articles.
SUPERVISOR_PERMISSIONS = (
    *AGENT_PERMISSIONS,
    "knowledgebase.add_article",
    "knowledgebase.change_article",
    "knowledgebase.view_articletranslation",
    "knowledgebase.add_articletranslation",
    "knowledgebase.change_articletranslation",
    "knowledgebase.view_articlerevision",
    "knowledgebase.view_articlefeedback",
    "knowledgebase.view_searchlog",
)


def _group(name: str, permissions) -> Group:
    """The group with at least ``permissions`` (an admin's additions are kept)."""
    group, _ = Group.objects.get_or_create(name=name)
    wanted = {tuple(p.split(".")) for p in permissions}
    found = Permission.objects.filter(codename__in={code for _, code in wanted}).select_related("content_type")
    group.permissions.add(*(p for p in found if (p.content_type.app_label, p.codename) in wanted))
    return group


def agents_group() -> Group:
    return _group(AGENTS_GROUP, AGENT_PERMISSIONS)


def supervisors_group() -> Group:
    return _group(SUPERVISORS_GROUP, SUPERVISOR_PERMISSIONS)


# -- predicates ------------------------------------------------------------------------------------


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _staff(user) -> bool:
    return _signed_in(user) and user.is_active and user.is_staff


def _cached(user, name: str, read):
    """``read(user)``, computed once per loaded user object."""
    cache = user.__dict__.setdefault("_roles_cache", {})
    if name not in cache:
        cache[name] = read(user)
    return cache[name]


def team_ids(user) -> list[int]:
    """The support teams ``user`` belongs to."""
    if not _signed_in(user):
        return []
    return _cached(user, "team_ids", lambda u: list(u.support_teams.values_list("id", flat=True)))


def in_supervisors_group(user) -> bool:
    return _signed_in(user) and _cached(user, "supervisor", lambda u: u.groups.filter(name=SUPERVISORS_GROUP).exists())


def is_agent(user) -> bool:
    """Staff who work tickets: members of a support team, supervisors, or superusers."""
    if not _staff(user):
        return False
    # Supervisors work the desk without belonging to one team.
    return user.is_superuser or bool(team_ids(user)) or in_supervisors_group(user)


def is_admin(user) -> bool:
    return _staff(user) and user.is_superuser


def is_supervisor(user) -> bool:
    """Supervisors and admins: see all tickets and the reports."""
    return _staff(user) and (user.is_superuser or in_supervisors_group(user))
