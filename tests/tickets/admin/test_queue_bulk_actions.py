"""The queue's bulk actions: assign, status, priority, tags, escalate; tampered ids, non-actions and select-across."""

import pytest

from tests.factories import AgentFactory, UserFactory
from tests.tickets.admin._queue_helpers import QUEUE, _team, _ticket
from tickets.models import Notification, Priority, Status, Tag, Ticket, TicketEvent, Tier

pytestmark = pytest.mark.django_db


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
