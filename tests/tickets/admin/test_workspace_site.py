"""The admin as a workspace (items 7, 8 and 11 of "What customers and agents trip over today"):
its name and landing, an index without configuration for agents, one name per person, articles by
title, seeded names and canned titles in Chinese, the queue's search, one word for a 2FA code."""

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_canned_responses, make_ticket
from tickets import demo, services
from tickets.display import reference_name
from tickets.models import CannedResponse, SlaPolicy, Team
from tickets.roles import supervisors_group

pytestmark = pytest.mark.django_db

QUEUE = "/admin/tickets/ticket/"
CONFIGURATION = ("team", "tickettype", "businesscalendar", "slapolicy", "priorityrule", "cannedresponse", "tag")


@pytest.fixture
def alex(reference_data):
    return AgentFactory(username="agent", first_name="Alex", teams=[Team.objects.get(slug="frontline")])


# -- landing and the index ------------------------------------------------------------------------


def test_staff_land_on_their_queue_after_the_admins_sign_in(alex):
    alex.set_password("pass-for-alex-1")
    alex.save()
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "agent", "password": "pass-for-alex-1", "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    # A page asked for by name is where they go.
    client.logout()
    asked = "/admin/tickets/notification/"
    response = client.post(
        f"/admin/login/?next={asked}", {"username": "agent", "password": "pass-for-alex-1", "next": asked}
    )
    assert response["Location"] == asked


def test_staff_land_on_their_queue_after_the_sites_sign_in_and_customers_on_theirs(alex, customer):
    for user, password in ((alex, "pass-for-alex-1"), (customer, "pass-for-customer-1")):
        user.set_password(password)
        user.save()
    client = Client()
    response = client.post("/en/accounts/signin/", {"username": "agent", "password": "pass-for-alex-1"})
    assert response["Location"] == QUEUE
    client = Client()
    response = client.post("/en/accounts/signin/", {"username": customer.email, "password": "pass-for-customer-1"})
    assert response["Location"] != QUEUE and "/tickets/" in response["Location"]


@pytest.mark.parametrize(
    ("language", "header"), [("en", "Supportdesk · Agent workspace"), ("zh-hans", "Supportdesk · 客服工作台")]
)
def test_the_index_is_named_for_the_workspace_and_leads_with_the_work(client, alex, language, header):
    client.force_login(alex)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert header in page and "Django" not in page.split("<body")[0]
    assert 'rel="icon"' in page
    assert f'href="{QUEUE}?view=mine"' in page and f'href="{QUEUE}?view=unassigned"' in page
    assert "/admin/knowledgebase/article/analytics/" in page
    assert "/admin/tickets/ticket/reports/" not in page  # supervisors only


def test_configuration_is_hidden_from_agents_but_still_readable_by_url(client, alex):
    client.force_login(alex)
    response = client.get("/admin/")
    listed = {model["object_name"].lower() for app in response.context["app_list"] for model in app["models"]}
    assert not listed & set(CONFIGURATION), listed
    assert {"ticket", "notification"} <= listed
    assert client.get("/admin/tickets/").status_code == 200
    for name in CONFIGURATION:
        assert client.get(f"/admin/tickets/{name}/").status_code == 200, name
    policy = SlaPolicy.objects.first()
    page = client.get(f"/admin/tickets/slapolicy/{policy.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_admins_still_find_the_configuration_on_the_index(client, reference_data):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    listed = {m["object_name"].lower() for app in client.get("/admin/").context["app_list"] for m in app["models"]}
    assert set(CONFIGURATION) <= listed


# -- one name per person --------------------------------------------------------------------------


def test_the_queue_its_filter_and_the_ticket_page_name_people_alike(client, alex):
    ticket = make_ticket(team=Team.objects.get(slug="frontline"), assignee=alex)
    services.ticket_reply(ticket=ticket, author=alex, body="On it.")
    client.force_login(alex)
    queue = client.get(QUEUE).content.decode()
    assert '<td class="field-assignee">Alex</td>' in queue
    assert '<a href="?assignee=' in queue and ">Alex</a></li>" in queue
    page = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert f'<option value="{alex.pk}" selected>Alex</option>' in page
    assert ">agent<" not in page


# -- articles, seeded names, canned titles ----------------------------------------------------------


def test_help_articles_are_listed_by_title_in_the_readers_language(client, kb_content, reference_data):
    editor = UserFactory(is_staff=True)
    editor.groups.add(supervisors_group())
    client.force_login(editor)
    english = client.get("/admin/knowledgebase/article/").content.decode()
    rows = client.get("/admin/knowledgebase/article/").context["cl"].result_list
    article = rows[0]
    title_en = article.translations.get(language="en").title
    assert title_en in english
    chinese = client.get("/admin/knowledgebase/article/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert article.translations.get(language="zh-hans").title in chinese


def test_seeded_policy_names_read_in_chinese_and_typed_ones_as_typed(reference_data):
    fallback = SlaPolicy.objects.get(name="Fallback (any ticket)")
    custom = SlaPolicy(name="VIP desk")
    with translation.override("zh-hans"):
        assert reference_name(fallback) == "默认（任意工单）"
        assert reference_name("Urgent") == "紧急"
        assert reference_name(custom) == "VIP desk"
    with translation.override("en"):
        assert reference_name(fallback) == "Fallback (any ticket)"


def test_canned_titles_read_in_the_agents_language_whatever_the_tickets(client, reference_data, customer):
    make_canned_responses()
    agent = AgentFactory(teams=list(Team.objects.all()))
    ticket = make_ticket(customer, language="en")
    client.force_login(agent)
    url = f"/admin/tickets/ticket/{ticket.pk}/change/"
    english = {r["title"] for r in client.get(url).context["canned_responses"]}
    chinese = {r["title"] for r in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").context["canned_responses"]}
    assert "Withdrawal: checking with the network" in english
    assert "提现：正在与网络核实" in chinese
    bodies = CannedResponse.objects.filter(language="en").values_list("body", flat=True)
    assert all("{{ customer_name }}" in body for body in bodies), "the text stays in the ticket's language"


def test_the_demo_says_二次验证码_for_a_2fa_code(reference_data):
    texts = " ".join(body for _title, _language, body in demo.CANNED_RESPONSES)
    assert "两步验证码" not in texts and "二次验证码" in texts
    CannedResponse.objects.create(title="Account secured", language="zh-hans", body="请勿透露两步验证码。")
    demo.seed_demo_content()
    assert "两步" not in CannedResponse.objects.get(title="Account secured", language="zh-hans").body


# -- search -----------------------------------------------------------------------------------------


def _refs(client, term):
    response = client.get(QUEUE, {"q": term})
    assert response.status_code == 200
    return {row["reference"] for row in response.context["page"].rows}


def test_search_finds_a_bare_reference_an_email_by_its_beginning_and_a_title_with_a_typo(client, alex):
    frontline = Team.objects.get(slug="frontline")
    target = make_ticket(title="Withdrawal never arrived", email="lin.wei@example.com", team=frontline)
    other = make_ticket(title="Fee question", email="linda@example.org", team=frontline)
    client.force_login(alex)
    assert _refs(client, target.reference.removeprefix("SD-")) == {target.reference}
    assert _refs(client, target.reference.removeprefix("SD-").lower()) == {target.reference}
    assert _refs(client, "lin.wei@") == {target.reference}
    assert _refs(client, "lin.w") == {target.reference}
    assert _refs(client, "LIN.WEI@EXAMPLE") == {target.reference}
    assert _refs(client, "withdrawl") == {target.reference}  # a typo
    assert _refs(client, "arrived withdrawal") == {target.reference}  # words in any order
    assert _refs(client, "fee") == {other.reference}
    assert _refs(client, "lin.wei@example.org") == set()


def test_the_workspace_speaks_chinese():
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("zh-hans"):
        assert gettext("Supportdesk · Agent workspace") == "Supportdesk · 客服工作台"
        assert gettext("Send and solve") == "发送并标记为已解决"
        assert gettext("Two-factor sign-in") == "二次验证登录"
