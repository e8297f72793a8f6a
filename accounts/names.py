"""How staff and customers are named on every page of the workspace: "First Last", else the
username. One rule, so the queue's assignee column, its filter, the ticket page's select, the
timeline and the notifications all say "Alex" for the same person (never "agent" in one place)."""

# What a query needs to read for ``display_name_of`` without loading whole users.
NAME_FIELDS = ("first_name", "last_name", "username")


def display_name_of(first_name: str | None, last_name: str | None, username: str) -> str:
    return f"{first_name or ''} {last_name or ''}".strip() or username


def display_name(user) -> str:
    """``user``'s name as people read it; "" for nobody."""
    if user is None:
        return ""
    return display_name_of(user.first_name, user.last_name, user.get_username())
