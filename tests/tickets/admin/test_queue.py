"""The queue (the ticket changelist, its own view): ordering, ready views, filters and the sidebar,
search, hostile input, pagination, the constant query count, roles, and the bulk actions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_ticket
from tickets.admin import queue_page
from tickets.models import (
    CannedResponse,
    Notification,
    Priority,
    PriorityRule,
    SlaPolicy,
    Status,
    Tag,
    Team,
    Ticket,
    TicketEvent,
    TicketType,
    Tier,
)
from tickets.roles import supervisors_group

pytestmark = pytest.mark.django_db

QUEUE = "/admin/tickets/ticket/"


def _team(slug: str) -> Team:
    return Team.objects.get(slug=slug)


def _ticket(**fields) -> Ticket:
    """A ticket through the services; its deadline is set directly (the queue's tests travel in time)."""
    deadline = {"sla_due": fields.pop("sla_due")} if "sla_due" in fields else {}
    fields.setdefault("team", _team("frontline"))
    ticket = make_ticket(**fields)
    if deadline:
        Ticket.objects.filter(pk=ticket.pk).update(**deadline)
        ticket.refresh_from_db()
    return ticket


def _rows(client, query="") -> list[str]:
    """References shown in the queue, in order."""
    response = client.get(QUEUE + query)
    assert response.status_code == 200, response.status_code
    return [row["reference"] for row in response.context["page"].rows]


def _refs(client, query="") -> set[str]:
    return set(_rows(client, query))


def _supervisor():
    user = UserFactory(username="supervisor1", is_staff=True)
    user.groups.add(supervisors_group())
    return user


# -- ordering and ready views ---------------------------------------------------------------------


def test_default_order_is_nearest_deadline_first_and_no_deadline_last(client, agent):
    now = timezone.now()
    none_first_id = _ticket(sla_due=None)  # created first: lowest id, still shown last
    late = _ticket(sla_due=now + timedelta(hours=5))
    overdue = _ticket(sla_due=now - timedelta(minutes=10))
    soon = _ticket(sla_due=now + timedelta(minutes=20))
    client.force_login(agent)
    assert _rows(client) == [overdue.reference, soon.reference, late.reference, none_first_id.reference]


def test_ready_views_each_select_their_tickets(client, agent):
    now = timezone.now()
    other = AgentFactory()
    mine = _ticket(assignee=agent, status=Status.OPEN, sla_due=now + timedelta(hours=3))
    mine_solved = _ticket(assignee=agent, status=Status.SOLVED)
    unassigned = _ticket(status=Status.NEW, sla_due=now + timedelta(hours=3))
    theirs = _ticket(assignee=other, status=Status.OPEN, sla_due=now + timedelta(hours=3))
    breaching = _ticket(assignee=other, status=Status.OPEN, sla_due=now + timedelta(minutes=30))
    escalated = _ticket(assignee=other, status=Status.OPEN, team=_team("specialists"), sla_due=now + timedelta(hours=3))
    waiting = _ticket(assignee=other, status=Status.PENDING)
    client.force_login(agent)

    assert _refs(client, "?view=mine") == {mine.reference}
    assert _refs(client, "?view=unassigned") == {unassigned.reference}
    assert _refs(client, "?view=breaching") == {breaching.reference}
    assert _refs(client, "?view=escalated") == {escalated.reference}
    assert _refs(client, "?view=waiting") == {waiting.reference}
    everything = _refs(client)
    assert {mine_solved.reference, theirs.reference} <= everything


def test_unassigned_view_is_the_agents_teams_for_agents_and_everything_for_a_teamless_supervisor(
    client, reference_data
):
    frontline = AgentFactory(teams=[_team("frontline")])
    specialist_agent = AgentFactory(teams=[_team("specialists")])
    ours = _ticket(team=_team("frontline"))
    unrouted = _ticket(team=None)
    theirs = _ticket(team=_team("specialists"))
    secret = _ticket(team=_team("security"))
    client.force_login(frontline)
    assert _refs(client, "?view=unassigned") == {ours.reference, unrouted.reference}
    client.force_login(specialist_agent)
    assert _refs(client, "?view=unassigned") == {theirs.reference, unrouted.reference}
    client.force_login(_supervisor())
    assert _refs(client, "?view=unassigned") == {ours.reference, unrouted.reference, theirs.reference, secret.reference}


def test_column_headers_keep_their_capitals(client, agent):
    _ticket()
    client.force_login(agent)
    page = client.get(QUEUE).content.decode()
    assert '<th scope="col" class="column-sla_state"><div class="text"><span>SLA</span>' in page
    assert "<span>Last update</span>" in page


def test_ready_views_are_offered_as_tabs(client, agent):
    client.force_login(agent)
    page = client.get(QUEUE).content.decode()
    for label in ("My open tickets", "Unassigned in my teams", "Breaching soon", "Escalated", "Waiting on customer"):
        assert label in page


def test_sort_by_update_or_creation_keeps_the_filters(client, agent):
    now = timezone.now()
    old = _ticket(priority=Priority.HIGH, sla_due=now + timedelta(minutes=5))
    new = _ticket(priority=Priority.HIGH, sla_due=now + timedelta(hours=5))
    other = _ticket(priority=Priority.LOW)
    Ticket.objects.filter(pk=old.pk).update(updated_at=now - timedelta(days=2), created_at=now - timedelta(days=3))
    Ticket.objects.filter(pk=new.pk).update(updated_at=now, created_at=now - timedelta(hours=1))
    client.force_login(agent)
    high = "?priority__exact=high"
    assert _rows(client, high) == [old.reference, new.reference]
    assert _rows(client, high + "&sort=updated") == [new.reference, old.reference]
    assert _rows(client, high + "&sort=newest") == [new.reference, old.reference]
    assert _rows(client, high + "&sort=oldest") == [old.reference, new.reference]
    assert other.reference not in _rows(client, high + "&sort=oldest")
    assert _rows(client, high + "&sort=%00nope") == [old.reference, new.reference]  # unknown: the default
    page = client.get(QUEUE + high + "&sort=updated").content.decode()
    assert '<strong aria-current="true">Recently updated</strong>' in page
    assert 'href="?priority__exact=high">Nearest deadline</a>' in page
    assert 'href="?priority__exact=high&amp;sort=updated&amp;status__exact=open"' in page  # the sidebar keeps it


# -- filters -------------------------------------------------------------------------------------


def test_assignee_filter_me_none_and_an_agent(client, agent):
    colleague = AgentFactory()
    mine, nobodys, theirs = _ticket(assignee=agent), _ticket(), _ticket(assignee=colleague)
    client.force_login(agent)
    assert _refs(client, "?assignee=me") == {mine.reference}
    assert _refs(client, "?assignee=none") == {nobodys.reference}
    assert _refs(client, f"?assignee={colleague.pk}") == {theirs.reference}


def test_tag_filter(client, agent):
    tagged, plain = _ticket(), _ticket()
    tagged.tags.add(Tag.objects.create(name="chargeback"))
    client.force_login(agent)
    assert _refs(client, "?tag=chargeback") == {tagged.reference}
    assert plain.reference in _refs(client)


def test_sla_filters_due_within_the_hour_and_overdue(client, agent):
    now = timezone.now()
    within = _ticket(sla_due=now + timedelta(minutes=40))
    later = _ticket(sla_due=now + timedelta(hours=3))
    overdue = _ticket(sla_due=now - timedelta(minutes=1))
    client.force_login(agent)
    assert _refs(client, "?sla=hour") == {within.reference}
    assert _refs(client, "?sla=overdue") == {overdue.reference}
    assert later.reference in _refs(client)


def test_field_filters_status_priority_team_tier(client, agent):
    urgent = _ticket(priority=Priority.URGENT, status=Status.OPEN)
    low = _ticket(priority=Priority.LOW, status=Status.PENDING)
    security = _ticket(team=_team("security"))
    client.force_login(agent)
    assert _refs(client, "?priority__exact=urgent") == {urgent.reference}
    assert _refs(client, "?status__exact=pending") == {low.reference}
    assert _refs(client, f"?team__id__exact={security.team_id}") == {security.reference}
    assert _refs(client, "?tier__exact=3") == {security.reference}


# -- search --------------------------------------------------------------------------------------


def test_search_by_reference_email_phone_transaction_and_title(client, agent):
    target = _ticket(
        title="Deposit never arrived on TRC20",
        contact_email="Alice.Chen@Example.com",
        contact_phone="+442079460958",
        transaction_id="0x9f2c4e1ab37d55e0c1f0aa11bb22cc33",
    )
    other = _ticket(title="Cannot sign in", contact_email="bob@example.com", contact_phone="+14155550123")
    client.force_login(agent)

    assert _refs(client, f"?q={target.reference.lower()}") == {target.reference}
    assert _refs(client, "?q=alice.chen%40example.COM") == {target.reference}
    assert _refs(client, "?q=%2B44+20+7946+0958") == {target.reference}  # as an agent types it, with spaces
    assert _refs(client, "?q=0x9f2c4e1ab37d55e0c1f0aa11bb22cc33") == {target.reference}
    assert _refs(client, "?q=never+arrived") == {target.reference}
    assert _refs(client, "?q=sign") == {other.reference}


@pytest.mark.parametrize(
    "query",
    [
        "?q=" + "x" * 5000,
        "?q=%25",
        "?q=_",
        "?q=%27%22%3B--",
        "?q=%00",
        "?q=abc%00def",
        "?q=%2B%00",
        "?q=%2B999",
        "?view=nope",
        "?sla=nope",
        "?assignee=nope",
        "?assignee=99999999999999999999999999",
        "?assignee=%00",
        "?assignee=%C2%B2",
        "?tag=" + "t" * 3000,
        "?tag=%00",
        "?status__exact=nope",
        "?tier__exact=abc",
        "?team__id__exact=abc",
        "?p=abc",
        "?p=999999",
        "?o=99",
        "?unknown_field=1",
    ],
)
def test_hostile_search_and_filter_input_never_errors(client, agent, query):
    _ticket(title="Withdrawal 100% stuck_here")
    client.force_login(agent)
    response = client.get(QUEUE + query)
    # A value no filter offers is ignored: the page is the queue without that filter.
    assert response.status_code == 200, response.status_code


def test_search_percent_and_underscore_are_literal(client, agent):
    literal = _ticket(title="Fee 100% refunded")
    _ticket(title="Fee 1000 refunded")
    client.force_login(agent)
    assert _refs(client, "?q=100%25") == {literal.reference}
    assert _refs(client, "?q=0_r") == set()


# -- query count and pagination ------------------------------------------------------------------


def _varied_tickets(count: int) -> None:
    teams = list(Team.objects.order_by("id"))
    types = list(TicketType.objects.order_by("id"))
    agents = [AgentFactory(teams=[teams[i % len(teams)]]) for i in range(3)]
    requesters = [UserFactory() for _ in range(4)]
    tags = [Tag.objects.get_or_create(name=f"tag{i}")[0] for i in range(3)]
    now = timezone.now()
    for i in range(count):
        ticket = _ticket(
            type_slug=types[i % len(types)].slug,
            team=teams[i % len(teams)],
            assignee=agents[i % len(agents)] if i % 4 else None,
            requester=requesters[i % len(requesters)] if i % 5 else None,
            sla_due=now + timedelta(minutes=i) if i % 6 else None,
            priority=list(Priority.values)[i % 4],
        )
        ticket.tags.add(tags[i % len(tags)])


def _queue_queries(client, query="") -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE + query)
    assert response.status_code == 200
    return len(queries), len(response.context["page"].rows)


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_queue_query_count_does_not_grow_with_the_rows(client, agent, role):
    user = agent if role == "agent" else _supervisor()
    client.force_login(user)
    _varied_tickets(100)
    client.get(QUEUE)  # warm the session and the per-process snapshots
    full, shown = _queue_queries(client)
    assert shown == 100
    _varied_tickets(60)  # new agents too: the staff snapshot reloads once, on the next page
    client.get(QUEUE)
    more, shown = _queue_queries(client)
    assert shown == 100
    assert full == more
    assert more <= 9  # session, user, 2 × permissions, teams, supervisor group, page, capped count
    assert _queue_queries(client, "?p=2") == (full, 60)


def test_a_first_page_that_is_not_full_needs_no_count(client, agent):
    client.force_login(agent)
    _varied_tickets(5)
    client.get(QUEUE)
    few, shown = _queue_queries(client)
    assert shown == 5
    _varied_tickets(100)
    client.get(QUEUE)
    full, shown = _queue_queries(client)
    assert shown == 100
    assert full == few + 1  # the capped count


def test_pages_and_a_page_past_the_end_shows_the_last(client, agent, monkeypatch):
    monkeypatch.setattr(queue_page, "PER_PAGE", 2)
    now = timezone.now()
    tickets = [_ticket(sla_due=now + timedelta(minutes=i)) for i in range(5)]
    client.force_login(agent)
    assert _rows(client) == [t.reference for t in tickets[:2]]
    assert _rows(client, "?p=2") == [t.reference for t in tickets[2:4]]
    assert _rows(client, "?p=3") == [tickets[4].reference]
    assert _rows(client, "?p=99") == [tickets[4].reference]
    page = client.get(QUEUE + "?priority__exact=high&p=2").content.decode()  # a withdrawal is high
    assert 'href="?priority__exact=high&amp;p=3"' in page
    assert "5 tickets" in page


def test_capped_count_says_more_than_when_the_cap_is_exceeded(client, agent, monkeypatch):
    monkeypatch.setattr(queue_page, "PER_PAGE", 2)
    monkeypatch.setattr(queue_page, "COUNT_CAP", 3)
    for _ in range(5):
        _ticket()
    client.force_login(agent)
    page = client.get(QUEUE).content.decode()
    assert "More than 3 tickets match" in page

    monkeypatch.setattr(queue_page, "COUNT_CAP", 10)
    page = client.get(QUEUE).content.decode()
    assert "More than" not in page and "5 tickets" in page


def test_sidebar_offers_each_filter_keeps_the_others_and_marks_the_choice(client, agent):
    colleague = AgentFactory(first_name="Mei", last_name="Lin")
    _ticket(assignee=colleague).tags.add(Tag.objects.create(name="chargeback"))
    client.force_login(agent)
    page = client.get(QUEUE + "?view=mine&priority__exact=urgent").content.decode()
    sidebar = page[page.index('id="changelist-filter"') :]
    assert "Mei Lin" in sidebar and "chargeback" in sidebar
    assert 'href="?view=mine&amp;priority__exact=urgent&amp;tag=chargeback"' in sidebar
    assert '<li class="selected"><a href="?view=mine&amp;priority__exact=urgent">Urgent</a>' in sidebar
    assert 'href="?view=mine">All</a>' in sidebar  # "All" drops only this filter
    assert "Clear all filters" in sidebar
    assert "By view" not in sidebar  # the ready views are the tabs


def test_sidebar_lists_a_new_tag_and_agent_at_once(client, agent):
    client.force_login(agent)
    client.get(QUEUE)  # the snapshot is taken
    Tag.objects.create(name="fresh-tag")
    AgentFactory(first_name="Newly", last_name="Hired")
    page = client.get(QUEUE).content.decode()
    assert "fresh-tag" in page and "Newly Hired" in page


def test_rows_name_an_assignee_who_has_left_the_desk(client, agent):
    former = AgentFactory(first_name="Former", last_name="Colleague")
    ticket = _ticket(assignee=former)
    former.is_active = False
    former.save()
    client.force_login(agent)
    page = client.get(QUEUE).content.decode()
    row = page[page.index(ticket.reference) :]
    assert "Former Colleague" in row[: row.index("</tr>")]


def test_a_filter_choice_and_a_title_are_escaped(client, agent):
    _ticket(title="<script>alert(1)</script>").tags.add(Tag.objects.create(name='"><b>x'))
    client.force_login(agent)
    page = client.get(QUEUE).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '"><b>x' not in page


# -- roles ---------------------------------------------------------------------------------------


def test_frontline_agent_cannot_see_or_act_on_a_security_ticket(client, reference_data):
    frontline = AgentFactory(teams=[_team("frontline")])
    secret = _ticket(team=_team("security"), title="Account takeover")
    visible = _ticket(team=_team("frontline"))
    client.force_login(frontline)

    refs = _refs(client)
    assert visible.reference in refs and secret.reference not in refs
    change = client.get(f"{QUEUE}{secret.pk}/change/")
    assert change.status_code in (302, 404)
    if change.status_code == 302:
        assert secret.reference not in change["Location"]
    for endpoint in ("reply", "assign-me", "tier", "merge", "tags", "customer-note"):
        response = client.post(
            f"{QUEUE}{secret.pk}/{endpoint}/",
            {"body": "x", "seen_message": 0, "reason": "x", "direction": "up", "target": "SD-222222", "add": "x"},
        )
        assert response.status_code == 404, endpoint
    assert client.get(f"{QUEUE}{secret.pk}/activity/").status_code in (403, 404)
    assert not secret.messages.exists()
    secret.refresh_from_db()
    assert secret.assignee_id is None and secret.tier == Tier.SECURITY

    # Bulk actions only reach tickets the agent can see.
    client.post(
        QUEUE,
        {"action": "set_priority_selected", "_selected_action": [secret.pk], "confirm": "1", "priority": "low"},
    )
    secret.refresh_from_db()
    assert secret.priority != Priority.LOW


def test_agent_sees_a_ticket_assigned_to_them_in_another_team(client, reference_data):
    frontline = AgentFactory(teams=[_team("frontline")])
    assigned = _ticket(team=_team("security"), assignee=frontline)
    client.force_login(frontline)
    assert assigned.reference in _refs(client)
    assert client.get(f"{QUEUE}{assigned.pk}/change/").status_code == 200


def test_supervisor_sees_every_ticket_and_the_reports_agents_do_not(client, reference_data):
    frontline = AgentFactory(teams=[_team("frontline")])
    secret = _ticket(team=_team("security"))
    supervisor = _supervisor()

    client.force_login(supervisor)
    assert secret.reference in _refs(client)
    assert client.get(f"{QUEUE}{secret.pk}/change/").status_code == 200
    assert client.get(f"{QUEUE}reports/").status_code == 200
    assert "Reports" in client.get(QUEUE).content.decode()

    client.force_login(frontline)
    assert client.get(f"{QUEUE}reports/").status_code == 403


def _config_objects():
    CannedResponse.objects.get_or_create(title="Hello", language="en", defaults={"body": "Hi {{ customer_name }}"})
    return {
        "slapolicy": SlaPolicy.objects.order_by("id").first(),
        "priorityrule": PriorityRule.objects.order_by("id").first(),
        "team": Team.objects.order_by("id").first(),
        "cannedresponse": CannedResponse.objects.order_by("id").first(),
    }


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_only_admins_edit_desk_configuration(client, agent, role):
    user = agent if role == "agent" else _supervisor()
    client.force_login(user)
    for model, obj in _config_objects().items():
        base = f"/admin/tickets/{model}/"
        assert client.get(base).status_code == 200, model  # readable with the view permission
        assert client.get(f"{base}add/").status_code == 403, model
        assert client.post(f"{base}add/", {"name": "x", "title": "x"}).status_code == 403, model
        change = client.get(f"{base}{obj.pk}/change/")
        assert change.status_code == 200 and 'name="_save"' not in change.content.decode(), model  # read-only
        assert client.post(f"{base}{obj.pk}/change/", {"name": "changed"}).status_code == 403, model
        assert client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403, model


def test_superuser_can_edit_desk_configuration(client, reference_data):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    for model in _config_objects():
        base = f"/admin/tickets/{model}/"
        assert client.get(f"{base}add/").status_code == 200, model
    canned = CannedResponse.objects.order_by("id").first()
    page = client.get(f"/admin/tickets/cannedresponse/{canned.pk}/change/").content.decode()
    assert 'name="_save"' in page


# -- bulk actions --------------------------------------------------------------------------------


def _bulk(client, action: str, tickets, **values):
    return client.post(
        QUEUE, {"action": action, "_selected_action": [t.pk for t in tickets], "confirm": "1", **values}, follow=True
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_bulk_assign_to_me_nobody_and_a_colleague(client, agent):
    colleague = AgentFactory()
    first, second = _ticket(), _ticket()
    client.force_login(agent)

    # Without confirm=1 the intermediate page asks for the value and changes nothing.
    form = client.post(QUEUE, {"action": "assign_selected", "_selected_action": [first.pk, second.pk]})
    assert form.status_code == 200 and first.reference in form.content.decode()
    assert not Ticket.objects.filter(assignee__isnull=False).exists()

    _bulk(client, "assign_selected", [first, second], assignee="me")
    assert set(Ticket.objects.values_list("assignee_id", flat=True)) == {agent.pk}
    _bulk(client, "assign_selected", [first], assignee=str(colleague.pk))
    first.refresh_from_db()
    assert first.assignee_id == colleague.pk
    assert Notification.objects.filter(ticket=first, kind="assigned", recipient=colleague).exists()
    _bulk(client, "assign_selected", [first, second], assignee="none")
    assert not Ticket.objects.filter(assignee__isnull=False).exists()
    assert TicketEvent.objects.filter(ticket=first, kind=TicketEvent.Kind.ASSIGNED).count() == 3


def test_bulk_assign_refuses_an_unknown_assignee(client, agent):
    ticket = _ticket()
    client.force_login(agent)
    response = _bulk(client, "assign_selected", [ticket], assignee="999999")
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.assignee_id is None


def test_bulk_status_reports_the_refused_ticket_and_changes_the_others(client, agent):
    closed = _ticket(status=Status.CLOSED)
    fresh, another = _ticket(status=Status.NEW), _ticket(status=Status.NEW)
    client.force_login(agent)
    response = _bulk(client, "set_status_selected", [closed, fresh, another], status="pending")
    texts = _messages(response)
    assert any("2 ticket(s) changed" in text for text in texts)
    assert any(closed.reference in text for text in texts)
    for ticket in (fresh, another):
        ticket.refresh_from_db()
        assert ticket.status == Status.PENDING
        assert ticket.events.filter(kind=TicketEvent.Kind.STATUS, actor=agent).exists()
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED


def test_bulk_priority(client, agent):
    first, second = _ticket(priority=Priority.LOW), _ticket(priority=Priority.NORMAL)
    client.force_login(agent)
    _bulk(client, "set_priority_selected", [first, second], priority="urgent")
    for ticket in (first, second):
        ticket.refresh_from_db()
        assert ticket.priority == Priority.URGENT
        assert ticket.events.filter(kind=TicketEvent.Kind.PRIORITY, actor=agent).exists()


@pytest.mark.parametrize("selected", ["abc", "9" * 30, "\x00", "\u00b2", "-1"])
def test_bulk_action_with_tampered_ids_changes_nothing(client, agent, selected):
    ticket = _ticket(priority=Priority.LOW)
    client.force_login(agent)
    response = client.post(
        QUEUE,
        {
            "action": "set_priority_selected",
            "_selected_action": [ticket.pk, selected],
            "confirm": "1",
            "priority": "high",
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.priority == Priority.LOW


@pytest.mark.parametrize(
    "posted",
    [
        {},  # a POST that is no action at all
        {"index": "0"},  # "Go" with nothing ticked
        {"index": "abc", "action": "set_priority_selected"},
        {"index": "0", "action": "no_such_action", "_selected_action": ["1"]},
        {"index": "0", "action": "delete_selected", "_selected_action": ["1"]},  # admins only
    ],
)
def test_queue_posts_that_are_not_a_valid_action_change_nothing_and_redirect(client, agent, posted):
    ticket = _ticket(priority=Priority.LOW)
    client.force_login(agent)
    data = {
        key: [str(ticket.pk) if v == "1" else v for v in value] if isinstance(value, list) else value
        for key, value in posted.items()
    }
    response = client.post(QUEUE + "?priority__exact=low", data)
    assert response.status_code == 302
    assert response["Location"].endswith("?priority__exact=low")
    ticket.refresh_from_db()
    assert ticket.priority == Priority.LOW and Ticket.objects.filter(pk=ticket.pk).exists()


def test_a_select_across_that_is_not_a_flag_still_asks_to_confirm_and_changes_nothing(client, agent):
    ticket = _ticket(priority=Priority.LOW)
    client.force_login(agent)
    response = client.post(
        QUEUE + "?priority__exact=low",
        {"index": "0", "action": "set_priority_selected", "select_across": "abc", "_selected_action": [ticket.pk]},
    )
    assert response.status_code == 200
    assert 'name="confirm"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.priority == Priority.LOW


def test_select_across_acts_on_every_ticket_the_filters_match_and_no_other(client, agent):
    low = [_ticket(priority=Priority.LOW) for _ in range(3)]
    normal = _ticket(priority=Priority.NORMAL)
    client.force_login(agent)
    client.post(
        QUEUE + "?priority__exact=low",
        {
            "action": "set_priority_selected",
            "_selected_action": [low[0].pk],
            "select_across": "1",
            "confirm": "1",
            "priority": "high",
        },
    )
    assert set(Ticket.objects.filter(priority=Priority.HIGH).values_list("pk", flat=True)) == {t.pk for t in low}
    normal.refresh_from_db()
    assert normal.priority == Priority.NORMAL


def test_a_view_only_member_of_staff_cannot_run_an_action_by_posting(client, reference_data):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(username="viewer2", is_staff=True)
    _team("frontline").members.add(viewer)
    viewer.user_permissions.add(Permission.objects.get(codename="view_ticket", content_type__app_label="tickets"))
    ticket = _ticket(priority=Priority.LOW)
    client.force_login(viewer)
    response = client.post(
        QUEUE,
        {"action": "set_priority_selected", "_selected_action": [ticket.pk], "confirm": "1", "priority": "high"},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.priority == Priority.LOW


def test_bulk_priority_refuses_an_unknown_value(client, agent):
    ticket = _ticket(priority=Priority.LOW)
    client.force_login(agent)
    response = _bulk(client, "set_priority_selected", [ticket], priority="whenever")
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.priority == Priority.LOW


def test_bulk_tag_adds_tags_and_a_bad_name_changes_nothing(client, agent):
    first, second = _ticket(), _ticket()
    client.force_login(agent)
    _bulk(client, "tag_selected", [first, second], tags="TRC20,  chargeback ")
    for ticket in (first, second):
        assert set(ticket.tags.values_list("name", flat=True)) == {"trc20", "chargeback"}
        assert ticket.events.filter(kind=TicketEvent.Kind.TAGS).count() == 1

    response = _bulk(client, "tag_selected", [first, second], tags="fine, <script>")
    assert response.status_code == 200
    assert "A tag is 1 to 50" in response.content.decode()  # the form shows the error
    assert not Tag.objects.filter(name="fine").exists()
    assert first.events.filter(kind=TicketEvent.Kind.TAGS).count() == 1


def test_bulk_escalate_with_a_reason(client, agent):
    first, second = _ticket(), _ticket()
    client.force_login(agent)
    _bulk(client, "escalate_selected", [first, second], reason="needs on-chain tracing")
    for ticket in (first, second):
        ticket.refresh_from_db()
        assert ticket.tier == Tier.SPECIALISTS
        event = ticket.events.get(kind=TicketEvent.Kind.ESCALATED)
        assert event.after["reason"] == "needs on-chain tracing" and event.actor == agent

    _bulk(client, "deescalate_selected", [first], reason="tracing done")
    first.refresh_from_db()
    assert first.tier == Tier.FRONT_LINE


def test_bulk_escalate_without_a_reason_asks_again(client, agent):
    ticket = _ticket()
    client.force_login(agent)
    response = _bulk(client, "escalate_selected", [ticket], reason="")
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.tier == Tier.FRONT_LINE


def test_a_view_only_member_of_staff_gets_the_queue_without_action_checkboxes(client, reference_data):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(username="viewer", is_staff=True)
    _team("frontline").members.add(viewer)
    viewer.user_permissions.add(Permission.objects.get(codename="view_ticket", content_type__app_label="tickets"))
    ticket = _ticket()
    client.force_login(viewer)
    response = client.get(QUEUE)
    assert response.status_code == 200
    page = response.content.decode()
    assert ticket.reference in page and 'name="_selected_action"' not in page
