"""Reference data every installation needs: teams for the three tiers, ticket types, one SLA policy
per priority and a fallback, the keyword rule that sends theft to security, and the staff groups
with their permissions. Loaded by ``manage.py load_reference_data`` (docker compose's one-shot
``migrate`` service runs it; ``make run``'s demo loader too), idempotently: rows an admin edited keep
their edits.
"""

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext_noop

from . import roles
from .models import Priority, PriorityRule, SlaPolicy, StructuredField, Team, TicketType

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
# name, priorities, first response / next response / resolution (the contract's figures), active.
# Names are stored in English and marked for translation: pages show them through
# ``tickets.display.reference_name`` (a name an admin typed is shown as typed).
SLA_POLICIES = [
    (gettext_noop("Urgent"), [Priority.URGENT], 15 * M, 30 * M, 4 * H, True),
    (gettext_noop("High"), [Priority.HIGH], H, 2 * H, 24 * H, True),
    (gettext_noop("Normal"), [Priority.NORMAL], 4 * H, 8 * H, 72 * H, True),
    (gettext_noop("Low"), [Priority.LOW], 24 * H, 24 * H, 7 * 24 * H, True),
    (gettext_noop("Fallback (any ticket)"), [], 4 * H, 8 * H, 72 * H, True),
]

# Theft and takeover go straight to the security team, whatever type the customer picked.
PRIORITY_RULES = [
    (
        gettext_noop("Theft or account takeover"),
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

# The names this module seeds: the only policy and rule names that have a translation.
SEEDED_NAMES = frozenset([*(policy[0] for policy in SLA_POLICIES), *(rule[0] for rule in PRIORITY_RULES)])


@transaction.atomic
def load() -> None:
    """Teams, ticket types, SLA policies, keyword rules and the staff groups; safe to run again."""
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
    for position, policy in enumerate(SLA_POLICIES):
        sla_policy_ensure(*policy, position=(position + 2) * 10)
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
    roles.agents_group()
    roles.supervisors_group()


def sla_policy_ensure(name, priorities, first, following, resolution, active, *, position, warning_percent=80):
    """The policy named ``name``, created with these targets if it does not exist yet."""
    return SlaPolicy.objects.get_or_create(
        name=name,
        defaults={
            "position": position,
            "priorities": [str(p) for p in priorities],
            "active": active,
            "first_response_target": first,
            "next_response_target": following,
            "resolution_target": resolution,
            "warning_percent": warning_percent,
        },
    )[0]
