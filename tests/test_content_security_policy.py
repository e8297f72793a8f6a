"""Every HTML page (site, admin, API docs) sends a Content-Security-Policy, and gives it nothing to
refuse: no inline script, no inline style, no event-handler attribute. The browser tests
(tests/browser) load the pages in Chromium and fail on any violation it reports."""

import re

import pytest
from django.contrib.auth.models import Group

from tests.factories import AgentFactory
from tickets.models import Team

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>\s*\S", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+=\"", re.I)


def _check(response):
    assert response.status_code == 200, response
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy, policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not INLINE_STYLE.search(html), INLINE_STYLE.search(html).group(0)
    assert not EVENT_HANDLER.search(html), EVENT_HANDLER.search(html).group(0)


def test_customer_pages_send_a_strict_policy_and_need_no_exception(client, reference_data, kb_content):
    for url in (
        "/en/",
        "/zh-hans/",
        "/en/?q=withdrawal",
        "/en/kb/a/withdrawal-delayed/",
        "/en/tickets/new/",
        "/en/tickets/new/?type=deposit_withdrawal",
        "/en/tickets/freeze/",
        "/en/accounts/signin/",
        "/en/accounts/signup/",
        "/en/accounts/password/reset/",
        "/en/verify/",
        "/zh-hans/verify/?value=https://supportdesk.com@evil.io/",
        "/api/docs/",
    ):
        _check(client.get(url))


def test_workspace_pages_send_the_policy_too(client, reference_data, kb_content):
    supervisor = AgentFactory(teams=list(Team.objects.all()))
    supervisor.groups.add(Group.objects.get(name="Support supervisors"))
    client.force_login(supervisor)
    for url in (
        "/admin/",
        "/admin/tickets/ticket/",
        "/admin/tickets/ticket/reports/",
        "/admin/knowledgebase/article/",
        "/admin/knowledgebase/article/analytics/",
        "/admin/tickets/slapolicy/",
    ):
        _check(client.get(url))
