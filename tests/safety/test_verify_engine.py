"""The verdict engine, without a database: acceptance cases, parsing, each detection rule, reasons."""

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from safety.verify import Channel, Verdict, defang, reason_text, verdict


def codes(result: Verdict) -> list[str]:
    return [reason.code for reason in result.reasons]


def texts(result: Verdict) -> list[str]:
    with translation.override("en"):
        return [reason_text(reason) for reason in result.reasons]


# --- The acceptance cases -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "verdict_", "imitated"),
    [
        ("supp0rtdesk.com", "lookalike", "supportdesk.com"),
        ("https://supportdesk.com@evil.io/", "lookalike", "supportdesk.com"),
        ("support@supportdesk.com", "official", None),
        ("https://help.supportdesk.com/x", "official", None),
        ("t.me/SupportdeskHelp", "official", None),
        ("t.me/SupportdeskHe1p", "lookalike", "@SupportdeskHelp"),
    ],
)
def test_acceptance_cases(channels, value, verdict_, imitated):
    result = verdict(value, channels)
    assert result.verdict == verdict_
    assert result.official is (verdict_ == "official")
    assert result.lookalike_of == imitated
    assert result.channel is not None


def test_official_channels_themselves_are_official(channels):
    for channel in channels:
        result = verdict(channel.display, channels)
        assert result.verdict == "official", (channel, codes(result))
        assert result.channel == channel


# --- Reading what was pasted ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "supportdesk.com",
        "SUPPORTDESK.COM",
        "supportdesk.com.",
        "https://supportdesk.com",
        "http://www.supportdesk.com/login?next=/",
        "https://help.supportdesk.com:443/x#y",
        "https://evil.io@supportdesk.com/",  # the user name is ignored: this does go to us
        "https://supportdesk.com\\@evil.io",  # a backslash ends the host, as in browsers
    ],
)
def test_our_website_written_many_ways_is_official(channels, value):
    result = verdict(value, channels)
    assert (result.kind, result.verdict) == ("web", "official"), codes(result)


@pytest.mark.parametrize(
    "value",
    [
        "support@supportdesk.com",
        "Support@SupportDesk.com",
        "mailto:support@supportdesk.com?subject=Help",
        "Supportdesk <security@supportdesk.com>",
    ],
)
def test_our_email_addresses_are_official(channels, value):
    result = verdict(value, channels)
    assert (result.kind, result.verdict) == ("email", "official")


@pytest.mark.parametrize(
    "value",
    [
        "+1 415 555 0100",
        "+1 (415) 555-0100",
        "+14155550100",
        "001 415 555 0100",
        "tel:+1-415-555-0100",
        "+１ ４１５ ５５５ ０１００",
    ],
)
def test_our_phone_number_in_any_layout_is_official(channels, value):
    result = verdict(value, channels)
    assert (result.kind, result.verdict) == ("phone", "official")
    assert "official_phone" in codes(result)


def test_a_number_without_country_code_is_read_as_international_and_says_so(channels):
    result = verdict("14155550100", channels)
    assert result.verdict == "official"
    assert "country_code_assumed" in codes(result)


@pytest.mark.parametrize(
    ("value", "platform"),
    [
        ("t.me/SupportdeskHelp", "telegram"),
        ("https://t.me/supportdeskhelp", "telegram"),
        ("telegram @SupportdeskHelp", "telegram"),
        ("@SupportdeskHelp (Telegram)", "telegram"),
        ("电报 @SupportdeskHelp", "telegram"),
        ("x.com/supportdesk", "x"),
        ("https://twitter.com/SupportDesk", "x"),
        ("@supportdesk on X", "x"),
    ],
)
def test_our_accounts_on_their_platform_are_official(channels, value, platform):
    result = verdict(value, channels)
    assert (result.kind, result.verdict) == ("handle", "official")
    assert result.channel.platform == platform


def test_an_account_without_a_platform_is_ours_only_where_it_is(channels):
    result = verdict("@SupportdeskHelp", channels)
    assert result.verdict == "official"
    assert "platform_assumed" in codes(result)
    assert "Telegram" in " ".join(texts(result))


def test_whatsapp_link_to_our_number(channels):
    result = verdict("https://wa.me/14155550100", channels)
    assert (result.kind, result.verdict) == ("phone", "official")
    assert "whatsapp_link" in codes(result)


# --- Web look-alikes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("supportdеsk.com", "confusable_char"),  # Cyrillic е
        ("xn--supportdsk-rsi.com", "punycode"),  # the same, as punycode
        ("ѕupportdesk.com", "confusable_char"),  # Cyrillic ѕ
        ("suppοrtdesk.com", "confusable_char"),  # Greek ο
        ("suppórtdesk.com", "accented_char"),
        ("supporte\u0301desk.com", "typo"),  # a combining mark on an extra letter
        ("supportdesk。com", "unusual_chars"),  # ideographic full stop: browsers map it to "."
        ("ｓｕｐｐｏｒｔｄｅｓｋ.com", "unusual_chars"),  # full-width letters
        ("support\u200bdesk.com", "invisible_chars"),
        ("supp0rtdesk.com", "typo"),
        ("suportdesk.com", "typo"),
        ("supportdeks.com", "typo"),
        ("support-desk.com", "typo"),
        ("supportdesk-help.com", "combosquat"),
        ("help-supportdesk.com", "combosquat"),
        ("supportdeskhelp.com", "combosquat"),
        ("mysupportdesk.net", "combosquat"),
        ("supportdesk.com.evil.io", "official_as_subdomain"),
        ("supportdesk.com-login.io", "official_as_subdomain"),
        ("supportdesk.net", "other_suffix"),
        ("supportdesk.co", "other_suffix"),
        ("supportdesk.com.cn", "other_suffix"),
        ("supportdesk.evil.io", "brand_as_subdomain"),
        ("supp.ortdesk.com", "split_name"),
        ("https://supportdesk.com@evil.io/", "userinfo"),
        ("https://supportdesk.com:secret@evil.io/", "userinfo"),
        ("https://supportdesk.com@192.168.0.1/", "userinfo"),
    ],
)
def test_web_lookalikes(channels, value, code):
    result = verdict(value, channels)
    assert (result.kind, result.verdict) == ("web", "lookalike"), codes(result)
    assert result.lookalike_of == "supportdesk.com"
    assert code in codes(result)
    assert not result.official


def test_reasons_name_the_trick_in_plain_words(channels):
    assert "The address uses a Cyrillic ‘е’ that looks like a Latin ‘e’." in texts(verdict("supportdеsk.com", channels))
    assert "The real site is supportdesk.com; this one only starts with it: the site is evil.io." in texts(
        verdict("supportdesk.com.evil.io", channels)
    )
    assert "The part before @ is a user name the browser ignores: this link goes to evil.io." in texts(
        verdict("https://supportdesk.com@evil.io/", channels)
    )
    assert "Differs from @SupportdeskHelp by one character (1 instead of l)." in texts(
        verdict("t.me/SupportdeskHe1p", channels)
    )
    assert "Differs from @SupportdeskHelp by one character (I instead of l)." in texts(
        verdict("telegram @SupportdeskHeIp", channels)
    )


def test_mixed_scripts_are_named(channels):
    result = verdict("supportdеsk.com", channels)
    assert any("Latin, Cyrillic" in text for text in texts(result))


# --- E-mail -------------------------------------------------------------------------------------------


def test_lookalike_local_part_at_our_domain_is_not_official(channels):
    result = verdict("supp0rt@supportdesk.com", channels)
    assert result.verdict == "lookalike"
    assert result.lookalike_of == "support@supportdesk.com"
    assert {"local_lookalike", "not_our_address"} <= set(codes(result))


def test_unknown_address_at_our_domain_says_it_is_not_ours(channels):
    result = verdict("billing@supportdesk.com", channels)
    assert result.verdict == "unknown"
    assert not result.official
    message = " ".join(texts(result))
    assert "billing@supportdesk.com uses our domain, but it is not one of our addresses" in message
    assert "support@supportdesk.com" in message


@pytest.mark.parametrize(
    ("value", "imitated"),
    [
        ("support@supp0rtdesk.com", "support@supportdesk.com"),
        ("security@supportdesk-help.com", "security@supportdesk.com"),
        ("support@supportdesk.com.evil.io", "support@supportdesk.com"),
        ("support@supportdеsk.com", "support@supportdesk.com"),
        ("admin@supportdesk.net", "supportdesk.com"),
        ("supportdesk.help@gmail.com", "support@supportdesk.com"),
    ],
)
def test_email_lookalikes(channels, value, imitated):
    result = verdict(value, channels)
    assert (result.kind, result.verdict) == ("email", "lookalike"), codes(result)
    assert result.lookalike_of == imitated


# --- Accounts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "telegram @SupportdeskHe1p",
        "telegram @SupportdeskHeIp",
        "telegram @Supp0rtdeskHelp",
        "telegram @SupportdeskHelp_",
        "telegram @Supportdesk_Help",
        "telegram @Supportdesk.Help",
        "telegram @SupportdeskHelpDesk",
        "telegram @SupportdeskHeIpDesk",
        "telegram @RealSupportdeskHelp",
        "telegram @SupportdеskHelp",  # Cyrillic е
    ],
)
def test_telegram_lookalikes_imitate_the_telegram_account(channels, value):
    result = verdict(value, channels)
    assert (result.kind, result.verdict) == ("handle", "lookalike"), codes(result)
    assert result.lookalike_of == "@SupportdeskHelp"


@pytest.mark.parametrize(
    "value", ["@RealSupportdesk on X", "x.com/supportdesk_", "x.com/supp0rtdesk", "@suppprtdesk on X"]
)
def test_x_lookalikes_imitate_the_x_account(channels, value):
    result = verdict(value, channels)
    assert (result.kind, result.verdict) == ("handle", "lookalike"), codes(result)
    assert result.lookalike_of == "@supportdesk"


def test_our_name_on_the_wrong_platform_is_not_ours(channels):
    result = verdict("@SupportdeskHelp on X", channels)
    assert result.verdict == "lookalike"
    assert "@SupportdeskHelp is our account on Telegram, not on X (Twitter): this one is not ours." in texts(result)


def test_case_does_not_matter_for_accounts(channels):
    assert verdict("telegram @SUPPORTDESKHELP", channels).verdict == "official"


# --- Phones -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["+1 415 555 0101", "+1 415 555 0199", "+1 415 555 1000", "+1 415 555 01000"])
def test_numbers_a_digit_or_two_off_ours_are_lookalikes(channels, value):
    result = verdict(value, channels)
    assert (result.kind, result.verdict) == ("phone", "lookalike")
    assert result.lookalike_of == "+1 415-555-0100"


def test_other_numbers_are_unknown(channels):
    result = verdict("+44 20 7946 0958", channels)
    assert (result.kind, result.verdict) == ("phone", "unknown")
    assert result.channel is None and result.lookalike_of is None


# --- Unknown and unreadable input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "problem_empty"),
        ("   ", "problem_empty"),
        ("x" * 501, "problem_too_long"),
        ("hello there, is this you?", "problem_unreadable"),
        ("<script>alert(1)</script>", "problem_unreadable"),
        ("+1 12", "problem_invalid_phone"),
        ("https://t.me/+AbCdEf123", "problem_invite_link"),
        ("http://10.0.0.1/login", "problem_ip_address"),
    ],
)
def test_what_cannot_be_judged_is_unknown_with_a_reason(channels, value, code):
    result = verdict(value, channels)
    assert result.verdict == "unknown"
    assert code in codes(result)
    assert len(result.value) <= 500


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_any_text_gets_a_verdict_and_never_raises(value):
    from safety.reference import demo_channels

    result = verdict(value, demo_channels())
    assert result.verdict in ("official", "lookalike", "unknown")
    assert result.kind in ("web", "email", "phone", "handle")
    assert result.official == (result.verdict == "official")
    for reason in result.reasons:
        assert reason_text(reason)


def test_verdict_takes_any_channel_like_objects():
    class Row:
        kind, platform, value, label = "web", "", "example.org", ""

    assert verdict("https://www.example.org/", [Row()]).verdict == "official"
    assert verdict("examp1e.org", [Row()]).verdict == "lookalike"


def test_no_channels_means_nothing_is_official():
    assert verdict("supportdesk.com", []).verdict == "unknown"


def test_short_brands_are_not_matched_fuzzily():
    ours = [Channel("web", "abc.io")]
    assert verdict("abd.io", ours).verdict == "unknown"
    assert verdict("abc.net", ours).verdict == "lookalike"  # same name, other suffix


# --- Defanging -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("https://x.io", "hxxps://x[.]io"),
        ("http://evil.io/a", "hxxp://evil[.]io/a"),
        ("https://supportdesk.com@evil.io/", "hxxps://supportdesk[.]com[@]evil[.]io/"),
        ("support@supp0rtdesk.com", "support[@]supp0rtdesk[.]com"),
        ("supportdesk。com", "supportdesk[。]com"),
        ("t.me/SupportdeskHe1p", "t[.]me/SupportdeskHe1p"),
        ("@SupportdeskHe1p", "@SupportdeskHe1p"),
        ("+1 415 555 0199", "+1 415 555 0199"),
    ],
)
def test_defang(value, shown):
    assert defang(value) == shown
