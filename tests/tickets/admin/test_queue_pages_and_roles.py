"""The queue page: a constant query count, pagination, the sidebar and rows; what each role may see and edit."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import AgentFactory, UserFactory
from tests.tickets.admin._queue_helpers import QUEUE, _refs, _rows, _supervisor, _team, _ticket
from tickets.admin import queue_page
from tickets.models import CannedResponse, Priority, PriorityRule, SlaPolicy, Tag, Team, TicketType, Tier

pytestmark = pytest.mark.django_db


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


# A page of 30 rows: every type, team, assignee, requester, SLA state, priority and tag of
# ``_varied_tickets`` repeats in it, so a query made per row, per team or per tag would show.
PAGE = 30


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_queue_query_count_does_not_grow_with_the_rows(client, agent, role, monkeypatch):
    monkeypatch.setattr(queue_page, "PER_PAGE", PAGE)
    user = agent if role == "agent" else _supervisor()
    client.force_login(user)
    _varied_tickets(PAGE)
    client.get(QUEUE)  # warm the session and the per-process snapshots
    full, shown = _queue_queries(client)
    assert shown == PAGE
    _varied_tickets(PAGE // 2)  # new agents too: the staff snapshot reloads once, on the next page
    client.get(QUEUE)
    more, shown = _queue_queries(client)
    assert shown == PAGE
    assert full == more
    assert more <= 9  # session, user, 2 × permissions, teams, supervisor group, page, capped count
    assert _queue_queries(client, "?p=2") == (full, PAGE // 2)


def test_a_first_page_that_is_not_full_needs_no_count(client, agent, monkeypatch):
    monkeypatch.setattr(queue_page, "PER_PAGE", PAGE)
    client.force_login(agent)
    _varied_tickets(5)
    client.get(QUEUE)
    few, shown = _queue_queries(client)
    assert shown == 5
    _varied_tickets(PAGE)
    client.get(QUEUE)
    full, shown = _queue_queries(client)
    assert shown == PAGE
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
