"""The ticket type and priority the desk's own rules give a conversation: the same rules a ticket
gets (``tickets.classify`` for the type, ``tickets.rules.route`` with the admin's keyword rules for
the priority), never a second copy."""

from dataclasses import dataclass

from tickets import refdata, rules
from tickets.classify import suggest_type


@dataclass(frozen=True)
class Triage:
    type_slug: str
    priority: str

    @property
    def urgent(self) -> bool:
        return self.priority == "urgent"


def triage(text: str, *, customer_tier: str = "standard", emergency: bool = False) -> Triage:
    """Type by the classifier, priority by the type's default raised by the keyword rules; an
    emergency is urgent, as ``ticket_create(emergency=True)`` makes it."""
    reference = refdata.get()
    slug = suggest_type(text).slug
    ticket_type = reference.types_by_slug.get(slug) or reference.types_by_slug.get("other")
    if ticket_type is None:  # no reference data loaded: nothing to route by
        return Triage(type_slug=slug, priority="urgent" if emergency else "normal")
    base = rules.Routing(priority=ticket_type.default_priority, type_id=ticket_type.pk, tier=1)
    routing, _applied = rules.route(
        base=base, text=text, rules=list(reference.keyword_rules), customer_tier=customer_tier
    )
    routed = reference.types_by_id.get(routing.type_id)
    priority = "urgent" if emergency else routing.priority
    return Triage(type_slug=routed.slug if routed else slug, priority=priority)
