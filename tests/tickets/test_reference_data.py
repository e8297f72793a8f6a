"""What production loads (``manage.py load_reference_data``, run by docker compose's migrate service):
the desk's reference data and staff groups, and nothing of the demo."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from tickets import roles
from tickets.models import CannedResponse, PriorityRule, SlaPolicy, Team, Ticket, TicketType

pytestmark = pytest.mark.django_db


def test_reference_data_is_everything_production_needs_and_nothing_of_the_demo():
    call_command("load_reference_data")
    assert sorted(Team.objects.values_list("tier", flat=True)) == [1, 2, 3]
    assert TicketType.objects.count() == 7 and PriorityRule.objects.exists()
    assert set(SlaPolicy.objects.values_list("name", flat=True)) == {
        "Urgent",
        "High",
        "Normal",
        "Low",
        "Fallback (any ticket)",
    }
    agents = Group.objects.get(name=roles.AGENTS_GROUP)
    supervisors = Group.objects.get(name=roles.SUPERVISORS_GROUP)
    assert agents.permissions.filter(codename="change_ticket").exists()
    assert supervisors.permissions.filter(codename="change_article").exists()
    assert not agents.permissions.filter(codename="change_article").exists()
    # No logins, tickets, canned responses or demo policy in production.
    assert not get_user_model().objects.exists() and not Ticket.objects.exists()
    assert not CannedResponse.objects.exists() and not SlaPolicy.objects.filter(name__startswith="Demo").exists()


def test_loading_twice_changes_nothing_and_keeps_an_admins_edits():
    call_command("load_reference_data")
    Team.objects.filter(slug="security").update(email="soc@example.com")
    counts = [model.objects.count() for model in (Team, TicketType, SlaPolicy, PriorityRule, Group)]
    call_command("load_reference_data")
    assert [model.objects.count() for model in (Team, TicketType, SlaPolicy, PriorityRule, Group)] == counts
    assert Team.objects.get(slug="security").email == "soc@example.com"


def test_the_demo_adds_its_own_content_on_top():
    call_command("seed_demo")
    assert CannedResponse.objects.filter(language="zh-hans").exists()
    assert SlaPolicy.objects.filter(name__startswith="Demo", active=False).exists()
    from safety.models import OfficialChannel

    assert OfficialChannel.objects.filter(kind="web", value="supportdesk.com").exists()
    customer = get_user_model().objects.get(username="customer@example.com")
    assert customer.email_verified_at is not None, "the demo customer's address is proven"
