import pytest
from django.core.management import call_command

from tickets import refdata
from tickets.models import SlaPolicy, Team, Ticket, TicketType

CONTRACT_TYPES = {"deposit_withdrawal", "trading", "account_security", "account_access", "verification", "api", "other"}


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_keeps_admin_edits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    TicketType.objects.filter(slug="other").update(name_en="Something else")
    refdata.invalidate()  # .update() sends no signal
    counts = (Ticket.objects.count(), TicketType.objects.count(), Team.objects.count())
    call_command("seed_demo")
    assert (Ticket.objects.count(), TicketType.objects.count(), Team.objects.count()) == counts
    assert TicketType.objects.get(slug="other").name_en == "Something else"


@pytest.mark.django_db
def test_seed_demo_loads_the_contract_vocabulary():
    call_command("seed_demo")
    assert set(TicketType.objects.values_list("slug", flat=True)) == CONTRACT_TYPES
    assert TicketType.objects.get(slug="deposit_withdrawal").name_zh_hans == "充值与提现"
    assert sorted(Team.objects.values_list("tier", flat=True)) == [1, 2, 3]
    minutes = {
        tuple(p.priorities): (p.first_response_target.total_seconds() // 60, p.resolution_target.total_seconds() // 60)
        for p in SlaPolicy.objects.filter(active=True)
    }
    assert minutes == {
        ("urgent",): (15, 240),
        ("high",): (60, 1440),
        ("normal",): (240, 4320),
        ("low",): (1440, 10080),
        (): (240, 4320),  # the fallback
    }
    deposit = TicketType.objects.get(slug="deposit_withdrawal")
    assert {"transaction_id", "asset", "network", "amount", "occurred_at"} <= set(deposit.fields)
    assert Ticket.objects.filter(language="zh-hans").exists() and Ticket.objects.filter(language="en").exists()


@pytest.mark.django_db
def test_demo_logins_work(client):
    call_command("seed_demo")
    from tickets.demo import DEMO_PASSWORDS

    assert client.login(username="agent", password=DEMO_PASSWORDS["agent"])
    assert client.get("/admin/tickets/ticket/").status_code == 200
