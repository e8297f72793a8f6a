"""The queue sidebar's longer choice lists, staff and tags, kept per process like the reference
data (``tickets.snapshots``): the sidebar is drawn on every queue page, and the lists change a few
times a day. A stale list only delays a new name in the sidebar; filtering by it works at once."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.names import NAME_FIELDS, display_name_of
from tickets import selectors
from tickets.models import Tag, Team
from tickets.snapshots import Snapshot

TAGS_LISTED = 100  # the first tags by name; any tag can still be filtered on


@dataclass(frozen=True)
class SidebarChoices:
    staff: tuple[tuple[str, str], ...]  # (id, name) of everyone tickets can be assigned to
    tags: tuple[str, ...]
    by_username: dict[str, str]  # username → name: events record usernames, pages show names


def _staff_rows() -> list[tuple]:
    return list(selectors.staff_assignable().values_list("pk", *NAME_FIELDS))


def staff_choices(rows=None) -> list[tuple[str, str]]:
    """Agents and supervisors by name: the people tickets can be assigned to."""
    return [(str(pk), display_name_of(*names)) for pk, *names in (rows if rows is not None else _staff_rows())]


def load() -> SidebarChoices:
    rows = _staff_rows()
    return SidebarChoices(
        staff=tuple(staff_choices(rows)),
        tags=tuple(Tag.objects.order_by("name").values_list("name", flat=True)[:TAGS_LISTED]),
        by_username={names[-1]: display_name_of(*names) for _pk, *names in rows},
    )


snapshot = Snapshot(load)


def connect_signals() -> None:
    user = get_user_model()
    for model in (Tag, user):
        post_save.connect(snapshot.invalidate, sender=model, dispatch_uid=f"sidebar-save-{model.__name__}")
        post_delete.connect(snapshot.invalidate, sender=model, dispatch_uid=f"sidebar-delete-{model.__name__}")
    for through in (Team.members.through, user.groups.through):
        m2m_changed.connect(snapshot.invalidate, sender=through, dispatch_uid=f"sidebar-m2m-{through.__name__}")
