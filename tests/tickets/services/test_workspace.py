"""The workspace's services and selectors on a real database: queue scope and order, search terms,
tags, merge, customer notes, canned responses, the customer panel and presence."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_ticket
from tickets import canned, presence, selectors, services
from tickets.exceptions import DomainError
from tickets.models import (
    CannedResponse,
    CustomerNote,
    Feedback,
    Notification,
    Status,
    Tag,
    Team,
    Ticket,
    TicketEvent,
)
from tickets.roles import supervisors_group
from tickets.search import ticket_search_filter

pytestmark = pytest.mark.django_db


def _team(slug):
    return Team.objects.get(slug=slug)


def _ticket(requester=None, *, email=None, **fields) -> Ticket:
    return make_ticket(requester, email=email, **fields)


# -- queue scope and order -----------------------------------------------------------------------


def test_agent_queue_orders_by_nearest_deadline_with_no_deadline_last(agent):
    now = timezone.now()
    no_deadline, later, sooner, also_none = (_ticket() for _ in range(4))
    for ticket, due in ((no_deadline, None), (later, now + timedelta(hours=2)), (sooner, now + timedelta(minutes=5))):
        Ticket.objects.filter(pk=ticket.pk).update(sla_due=due)
    Ticket.objects.filter(pk=also_none.pk).update(sla_due=None)
    assert list(selectors.ticket_queue(agent)) == [sooner, later, no_deadline, also_none]


def test_agents_see_their_teams_assigned_and_unrouted_tickets_supervisors_all(reference_data):
    frontline = AgentFactory(teams=[_team("frontline")])
    own_team = _ticket(team=_team("frontline"))
    unrouted = _ticket(team=None)
    elsewhere = _ticket(team=_team("security"))
    assigned_elsewhere = _ticket(team=_team("specialists"), assignee=frontline)
    assert set(selectors.tickets_visible_to(frontline)) == {own_team, unrouted, assigned_elsewhere}
    assert not selectors.agent_may_see(frontline, elsewhere)
    assert selectors.agent_may_see(frontline, assigned_elsewhere)

    supervisor = UserFactory(username="boss", is_staff=True)
    supervisor.groups.add(supervisors_group())
    assert set(selectors.tickets_visible_to(supervisor)) == set(Ticket.objects.all())
    assert selectors.agent_may_see(supervisor, elsewhere)


def test_customers_see_only_their_own_tickets(customer, other_customer):
    mine, theirs = _ticket(customer), _ticket(other_customer)
    assert list(selectors.tickets_visible_to(customer)) == [mine]
    assert theirs not in selectors.tickets_visible_to(customer)


# -- search terms --------------------------------------------------------------------------------


def test_search_terms_map_to_the_right_column(reference_data):
    target = _ticket(
        title="Deposit missing on TRC20",
        email="Mixed.Case@Example.com",
        contact_phone="+442079460958",
        transaction_id="a1b2c3d4e5f6a7b8c9d0",
    )
    _ticket(title="Other", email="x@example.com", contact_phone="+14155550123")

    def found(term):
        return set(Ticket.objects.filter(ticket_search_filter(term)))

    assert found(f"  {target.reference.lower()} ") == {target}
    assert found("mixed.case@EXAMPLE.com") == {target}
    assert found("+44 20 7946 0958") == {target}
    assert found("+44 (0)20-7946-0958") == {target}
    assert found("a1b2c3d4e5f6a7b8c9d0") == {target}
    assert found("missing on") == {target}
    assert found("+1 not a phone") == set()
    assert found("x" * 10_000) == set()


# -- tags ----------------------------------------------------------------------------------------


def test_tags_change_normalises_names_and_records_one_event(agent, customer):
    ticket = _ticket(customer)
    services.ticket_tags_change(ticket=ticket, actor=agent, add=["  Chargeback ", "TRC20", "trc20"])
    assert set(ticket.tags.values_list("name", flat=True)) == {"chargeback", "trc20"}
    event = ticket.events.get(kind=TicketEvent.Kind.TAGS)
    assert event.before == {"tags": []} and event.after == {"tags": ["chargeback", "trc20"]}

    services.ticket_tags_change(ticket=ticket, actor=agent, add=["chargeback"])  # nothing new: no event
    assert ticket.events.filter(kind=TicketEvent.Kind.TAGS).count() == 1

    services.ticket_tags_change(ticket=ticket, actor=agent, remove=["TRC20", "never-there"])
    assert list(ticket.tags.values_list("name", flat=True)) == ["chargeback"]
    assert Tag.objects.filter(name="trc20").exists()  # the tag stays for other tickets
    assert ticket.events.filter(kind=TicketEvent.Kind.TAGS).count() == 2


@pytest.mark.parametrize("name", ["", "   ", "-dash", "a" * 51, "<script>", "semi;colon", "nul\x00"])
def test_bad_tag_names_are_refused_and_nothing_changes(agent, customer, name):
    ticket = _ticket(customer)
    with pytest.raises(DomainError):
        services.ticket_tags_change(ticket=ticket, actor=agent, add=["good", name])
    assert not Tag.objects.exists()
    assert not ticket.events.filter(kind=TicketEvent.Kind.TAGS).exists()


# -- merge ---------------------------------------------------------------------------------------


def test_merge_moves_messages_and_screenshots_and_records_events(agent, customer):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tickets.images import sanitize_image

    buf = BytesIO()
    Image.new("RGB", (20, 20), (0, 0, 0)).save(buf, "PNG")
    shot = sanitize_image(SimpleUploadedFile("s.png", buf.getvalue(), content_type="image/png"))
    keep = _ticket(customer)
    duplicate = _ticket(customer, transaction_id="0xfeedbeefcafe0001", amount=Decimal("12.5"), screenshots=[shot])
    services.ticket_reply(ticket=duplicate, author=customer, body="again")

    result = services.ticket_merge(source=duplicate, target=keep, actor=agent)
    assert result.pk == keep.pk
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED and duplicate.merged_into == keep and duplicate.closed_at
    assert not duplicate.messages.exists() and not duplicate.screenshots.exists()
    assert keep.screenshots.count() == 1
    note = keep.messages.get(internal=True)
    assert duplicate.reference in note.body and "0xfeedbeefcafe0001" in note.body and note.author == agent
    assert keep.events.get(kind=TicketEvent.Kind.MERGED).after == {"from": duplicate.reference, "messages": 1}
    assert duplicate.events.filter(kind=TicketEvent.Kind.STATUS, after__status="closed").exists()
    assert Notification.objects.filter(kind="merged", recipient=customer, ticket=keep).count() == 1


def _proven(ticket):
    """The guest opened a link we mailed to the address: the address is theirs, for this ticket."""
    return services.ticket_contact_prove(ticket=ticket, now=timezone.now())


def test_guest_tickets_whose_sender_proved_the_same_address_merge_case_insensitively(agent, reference_data):
    keep = _proven(_ticket(email="guest@example.com"))
    duplicate = _proven(_ticket(email="GUEST@example.com"))
    services.ticket_merge(source=duplicate, target=keep, actor=agent)
    assert Ticket.objects.get(pk=duplicate.pk).merged_into_id == keep.pk


def test_a_typed_address_never_merges_two_customers(agent, customer, reference_data):
    """The review's leak: a ticket naming Bob's address merged into Bob's, and its sender then read
    Bob's replies. A typed address is a claim: it merges nothing, in either direction."""
    bob_ticket = _ticket(customer)
    impostor = _ticket(email=customer.email)  # a guest typed Bob's address
    for source, target in ((bob_ticket, impostor), (impostor, bob_ticket)):
        with pytest.raises(DomainError) as refused:
            services.ticket_merge(source=source, target=target, actor=agent)
        assert "has not proven their e-mail address" in str(refused.value.message)
    assert not Ticket.objects.filter(merged_into__isnull=False).exists()


def test_two_guest_tickets_with_the_same_unproven_address_do_not_merge(agent, reference_data):
    with pytest.raises(DomainError):
        services.ticket_merge(
            source=_ticket(email="guest@example.com"), target=_ticket(email="guest@example.com"), actor=agent
        )


def test_a_proven_guest_ticket_merges_into_the_account_of_the_same_verified_address(agent, customer):
    customer.email_verified_at = timezone.now()
    customer.save()
    account_ticket = _ticket(customer)
    guest = _ticket(email=customer.email.upper())
    Ticket.objects.filter(pk=guest.pk).update(contact_verified_at=timezone.now())  # proven, not yet joined
    services.ticket_merge(source=Ticket.objects.get(pk=guest.pk), target=account_ticket, actor=agent)
    assert Ticket.objects.get(pk=guest.pk).merged_into_id == account_ticket.pk


def test_an_account_whose_address_is_not_verified_does_not_own_proven_guest_tickets(agent, customer):
    account_ticket = _ticket(customer)
    guest = _proven(_ticket(email=customer.email))
    with pytest.raises(DomainError) as refused:
        services.ticket_merge(source=guest, target=account_ticket, actor=agent)
    assert "different customers" in str(refused.value.message)


def test_merging_revokes_the_guest_links_of_the_duplicate(agent, reference_data):
    keep = _proven(_ticket(email="guest@example.com"))
    duplicate = _proven(_ticket(email="guest@example.com"))
    version = duplicate.guest_link_version
    services.ticket_merge(source=duplicate, target=keep, actor=agent)
    assert Ticket.objects.get(pk=duplicate.pk).guest_link_version == version + 1


def test_merge_refusals(agent, customer, other_customer):
    source = _ticket(customer)
    with pytest.raises(DomainError):
        services.ticket_merge(source=source, target=source, actor=agent)
    with pytest.raises(DomainError):
        services.ticket_merge(source=source, target=_ticket(other_customer), actor=agent)
    closed = services.ticket_change_status(ticket=_ticket(customer), actor=agent, status=Status.CLOSED)
    with pytest.raises(DomainError):
        services.ticket_merge(source=source, target=closed, actor=agent)
    with pytest.raises(DomainError):
        services.ticket_merge(source=closed, target=source, actor=agent)
    first, second = _ticket(customer), _ticket(customer)
    services.ticket_merge(source=first, target=second, actor=agent)
    # A merged ticket is closed; its target is where the conversation lives now.
    with pytest.raises(DomainError):
        services.ticket_merge(source=source, target=Ticket.objects.get(pk=first.pk), actor=agent)
    source.refresh_from_db()
    assert source.merged_into_id is None and source.status != Status.CLOSED
    assert not source.events.filter(kind=TicketEvent.Kind.MERGED).exists()


# -- customer notes ------------------------------------------------------------------------------


def test_customer_note_add_is_about_the_account(agent, customer):
    note = services.customer_note_add(ticket=_ticket(customer), body="  Calls often.  ", author=agent)
    assert (note.account, note.email, note.body) == (customer, customer.email.lower(), "Calls often.")


def test_customer_note_add_is_about_a_proven_guest_address(agent, reference_data):
    note = services.customer_note_add(ticket=_proven(_ticket(email="Alice@Example.COM")), body="VIP", author=agent)
    assert (note.account, note.email) == (None, "alice@example.com")


def test_customer_note_add_refuses_a_sender_who_only_typed_an_address(agent, reference_data):
    with pytest.raises(DomainError) as refused:
        services.customer_note_add(ticket=_ticket(email="alice@example.com"), body="Confirmed identity", author=agent)
    assert "has not proven their e-mail address" in str(refused.value.message)
    assert not CustomerNote.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_customer_note_add_refuses_empty_or_long(agent, customer, body):
    with pytest.raises(DomainError):
        services.customer_note_add(ticket=_ticket(customer), body=body, author=agent)
    assert not CustomerNote.objects.exists()


# -- canned responses ----------------------------------------------------------------------------


def test_canned_render_fills_known_placeholders_and_leaves_others_visible():
    values = {"customer_name": "Alice", "reference": "SD-7KQ2MX"}
    body = "Hi {{customer_name}}, about {{ reference }}: {{ unknown }} {% load static %} {{ customer_name.upper }}"
    assert canned.render(body, values) == (
        "Hi Alice, about SD-7KQ2MX: {{ unknown }} {% load static %} {{ customer_name.upper }}"
    )
    assert canned.unknown_placeholders("{{ reference }} {{ nope }} {{ zzz }}") == ["nope", "zzz"]


def test_placeholder_values_fall_back_to_the_email_for_guests(agent, reference_data):
    ticket = _ticket(email="satoshi@example.com", network="TRC20")
    values = canned.placeholder_values(ticket=ticket, agent=AgentFactory(first_name="Mia"))
    assert values["customer_name"] == "satoshi"
    assert values["agent_name"] == "Mia" and values["reference"] == ticket.reference
    assert (values["asset"], values["network"]) == ("USDT", "TRC20")


def test_canned_responses_for_picks_language_team_and_active(reference_data, customer):
    frontline = AgentFactory(teams=[_team("frontline")])
    CannedResponse.objects.create(title="Front line only", language="en", body="x", team=_team("frontline"))
    CannedResponse.objects.create(title="Security only", language="en", body="x", team=_team("security"))
    CannedResponse.objects.create(title="Retired", language="en", body="x", active=False)
    CannedResponse.objects.create(title="中文", language="zh-hans", body="您好")
    english = _ticket(customer)
    chinese = _ticket(customer, language="zh-hans")
    titles = set(selectors.canned_responses_for(ticket=english, agent=frontline).values_list("title", flat=True))
    assert "Front line only" in titles and "Security only" not in titles and "Retired" not in titles
    languages = set(selectors.canned_responses_for(ticket=chinese, agent=frontline).values_list("language", flat=True))
    assert languages == {"zh-hans"}


# -- the customer panel --------------------------------------------------------------------------


def test_customer_profile_lists_other_visible_tickets_ratings_and_notes(reference_data, customer):
    customer.email_verified_at = timezone.now()
    customer.save()
    frontline = AgentFactory(teams=[_team("frontline")])
    current = _ticket(customer)
    other = _ticket(customer)
    proven_guest = _proven(_ticket(email="someone.else@example.com"))
    Ticket.objects.filter(pk=proven_guest.pk).update(contact_email=customer.email.upper(), requester=None)
    claimed = _ticket(email=customer.email.upper())  # a guest typed the same address: not proven
    hidden = _ticket(customer)
    Ticket.objects.filter(pk=hidden.pk).update(team=_team("security"))
    stranger = _ticket(email="someone-else@example.com")
    Feedback.objects.create(ticket=other, rating=5)
    Feedback.objects.create(ticket=hidden, rating=3)
    Feedback.objects.create(ticket=claimed, rating=1)  # not this customer's rating
    services.customer_note_add(ticket=current, body="Knows the product well.", author=frontline)

    profile = selectors.customer_profile(ticket=current, user=frontline)
    assert set(profile.tickets) == {other, Ticket.objects.get(pk=proven_guest.pk)}
    assert hidden not in profile.tickets and stranger not in profile.tickets
    assert profile.ticket_count == 2
    assert profile.claimed == [claimed], "the same typed address is listed apart, as a claim"
    assert profile.rating_average == 4  # every rating the customer gave...
    assert [r.ticket for r in profile.ratings] == [other]  # ...but only visible tickets are listed
    assert [n.body for n in profile.notes] == ["Knows the product well."]


def test_the_profile_of_a_sender_who_only_typed_bobs_address_shows_nothing_of_bob(reference_data, customer):
    frontline = AgentFactory(teams=[_team("frontline")])
    bob_ticket = _ticket(customer)
    Feedback.objects.create(ticket=bob_ticket, rating=5)
    services.customer_note_add(ticket=bob_ticket, body="Identity confirmed on a video call.", author=frontline)
    impostor = _ticket(email=customer.email)

    profile = selectors.customer_profile(ticket=impostor, user=frontline)
    assert profile.identity is None
    assert profile.tickets == [] and profile.notes == [] and profile.rating_count == 0
    assert profile.claimed == [bob_ticket], "shown only as a claim, apart"

    bobs = selectors.customer_profile(ticket=bob_ticket, user=frontline)
    assert bobs.tickets == [] and bobs.claimed == [impostor]


# -- assignment notifications --------------------------------------------------------------------


def test_assigning_a_colleague_notifies_them_but_taking_it_yourself_does_not(agent, customer):
    ticket = _ticket(customer)
    colleague = AgentFactory()
    services.ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    assert not Notification.objects.filter(kind="assigned").exists()
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    assert Notification.objects.filter(kind="assigned", recipient=colleague, ticket=ticket).count() == 1


# -- presence ------------------------------------------------------------------------------------


def test_presence_lists_other_fresh_viewers_only(reference_data):
    me, kim, old = (AgentFactory(first_name=n, last_name="X") for n in ("Me", "Kim", "Old"))
    presence.presence_touch(ticket_id=1, user=old, now=1000.0)
    presence.presence_touch(ticket_id=1, user=kim, now=1000.0 + presence.PRESENCE_SECONDS)
    presence.presence_touch(ticket_id=1, user=me, now=1001.0 + presence.PRESENCE_SECONDS)
    now = 1001.0 + presence.PRESENCE_SECONDS
    assert presence.other_viewers(ticket_id=1, user=me, now=now) == ["Kim X"]
    assert presence.other_viewers(ticket_id=2, user=me, now=now) == []
    later = now + presence.PRESENCE_SECONDS  # Kim's last poll is now too old to count
    assert presence.other_viewers(ticket_id=1, user=me, now=later) == []
