"""The queue's ordering, ready views (tabs), filters and search, and hostile search and filter input."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import AgentFactory
from tests.tickets.admin._queue_helpers import QUEUE, _refs, _rows, _supervisor, _team, _ticket
from tickets.models import Priority, Status, Tag, Ticket

pytestmark = pytest.mark.django_db


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
