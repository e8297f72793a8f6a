"""The workspace in a real browser at 1280×800, in both languages (issue "What customers and agents
trip over today", the agents' half): the queue shows every column beside its filters, the filters
fold away and stay folded, the SLA countdown ticks, an escalation out of the agent's scope lands on
the queue saying where the ticket went, "Send and solve" is one click, the index is a workspace with
its own name and icon, and the pages nobody listed (reports, help-centre analytics, notifications)
fit the screen with readable sidebar headings.

Screenshots go to /tmp/ws_pages_<name>-<language>.png for a person to look at.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_ticket
from tickets import services
from tickets.models import Team, Ticket
from tickets.roles import supervisors_group

pytestmark = [pytest.mark.browser]

LANGUAGES = {"en": "en-GB", "zh-hans": "zh-CN"}
TEXT = {
    "en": {"header": "Supportdesk · Agent workspace", "escalated": "escalated to Specialists", "filters": "Filters"},
    "zh-hans": {"header": "Supportdesk · 客服工作台", "escalated": "已升级至专家支持", "filters": "筛选"},
}
LONG_TITLES = [
    "USDT withdrawal on TRC20 pending for more than twenty-four hours with no transaction hash",
    "提现到冷钱包失败，页面一直显示处理中，请尽快帮我查一下原因",
    "Verification documents rejected twice although the passport photo is perfectly clear",
]
CONTRAST_JS = """(selector) => {
  function rgb(text) {
    const m = text.match(/[\\d.]+/g).map(Number);
    return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1};
  }
  function lum(c) {
    return [c.r, c.g, c.b]
      .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  }
  return Array.from(document.querySelectorAll(selector)).map(el => {
    const fg = rgb(getComputedStyle(el).color);
    let node = el, bg = null;
    while (node && node.nodeType === 1) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.a > 0) { bg = c; break; }
      node = node.parentElement;
    }
    bg = bg || {r: 255, g: 255, b: 255};
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    return {text: el.textContent.trim(), ratio: (hi + 0.05) / (lo + 0.05)};
  });
}"""


def _shot(page, name, language):
    page.screenshot(path=f"/tmp/ws_pages_{name}-{language}.png", full_page=False)


def _signed_in(chromium, live_server, user, language):
    """A browser context with ``user``'s session (the sign-in form has its own tests)."""
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale=LANGUAGES[language])
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return context, page, errors


def _fits(page, container=".results"):
    return page.evaluate(
        """(container) => {
          const box = document.querySelector(container);
          const last = document.querySelector('#result_list thead th:last-child');
          return {scroll: box.scrollWidth, client: box.clientWidth,
                  lastRight: last.getBoundingClientRect().right, viewport: window.innerWidth,
                  page: document.documentElement.scrollWidth};
        }""",
        container,
    )


@pytest.fixture
def desk(transactional_db, reference_data):
    frontline = Team.objects.get(slug="frontline")
    agent = AgentFactory(username="agent", first_name="Alex", last_name="Morgan", teams=[frontline])
    colleague = AgentFactory(username="jo", first_name="Jo", last_name="Park-Fernández", teams=[frontline])
    tickets = []
    for n in range(12):
        ticket = make_ticket(
            title=LONG_TITLES[n % len(LONG_TITLES)],
            type_slug="account_access" if n % 2 else "verification",
            email=f"maria.gonzalez.trading.desk{n}@example-exchange-customers.org",
            team=frontline,
            language="zh-hans" if n % 3 == 1 else "en",
        )
        if n % 2:
            services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
        tickets.append(ticket)
    return {"agent": agent, "tickets": tickets}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_queue_fits_1280_px_and_its_filters_fold_away_and_stay_folded(live_server, chromium, desk, language):
    context, page, errors = _signed_in(chromium, live_server, desk["agent"], language)
    page.goto(f"{live_server.url}/admin/tickets/ticket/")
    # Every column visible beside the open filters: no horizontal scrolling, the last header on screen.
    fit = _fits(page)
    assert fit["scroll"] <= fit["client"], fit
    assert fit["lastRight"] <= fit["viewport"] and fit["page"] <= fit["viewport"], fit
    assert page.locator("#result_list tbody .field-assignee", has_text="Jo Park-Fernández").count() > 0
    assert page.locator("#result_list tbody .field-requester_email").first.is_visible()
    _shot(page, "queue", language)

    toggle = page.locator("#ws-filter-toggle")
    assert toggle.inner_text().strip() == TEXT[language]["filters"]
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert not page.locator("#changelist-filter").is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    page.reload()
    assert not page.locator("#changelist-filter").is_visible(), "the choice is remembered"
    fit = _fits(page)
    assert fit["scroll"] <= fit["client"] and fit["lastRight"] <= fit["viewport"], fit
    page.locator("#ws-filter-toggle").click()
    assert page.locator("#changelist-filter").is_visible()
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_sla_countdown_ticks_and_turns_amber_then_red_without_a_reload(live_server, chromium, desk, language):
    ticket = desk["tickets"][0]
    now = timezone.now()
    # Due in 3 minutes, warned at 1 minute from now (the clock JSON is what the page reads).
    clocks = {"first_response": {"warn_at": (now + timedelta(minutes=1)).isoformat()}}
    Ticket.objects.filter(pk=ticket.pk).update(
        sla_due=now + timedelta(minutes=3), sla_clocks=clocks, sla_paused_at=None
    )
    context, page, errors = _signed_in(chromium, live_server, desk["agent"], language)
    page.clock.install(time=now)
    page.goto(f"{live_server.url}/admin/tickets/ticket/?q={ticket.reference}")
    badge = page.locator("#result_list .field-sla_state .sla").first
    left = "left" if language == "en" else "剩余"
    assert "sla-ok" in badge.get_attribute("class") and left in badge.inner_text()
    first = badge.inner_text()
    page.clock.run_for(90_000)  # past the warning point: three ticks later
    assert "sla-warning" in badge.get_attribute("class")
    assert badge.inner_text() != first
    page.clock.run_for(120_000)  # past the deadline
    assert "sla-breached" in badge.get_attribute("class")
    assert ("overdue" if language == "en" else "超时") in badge.inner_text()
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_escalating_out_of_scope_lands_on_the_queue_and_send_and_solve_is_one_click(
    live_server, chromium, desk, language
):
    escalated, solved = desk["tickets"][0], desk["tickets"][2]
    context, page, errors = _signed_in(chromium, live_server, desk["agent"], language)
    page.goto(f"{live_server.url}/admin/tickets/ticket/{escalated.pk}/change/")
    page.fill("#id_tier_reason", "Needs the specialists")
    page.locator("button[name=direction][value=up]").click()
    page.wait_for_url(re.compile(r"/admin/tickets/ticket/$"))
    message = page.locator(".messagelist").inner_text()
    assert escalated.reference in message and TEXT[language]["escalated"] in message
    assert "Perhaps it was deleted" not in page.content()
    _shot(page, "escalated", language)

    page.goto(f"{live_server.url}/admin/tickets/ticket/{solved.pk}/change/")
    page.fill("#reply-body", "Your documents are approved.")
    page.locator("#reply-form button[name=then_status][value=solved]").click()
    page.wait_for_url(re.compile(rf"/admin/tickets/ticket/{solved.pk}/change/#reply$"))
    solved.refresh_from_db()
    assert solved.status == "solved" and solved.assignee == desk["agent"]
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "ticket", language)
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_index_is_a_workspace_with_its_name_icon_and_the_work_first(live_server, chromium, desk, language):
    context, page, errors = _signed_in(chromium, live_server, desk["agent"], language)
    page.goto(f"{live_server.url}/admin/")
    assert page.locator("#site-name").inner_text().strip() == TEXT[language]["header"]
    assert page.title().endswith(TEXT[language]["header"])
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert context.request.get(f"{live_server.url}{icon}").status == 200
    # The queue's views first; configuration the agent cannot change is not listed.
    assert page.locator(".ws-home-queue a").count() == 7
    assert page.locator("#content-main .app-tickets a[href$='/slapolicy/']").count() == 0
    assert page.locator("#content-main .app-tickets a[href$='/cannedresponse/']").count() == 0
    _shot(page, "index", language)
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_supervisor_pages_fit_and_the_sidebar_headings_are_readable(live_server, chromium, desk, language):
    supervisor = UserFactory(username="sam", first_name="Sam", is_staff=True)
    supervisor.groups.add(supervisors_group())
    context, page, errors = _signed_in(chromium, live_server, supervisor, language)
    for name, path in [
        ("reports", "/admin/tickets/ticket/reports/"),
        ("kb-analytics", "/admin/knowledgebase/article/analytics/"),
        ("notifications", "/admin/tickets/notification/"),
        ("articles", "/admin/knowledgebase/article/"),
        ("sla-policies", "/admin/tickets/slapolicy/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, (name, width)
        if page.locator("#result_list").count():
            fit = _fits(page)
            assert fit["scroll"] <= fit["client"] and fit["lastRight"] <= fit["viewport"], (name, fit)
        headings = page.evaluate(CONTRAST_JS, "#nav-sidebar caption, #nav-sidebar .module caption a")
        assert headings, name
        weak = [h for h in headings if h["ratio"] < 4.5]
        assert not weak, (name, weak)  # WCAG AA for normal text
        _shot(page, name, language)
    context.close()
    assert not errors, errors
