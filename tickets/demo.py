"""Reference data every installation needs, and demo content for `make run`."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import roles
from .models import CannedResponse, Priority, PriorityRule, SlaPolicy, StructuredField, Team, Ticket, TicketType

F = StructuredField

TEAMS = [
    # slug, tier, English, Chinese, e-mail
    ("frontline", 1, "Front line", "一线支持", "frontline@supportdesk.example"),
    ("specialists", 2, "Specialists", "专家支持", "specialists@supportdesk.example"),
    ("security", 3, "Security and management", "安全与管理", "security@supportdesk.example"),
]

TICKET_TYPES = [
    # slug, English, Chinese, description (en, zh), asked, required, priority, team
    (
        "deposit_withdrawal",
        "Deposits and withdrawals",
        "充值与提现",
        "A deposit not credited, a withdrawal delayed, a wrong network or a missing memo.",
        "充值未到账、提现延迟、转错网络或漏填备注。",
        [F.TRANSACTION_ID, F.ASSET, F.NETWORK, F.AMOUNT, F.OCCURRED_AT, F.ATTEMPTED_STEPS],
        [F.ASSET],
        Priority.HIGH,
        "frontline",
    ),
    (
        "trading",
        "Trading",
        "交易问题",
        "Orders, fills, fees and balances.",
        "订单、成交、手续费和余额。",
        [F.ASSET, F.AMOUNT, F.OCCURRED_AT, F.ATTEMPTED_STEPS],
        [],
        Priority.NORMAL,
        "frontline",
    ),
    (
        "account_security",
        "Account security",
        "账户安全",
        "Suspicious activity, a stolen account, unauthorised withdrawals.",
        "可疑活动、账户被盗、未经授权的提现。",
        [F.TRANSACTION_ID, F.ASSET, F.AMOUNT, F.OCCURRED_AT, F.ATTEMPTED_STEPS],
        [],
        Priority.URGENT,
        "security",
    ),
    (
        "account_access",
        "Sign-in and verification codes",
        "登录与验证",
        "Cannot sign in, lost 2FA device, reset password.",
        "无法登录、丢失二次验证设备、重置密码。",
        [F.OCCURRED_AT, F.ATTEMPTED_STEPS],
        [],
        Priority.HIGH,
        "frontline",
    ),
    (
        "verification",
        "Identity verification",
        "身份认证",
        "KYC documents and verification levels.",
        "KYC 资料与认证等级。",
        [F.ATTEMPTED_STEPS],
        [],
        Priority.NORMAL,
        "frontline",
    ),
    (
        "api",
        "API",
        "API",
        "API keys, rate limits and errors.",
        "API 密钥、频率限制与错误。",
        [F.OCCURRED_AT, F.ATTEMPTED_STEPS],
        [],
        Priority.NORMAL,
        "specialists",
    ),
    ("other", "Other", "其他", "Anything else.", "其他问题。", [F.ATTEMPTED_STEPS], [], Priority.LOW, "frontline"),
]

H = timedelta(hours=1)
M = timedelta(minutes=1)
# name, priorities, first response / next response / resolution (the contract's figures), active
SLA_POLICIES = [
    ("Urgent", [Priority.URGENT], 15 * M, 30 * M, 4 * H, True),
    ("High", [Priority.HIGH], H, 2 * H, 24 * H, True),
    ("Normal", [Priority.NORMAL], 4 * H, 8 * H, 72 * H, True),
    ("Low", [Priority.LOW], 24 * H, 24 * H, 7 * 24 * H, True),
    ("Fallback (any ticket)", [], 4 * H, 8 * H, 72 * H, True),
]
# Switched on in the admin to watch a warning and an escalation happen within two minutes.
DEMO_SHORT_POLICY = ("Demo: one-minute urgent (activate to watch escalation)", [Priority.URGENT], M, M, 10 * M, False)
DEMO_WARNING_PERCENT = 50  # the demo policy warns at 30 s, so the warning and the breach are seen apart

# Theft and takeover go straight to the security team, whatever type the customer picked.
PRIORITY_RULES = [
    (
        "Theft or account takeover",
        [
            "stolen",
            "hacked",
            "hack",
            "unauthorized withdrawal",
            "unauthorised withdrawal",
            "unauthorized",
            "unauthorised",
            "account takeover",
            "taken over",
            "someone logged in",
            "drained",
            "scammed",
            "被盗",
            "盗号",
            "被黑",
            "未经授权",
            "未授权",
            "资产被转走",
            "账户被盗",
            "陌生登录",
            "被转走",
        ],
        Priority.URGENT,
        "account_security",
        3,
    ),
]

# What a front-line agent may do in the admin; admins edit teams, types and SLA policies.
AGENT_PERMISSIONS = [
    "tickets.view_ticket",
    "tickets.change_ticket",
    "tickets.view_message",
    "tickets.add_message",
    "tickets.view_screenshot",
    "tickets.view_ticketevent",
    "tickets.view_team",
    "tickets.view_tickettype",
    "tickets.view_slapolicy",
    "tickets.view_notification",
    "tickets.view_priorityrule",
    "tickets.view_businesscalendar",
    "tickets.view_cannedresponse",
    "tickets.view_tag",
    "tickets.view_customernote",
    "knowledgebase.view_article",
    "knowledgebase.view_category",
]
# Supervisors also see every ticket and the reports (tickets.roles) and edit help articles.
SUPERVISOR_PERMISSIONS = [
    *AGENT_PERMISSIONS,
    "knowledgebase.add_article",
    "knowledgebase.change_article",
    "knowledgebase.view_articletranslation",
    "knowledgebase.add_articletranslation",
    "knowledgebase.change_articletranslation",
    "knowledgebase.view_articlerevision",
    "knowledgebase.view_articlefeedback",
    "knowledgebase.view_searchlog",
]

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
        "请勿向任何人（包括我们）透露您的密码、两步验证码或助记词。\n\n"
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
        "我们绝不会索要您的密码、两步验证码或助记词。\n\n{{ agent_name }}",
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

DEMO_PASSWORDS = {
    "agent": "agent-demo-pass",
    "supervisor": "supervisor-demo-pass",
    "admin": "admin-demo-pass",
    "customer": "customer-demo-pass",
}


@transaction.atomic
def seed_reference_data() -> None:
    """Teams, ticket types and SLA policies; existing rows keep any edits made in the admin."""
    teams = {}
    for slug, tier, en, zh, email in TEAMS:
        teams[slug], _ = Team.objects.get_or_create(
            slug=slug, defaults={"tier": tier, "name_en": en, "name_zh_hans": zh, "email": email}
        )
    for position, (slug, en, zh, desc_en, desc_zh, asked, required, priority, team) in enumerate(TICKET_TYPES):
        TicketType.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": en,
                "name_zh_hans": zh,
                "description_en": desc_en,
                "description_zh_hans": desc_zh,
                "fields": [str(f) for f in asked],
                "required_fields": [str(f) for f in required],
                "default_priority": priority,
                "default_team": teams[team],
                "position": position,
            },
        )
    for position, (name, priorities, first, following, resolution, active) in enumerate(
        [DEMO_SHORT_POLICY, *SLA_POLICIES]
    ):
        SlaPolicy.objects.get_or_create(
            name=name,
            defaults={
                "position": (position + 1) * 10,
                "priorities": [str(p) for p in priorities],
                "active": active,
                "first_response_target": first,
                "next_response_target": following,
                "resolution_target": resolution,
                "warning_percent": DEMO_WARNING_PERCENT if name == DEMO_SHORT_POLICY[0] else 80,
            },
        )
    types = {t.slug: t for t in TicketType.objects.all()}
    for position, (name, keywords, priority, type_slug, tier) in enumerate(PRIORITY_RULES):
        PriorityRule.objects.get_or_create(
            name=name,
            defaults={
                "position": position * 10,
                "keywords": "\n".join(keywords),
                "priority": priority,
                "ticket_type": types[type_slug],
                "tier": tier,
            },
        )
    agents_group()
    supervisors_group()
    for position, (title, language, body) in enumerate(CANNED_RESPONSES):
        CannedResponse.objects.get_or_create(
            title=title, language=language, defaults={"body": body, "position": position // 2 * 10}
        )


def _group(name: str, permissions: list[str]) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    wanted = {tuple(p.split(".")) for p in permissions}
    perms = [
        perm
        for perm in Permission.objects.filter(codename__in={code for _, code in wanted}).select_related("content_type")
        if (perm.content_type.app_label, perm.codename) in wanted
    ]
    group.permissions.add(*perms)
    return group


def agents_group() -> Group:
    return _group(roles.AGENTS_GROUP, AGENT_PERMISSIONS)


def supervisors_group() -> Group:
    return _group(roles.SUPERVISORS_GROUP, SUPERVISOR_PERMISSIONS)


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
    agent.groups.add(agents_group())
    supervisor, created = User.objects.get_or_create(
        username="supervisor",
        defaults={"email": "supervisor@supportdesk.example", "is_staff": True, "first_name": "Sam"},
    )
    if created:
        supervisor.set_password(DEMO_PASSWORDS["supervisor"])
        supervisor.save()
    supervisor.groups.add(supervisors_group())
    customer, created = User.objects.get_or_create(
        # A VIP: their tickets are raised one priority level, so a withdrawal ticket is urgent at tier 1.
        username="customer@example.com",
        defaults={"email": "customer@example.com", "first_name": "Lin", "tier": "vip1"},
    )
    if created:
        customer.set_password(DEMO_PASSWORDS["customer"])
        customer.save()
    return {"admin": "admin", "supervisor": "supervisor", "agent": "agent", "customer": "customer@example.com"}


def seed_demo_tickets() -> None:
    """A few tickets in both languages, only into an empty desk."""
    from .services import TicketInput, ticket_create

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
