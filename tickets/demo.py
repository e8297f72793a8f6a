"""Demo content for ``make run``: logins, a few tickets in both languages, canned responses, the
one-minute SLA policy that shows escalation, and the official channels for ``/verify/``. Never
loaded in production (``tickets.reference_data`` is what production needs).
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone

from safety.reference import official_channels_seed

from . import reference_data, roles
from .models import CannedResponse, Priority, Team, Ticket, TicketType

M = timedelta(minutes=1)
# Switched on in the admin to watch a warning and an escalation happen within two minutes.
DEMO_SHORT_POLICY = ("Demo: one-minute urgent (activate to watch escalation)", [Priority.URGENT], M, M, 10 * M, False)
DEMO_WARNING_PERCENT = 50  # the demo policy warns at 30 s, so the warning and the breach are seen apart

# (title, language, body): the replies agents send most, with placeholders (tickets.canned).
CANNED_RESPONSES = [
    (
        "Withdrawal: checking with the network",
        "en",
        "Hi {{ customer_name }},\n\nThank you for contacting us about {{ reference }}. We are checking your "
        "{{ asset }} withdrawal on {{ network }} with the network and will update you within the hour.\n\n"
        "Please never share your password, 2FA codes or seed phrase with anyone, including us.\n\n{{ agent_name }}",
    ),
    (
        "Withdrawal: checking with the network",
        "zh-hans",
        "{{ customer_name }}，您好：\n\n"
        "感谢您就 {{ reference }} 联系我们。我们正在与网络核实您在 {{ network }} 上的 "
        "{{ asset }} 提现，将在一小时内告知进展。\n\n"
        "请勿向任何人（包括我们）透露您的密码、二次验证码或助记词。\n\n"
        "{{ agent_name }}",
    ),
    (
        "Deposit on the wrong network",
        "en",
        "Hi {{ customer_name }},\n\nDeposits sent on a network we do not support for {{ asset }} can sometimes be "
        "recovered. Please reply with the transaction ID and the address you sent to, and we will tell you whether a "
        "recovery is possible and what it costs.\n\n{{ agent_name }}",
    ),
    (
        "Deposit on the wrong network",
        "zh-hans",
        "{{ customer_name }}，您好：\n\n"
        "通过我们不支持的网络充值的 {{ asset }} 有时可以找回。请回复交易哈希和您充值的地址，"
        "我们会告知能否找回以及所需费用。\n\n{{ agent_name }}",
    ),
    (
        "Account secured",
        "en",
        "Hi {{ customer_name }},\n\nWe have frozen your account as a precaution ({{ reference }}). To unlock it we "
        "will verify your identity through the app; we will never ask for your password, 2FA codes or seed "
        "phrase.\n\n{{ agent_name }}",
    ),
    (
        "Account secured",
        "zh-hans",
        "{{ customer_name }}，您好：\n\n"
        "为保护您的资产，我们已临时冻结您的账户（{{ reference }}）。解冻前我们会通过 App 核实您的身份；"
        "我们绝不会索要您的密码、二次验证码或助记词。\n\n{{ agent_name }}",
    ),
    (
        "Solved: anything else?",
        "en",
        "Hi {{ customer_name }},\n\nWe have marked {{ reference }} as solved. If anything is still wrong, just reply "
        "and the ticket opens again.\n\n{{ agent_name }}",
    ),
    (
        "Solved: anything else?",
        "zh-hans",
        "{{ customer_name }}，您好：\n\n"
        "{{ reference }} 已标记为已解决。如仍有问题，直接回复即可重新打开工单。\n\n"
        "{{ agent_name }}",
    ),
]


# What agents reading the workspace in Chinese see in the list, whichever language the text is in.
CANNED_TITLES_ZH = {
    "Withdrawal: checking with the network": "提现：正在与网络核实",
    "Deposit on the wrong network": "充值到了错误的网络",
    "Account secured": "账户已保护",
    "Solved: anything else?": "已解决：还有其他问题吗？",
}
# The product's one word for a two-factor code is 二次验证码; earlier demo texts said 两步验证码.
OLD_2FA_CODE, TWO_FACTOR_CODE = "两步验证码", "二次验证码"


@transaction.atomic
def seed_demo_content() -> None:
    """Reference data, then the demo's own: the one-minute policy, canned responses, official channels."""
    reference_data.load()
    reference_data.sla_policy_ensure(*DEMO_SHORT_POLICY, position=10, warning_percent=DEMO_WARNING_PERCENT)
    for position, (title, language, body) in enumerate(CANNED_RESPONSES):
        response, _created = CannedResponse.objects.get_or_create(
            title=title,
            language=language,
            defaults={"body": body, "position": position // 2 * 10, "title_zh_hans": CANNED_TITLES_ZH[title]},
        )
        if not response.title_zh_hans:  # a desk seeded before titles had a Chinese form
            CannedResponse.objects.filter(pk=response.pk).update(title_zh_hans=CANNED_TITLES_ZH[title])
    ours = CannedResponse.objects.filter(title__in=CANNED_TITLES_ZH, body__contains=OLD_2FA_CODE)
    ours.update(body=Replace("body", Value(OLD_2FA_CODE), Value(TWO_FACTOR_CODE)))
    official_channels_seed()


DEMO_PASSWORDS = {
    "agent": "agent-demo-pass",
    "supervisor": "supervisor-demo-pass",
    "admin": "admin-demo-pass",
    "customer": "customer-demo-pass",
}


def seed_demo_users() -> dict[str, str]:
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"email": "admin@supportdesk.example", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORDS["admin"])
        admin.save()
    agent, created = User.objects.get_or_create(
        username="agent", defaults={"email": "agent@supportdesk.example", "is_staff": True, "first_name": "Alex"}
    )
    if created:
        agent.set_password(DEMO_PASSWORDS["agent"])
        agent.save()
    Team.objects.get(slug="frontline").members.add(agent)
    agent.groups.add(roles.agents_group())
    supervisor, created = User.objects.get_or_create(
        username="supervisor",
        defaults={"email": "supervisor@supportdesk.example", "is_staff": True, "first_name": "Sam"},
    )
    if created:
        supervisor.set_password(DEMO_PASSWORDS["supervisor"])
        supervisor.save()
    supervisor.groups.add(roles.supervisors_group())
    customer, created = User.objects.get_or_create(
        # A VIP: their tickets are raised one priority level, so a withdrawal ticket is urgent at tier 1.
        username="customer@example.com",
        defaults={
            "email": "customer@example.com",
            "first_name": "Lin",
            "tier": "vip1",
            "email_verified_at": timezone.now(),
        },
    )
    if created:
        customer.set_password(DEMO_PASSWORDS["customer"])
        customer.save()
    return {"admin": "admin", "supervisor": "supervisor", "agent": "agent", "customer": "customer@example.com"}


def seed_demo_tickets() -> None:
    """A few tickets in both languages, only into an empty desk."""
    from .services import TicketInput, ticket_create  # services import this module's neighbours

    if Ticket.objects.exists():
        return
    User = get_user_model()
    customer = User.objects.get(username="customer@example.com")
    types = {t.slug: t for t in TicketType.objects.all()}
    samples = [
        TicketInput(
            title="USDT withdrawal pending for 24 hours",
            type=types["deposit_withdrawal"],
            description="I withdrew 500 USDT on TRC20 yesterday and it still shows pending.",
            contact_email=customer.email,
            asset="USDT",
            network="TRC20",
            amount=Decimal("500"),
            transaction_id="9f3c1a7e5b2d4c6a8e0f1b3d5c7a9e1f3b5d7c9a1e3f5b7d9c1a3e5f7b9d1c3a",
        ),
        TicketInput(
            title="充值 ETH 未到账",
            type=types["deposit_withdrawal"],
            language="zh-hans",
            description="我两小时前从钱包充值了 0.8 ETH，区块浏览器显示已确认，但账户余额没有变化。",
            contact_email=customer.email,
            asset="ETH",
            network="ERC20",
            amount=Decimal("0.8"),
            transaction_id="0x5e2b8c1d9f4a7e3b6c0d2f8a1e4b7c9d3f6a0e2b5c8d1f4a7e0b3c6d9f2a5e8b",
        ),
        TicketInput(
            title="Cannot sign in after changing phone",
            type=types["account_access"],
            description="My authenticator app was on my old phone. I can't get past the 2FA step.",
            contact_email="guest.trader@example.net",
        ),
        TicketInput(
            title="API 返回 429 错误",
            type=types["api"],
            language="zh-hans",
            description="下单接口频繁返回 429，请问频率限制是多少？",
            contact_email="quant@example.cn",
        ),
    ]
    for data in samples:
        ticket_create(data=data, requester=customer if data.contact_email == customer.email else None)
