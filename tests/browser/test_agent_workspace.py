"""Issue 4, end to end in a real browser: an agent signs in to the admin (password, then TOTP
enrolment), narrows the queue, opens a customer's ticket, answers with a canned response and adds
an internal note; the customer, signed in on the site, reads the answer and never the note.

Marked ``browser`` only, not ``integration``: nothing here needs Redis or a Celery worker, so it
runs in both passes (SQLite and PostgreSQL).
"""

import base64
import re
from decimal import Decimal

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_canned_responses, make_ticket
from tickets import services
from tickets.models import Message, Status, Team

pytestmark = [pytest.mark.browser]

AGENT_PASSWORD = "agent-pass-4-workspace"
CUSTOMER_PASSWORD = "customer-pass-4-workspace"
CANNED_TITLE = "Withdrawal: checking with the network"

CASES = {
    "en": {
        "customer_name": ("Lin", "Chen"),
        "greeting": "Hi Lin Chen,",
        "title": "USDT withdrawal pending since this morning",
        "description": "I withdrew 500 USDT on TRC20 at 09:00 and it still shows pending.",
        "rendered": "We are checking your USDT withdrawal on TRC20 with the network",
        # The agent's own touch on the canned text, and what the customer must then read.
        "edit": ("within the hour", "within 30 minutes"),
        "reply_fragment": "will update you within 30 minutes",
    },
    "zh-hans": {
        "customer_name": ("王芳", ""),
        "greeting": "王芳，您好：",
        "title": "USDT 提现从早上一直处理中",
        "description": "我在 09:00 通过 TRC20 提现了 500 USDT，状态一直是处理中。",
        "rendered": "我们正在与网络核实您在 TRC20 上的 USDT 提现",
        "edit": ("将在一小时内告知进展", "将在 30 分钟内告知进展"),
        "reply_fragment": "将在 30 分钟内告知进展",
    },
}
INTERNAL_NOTE = "Node check: TRC20 congested since 08:40; do not promise a time yet."


def _ticket(*, title, type_slug, email, language, requester=None, description="Details below.", **facts):
    return make_ticket(
        requester, type_slug=type_slug, email=email, language=language, title=title, description=description, **facts
    )


@pytest.fixture
def desk(reference_data, settings, request):
    """A front-line agent, a customer with an account and their ticket, and tickets around it that
    each filter step must drop."""
    settings.STAFF_2FA_REQUIRED = True
    make_canned_responses()
    language = request.param
    case = CASES[language]
    frontline = Team.objects.get(slug="frontline")
    agent = AgentFactory(username="mei", first_name="Mei", password=AGENT_PASSWORD, teams=[frontline])
    colleague = AgentFactory(username="jo", first_name="Jo", teams=[frontline])
    first, last = case["customer_name"]
    customer = UserFactory(
        username="lin@example.com", first_name=first, last_name=last, password=CUSTOMER_PASSWORD, language=language
    )
    ticket = _ticket(
        title=case["title"],
        description=case["description"],
        type_slug="deposit_withdrawal",
        email=customer.email,
        language=language,
        requester=customer,
        asset="USDT",
        network="TRC20",
        amount=Decimal("500"),
        transaction_id="9f3c1a7e5b2d4c6a8e0f",
    )
    others = _tickets_each_filter_drops(language, colleague)
    normal, security = others["normal"], others["security"]
    assert ticket.team == frontline and ticket.priority == "high" and ticket.assignee is None
    assert normal.team == frontline and normal.priority == "normal"
    assert security.team.slug == "security"
    return {
        "language": language,
        "case": case,
        "agent": agent,
        "customer": customer,
        "ticket": ticket,
        "others": others,
    }


def _tickets_each_filter_drops(language, colleague):
    """The tickets around the customer's, each dropped by one step of the agent's narrowing."""
    # Unassigned in the agent's team but only of normal priority: the priority filter drops it.
    normal = _ticket(title="Fee on a limit order", type_slug="trading", email="trader@example.net", language=language)
    # High priority in the team, but a colleague has it: "Unassigned in my teams" drops it.
    taken = _ticket(
        title="ETH deposit not credited",
        type_slug="deposit_withdrawal",
        email="eth@example.net",
        language=language,
        asset="ETH",
    )
    services.ticket_assign(ticket=taken, actor=colleague, assignee=colleague)
    # High priority, unassigned, but solved: not active, so the ready view drops it.
    solved = _ticket(
        title="BTC withdrawal arrived late",
        type_slug="deposit_withdrawal",
        email="btc@example.net",
        language=language,
        asset="BTC",
    )
    services.ticket_change_status(ticket=solved, actor=colleague, status=Status.SOLVED)
    # The security team's: a front-line agent never sees it, not even in "All tickets".
    security = _ticket(
        title="Login from an unknown device", type_slug="account_security", email="sec@example.net", language=language
    )
    return {"normal": normal, "taken": taken, "solved": solved, "security": security}


class Browser:
    """One browser context per person, with every page error and failed request kept for the end."""

    def __init__(self, chromium, locale):
        self.context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(f"JavaScript: {error}"))
        self.page.on("response", self._check_response)

    def _check_response(self, response):
        # The browser asks for /favicon.ico on its own; every other failed request is the page's bug.
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.errors.append(f"{response.status} {response.url}")

    def close(self):
        self.context.close()
        assert not self.errors, self.errors


def _current_totp(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6)
    return f"{totp.token():06d}"


def _queue_references(page) -> list[str]:
    return [text.strip() for text in page.locator("#result_list tbody .field-reference").all_inner_texts()]


def _shot_path(name, language):
    return f"/tmp/ws_{name}.png" if language == "en" else f"/tmp/ws_{name}-{language}.png"


@pytest.mark.parametrize("desk", list(CASES), indirect=True)
def test_agent_answers_with_a_canned_response_and_the_customer_reads_it(live_server, chromium, desk):
    """One flow: each step below starts from where the one before left the browser and the data."""
    agent_browser = Browser(chromium, locale="en-GB")
    page = agent_browser.page
    _agent_signs_in_and_enrols_totp(page, live_server, desk)
    _agent_narrows_the_queue_and_tags_the_ticket(page, live_server, desk)
    reply = _agent_answers_with_a_canned_response(page, desk)
    _agent_adds_an_internal_note(page, desk, reply)
    agent_browser.close()
    _customer_reads_the_answer_and_never_the_note(chromium, live_server, desk)


def _agent_signs_in_and_enrols_totp(page, live_server, desk):
    # Sign in: the admin's password form, then (2FA required, no device yet) the enrolment page.
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_url(re.compile(r"/admin/login/\?next=/admin/$"))
    page.fill("#id_username", "mei")
    page.fill("#id_password", AGENT_PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/en/accounts/2fa/setup/\?next="))
    secret = page.locator("#totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.fill("#id_token", _current_totp(secret))
    page.locator(".form-card form [type=submit]").click()
    # Staff who asked for no particular page land on their queue, not on the list of models.
    page.wait_for_url(re.compile(r"/admin/tickets/ticket/$"))
    assert TOTPDevice.objects.get(user=desk["agent"]).confirmed


def _agent_narrows_the_queue_and_tags_the_ticket(page, live_server, desk):
    language, ticket, others = desk["language"], desk["ticket"], desk["others"]
    # The queue: everything the agent's team may see, the security team's ticket never.
    page.goto(f"{live_server.url}/admin/tickets/ticket/")
    all_refs = _queue_references(page)
    assert sorted(all_refs) == sorted(
        t.reference for t in (ticket, others["normal"], others["taken"], others["solved"])
    )
    page.screenshot(path=_shot_path("queue", language), full_page=True)

    # "Unassigned in my teams" drops the colleague's and the solved ticket; "High" drops the normal one.
    page.locator(".ws-views a[href='?view=unassigned']").click()
    page.wait_for_url(re.compile(r"\?view=unassigned$"))
    assert page.locator(".ws-views a.current").inner_text().strip() == "Unassigned in my teams"
    assert sorted(_queue_references(page)) == sorted([ticket.reference, others["normal"].reference])
    page.locator("#changelist-filter").get_by_role("link", name="High", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]priority__exact=high"))
    assert "view=unassigned" in page.url
    assert _queue_references(page) == [ticket.reference]

    # Bulk actions work as in any admin list: tick, pick the action, confirm on the next page.
    page.locator("#action-toggle").check()
    assert page.locator(".action-counter").inner_text().strip() == "1 of 1 selected"
    page.select_option("select[name=action]", "tag_selected")
    page.locator(".actions button[name=index]").click()
    page.fill("#id_tags", "trc20-delay")
    page.locator("input[type=submit].default").click()
    page.wait_for_url(re.compile(r"[?&]priority__exact=high"))
    assert "1 ticket(s) changed." in page.locator(".messagelist").inner_text()
    assert list(ticket.tags.values_list("name", flat=True)) == ["trc20-delay"]


def _agent_answers_with_a_canned_response(page, desk) -> str:
    """Opens the ticket from the narrowed queue, replies with an edited canned response; returns the reply."""
    case, ticket = desk["case"], desk["ticket"]
    page.locator("#result_list .field-reference a", has_text=ticket.reference).click()
    # The admin keeps the queue's filters in the link, for the way back.
    page.wait_for_url(re.compile(rf"/admin/tickets/ticket/{ticket.pk}/change/(\?_changelist_filters=[^#]+)?$"))
    assert ticket.reference in page.locator(".ws-head h2").inner_text()
    assert case["description"] in page.locator(".ws-thread .msg-customer").first.inner_text()

    # Only the ticket's language's canned responses are offered; picking one fills the reply box,
    # rendered for this customer and ticket, and puts the list back for the next pick.
    options = page.locator("#canned-select option").all_inner_texts()
    assert options[0] == "—"
    assert CANNED_TITLE in options and len(options) == 5
    page.select_option("#canned-select", label=CANNED_TITLE)
    drafted = page.input_value("#reply-body")
    assert drafted.startswith(case["greeting"])
    assert ticket.reference in drafted
    assert case["rendered"] in drafted
    assert drafted.rstrip().endswith("Mei")
    assert "{{" not in drafted
    assert page.input_value("#canned-select") == ""

    old, new = case["edit"]
    assert old in drafted
    reply = drafted.replace(old, new)
    page.fill("#reply-body", reply)
    page.locator("#reply-form button.default[data-send]").click()
    page.wait_for_url(re.compile(rf"/admin/tickets/ticket/{ticket.pk}/change/#reply$"))
    # The admin speaks English to this agent whatever the ticket's language.
    assert "Reply sent to the customer." in page.locator(".messagelist .success").inner_text()
    agent_messages = page.locator(".ws-thread .msg-agent:not(.msg-internal)")
    assert agent_messages.count() == 1
    assert case["reply_fragment"] in agent_messages.inner_text()
    return reply


def _agent_adds_an_internal_note(page, desk, reply):
    language, ticket = desk["language"], desk["ticket"]
    # An internal note: only agents see it.
    page.fill("#reply-body", INTERNAL_NOTE)
    page.check("#id_internal")
    page.locator("#reply-form button.default[data-send]").click()
    page.wait_for_url(re.compile(rf"/admin/tickets/ticket/{ticket.pk}/change/#reply$"))
    assert "Internal note added." in page.locator(".messagelist .success").inner_text()
    assert INTERNAL_NOTE in page.locator(".ws-thread .msg-internal").inner_text()
    assert not page.locator("#id_internal").is_checked()
    # Back to the top first: the redirect lands on #reply, and the admin's sticky navigation would
    # otherwise be drawn halfway down the full-page picture.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=_shot_path("ticket", language), full_page=True)

    # A browser submits a textarea's line breaks as CRLF; what matters is the text.
    sent = [
        (body.replace("\r\n", "\n"), internal, author)
        for body, internal, author in Message.objects.filter(ticket=ticket)
        .order_by("id")
        .values_list("body", "internal", "author_id")
    ]
    assert sent == [(reply.strip(), False, desk["agent"].pk), (INTERNAL_NOTE, True, desk["agent"].pk)]


def _customer_reads_the_answer_and_never_the_note(chromium, live_server, desk):
    language, case, ticket = desk["language"], desk["case"], desk["ticket"]
    # The customer, in a browser of their own, signs in on the site and opens the ticket.
    customer_browser = Browser(chromium, locale="zh-CN" if language == "zh-hans" else "en-GB")
    page = customer_browser.page
    detail = f"/{language}/tickets/{ticket.reference}/"
    page.goto(f"{live_server.url}/{language}/accounts/signin/?next={detail}")
    page.fill("#id_username", desk["customer"].email)
    page.fill("#id_password", CUSTOMER_PASSWORD)
    page.locator("form[action$='/accounts/signin/'] [type=submit]").click()
    page.wait_for_url(re.compile(rf"{re.escape(detail)}$"))
    assert page.locator("html").get_attribute("lang") == language
    thread = page.locator("ol.thread")
    answers = thread.locator(".message-agent")
    assert answers.count() == 1
    answer = answers.inner_text()
    assert case["reply_fragment"] in answer
    assert case["greeting"] in answer
    assert INTERNAL_NOTE not in page.content()
    assert "TRC20 congested" not in thread.inner_text()
    customer_browser.close()
