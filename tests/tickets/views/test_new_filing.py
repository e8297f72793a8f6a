"""The browser ticket form: the type step, per-type fields, filing as guest or customer in each language, receipts."""

from django.urls import reverse

from tests.tickets.views._new_helpers import NEW_URL, counts, form_data, png_upload, post_new
from tickets.models import Ticket

# --- The type step and the fields of a type --------------------------------------------------------------------


def test_type_step_offers_every_active_type_as_a_get_form(client, reference_data):
    response = client.get(NEW_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<form method="get"' in content
    for slug in ("deposit_withdrawal", "trading", "account_security", "account_access", "verification", "api", "other"):
        assert f'name="type" value="{slug}"' in content
    assert "Deposits and withdrawals" in content


def test_unknown_type_answers_a_clear_error_and_stores_nothing(client, reference_data):
    response = client.get(NEW_URL + "?type=no-such-type")
    assert response.status_code == 400
    assert "We do not know that topic" in response.content.decode()

    before = counts()
    response = client.post(NEW_URL + "?type=no-such-type", form_data(type="no-such-type"))
    assert response.status_code == 400
    assert counts() == before


def test_a_very_long_type_is_refused_like_an_unknown_one(client, reference_data):
    response = client.get(NEW_URL, {"type": "x" * 100_000})

    assert response.status_code == 400


def test_deposit_type_asks_for_its_structured_fields_and_requires_the_asset(client, reference_data):
    response = client.get(NEW_URL + "?type=deposit_withdrawal")

    assert response.status_code == 200
    form = response.context["form"]
    for name in ("transaction_id", "asset", "network", "amount", "occurred_at", "attempted_steps"):
        assert not form.fields[name].disabled
    assert form.fields["asset"].required
    assert not form.fields["transaction_id"].required
    content = response.content.decode()
    assert 'data-structured="transaction_id">' in content
    assert 'accept="image/png,image/jpeg,image/webp"' in content
    assert "multiple" in content


def test_other_type_hides_and_disables_the_facts_it_does_not_ask_for(client, reference_data):
    response = client.get(NEW_URL + "?type=other")

    form = response.context["form"]
    assert form.fields["transaction_id"].disabled
    assert not form.fields["attempted_steps"].disabled
    content = response.content.decode()
    assert 'data-structured="transaction_id" hidden' in content
    assert 'data-structured="attempted_steps">' in content


def test_a_required_structured_field_is_enforced(client, reference_data):
    before = counts()

    response = post_new(client, asset="")

    assert response.status_code == 400
    assert "asset" in response.context["form"].errors
    assert counts() == before


def test_facts_the_type_does_not_ask_for_are_ignored(client, reference_data):
    response = post_new(client, type="other", transaction_id="0xdeadbeef", asset="BTC", amount="5")

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.type.slug == "other"
    assert (ticket.transaction_id, ticket.asset, ticket.amount) == ("", "", None)


def test_the_posted_type_wins_over_the_query_string(client, reference_data):
    # With JavaScript the type can be switched in place; the hidden field carries the choice.
    response = client.post(NEW_URL + "?type=deposit_withdrawal", form_data(type="trading", asset="BTC"))

    assert response.status_code == 302
    assert Ticket.objects.get().type.slug == "trading"


# --- Filing a ticket -------------------------------------------------------------------------------------------


def test_guest_files_a_ticket_with_two_screenshots_and_then_sees_the_conversation(client, reference_data):
    response = client.post(
        NEW_URL + "?type=deposit_withdrawal",
        form_data(screenshots=[png_upload("first.png"), png_upload("second.png", color=(200, 80, 10))]),
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/tickets/{ticket.reference}/created/"
    assert ticket.requester is None
    assert ticket.channel == "web"
    assert ticket.language == "en"
    assert ticket.asset == "USDT"
    assert ticket.amount == 500
    shots = list(ticket.screenshots.order_by("id"))
    assert [s.original_name for s in shots] == ["first.png", "second.png"]
    assert all(s.message_id is None for s in shots)

    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    content = confirmation.content.decode()
    assert ticket.reference in content
    assert "within 1 hour" in content  # deposits are high priority: first response in an hour
    assert ticket.first_response_due.strftime("%Y-%m-%d %H:%M") in content
    assert reverse("tickets:detail", kwargs={"reference": ticket.reference}) in content

    conversation = client.get(f"/en/tickets/{ticket.reference}/")
    assert conversation.status_code == 200
    page = conversation.content.decode()
    assert "USDT withdrawal pending for 3 hours" in page
    for shot in shots:
        assert reverse("screenshot", args=[shot.public_id]) in page


def test_another_browser_cannot_open_a_guest_ticket_or_its_confirmation(client, reference_data):
    from django.test import Client

    response = post_new(client)
    ticket = Ticket.objects.get()
    stranger = Client()

    assert stranger.get(response["Location"]).status_code == 404
    assert stranger.get(f"/en/tickets/{ticket.reference}/").status_code == 404


def test_signed_in_customer_gets_a_prefilled_email_and_owns_the_ticket(client, customer):
    client.force_login(customer)

    form_page = client.get(NEW_URL + "?type=trading")
    assert form_page.context["form"]["contact_email"].value() == customer.email

    response = client.post(NEW_URL + "?type=trading", form_data(type="trading", contact_email=customer.email))
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.requester == customer
    assert client.get(response["Location"]).status_code == 200


def test_chinese_pages_work_and_the_ticket_keeps_the_language(client, reference_data):
    page = client.get("/zh-hans/tickets/new/?type=deposit_withdrawal")
    assert page.status_code == 200
    content = page.content.decode()
    assert '<html lang="zh-hans">' in content
    assert "充值与提现" in content

    response = post_new(client, url="/zh-hans/tickets/new/", title="USDT 提现未到账", description="已经三个小时了。")

    ticket = Ticket.objects.get()
    assert ticket.language == "zh-hans"
    assert response["Location"] == f"/zh-hans/tickets/{ticket.reference}/created/"
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert ticket.reference in confirmation.content.decode()


def test_the_language_switch_posts_to_set_language_with_this_page_in_the_other_language(client, reference_data):
    content = client.get(NEW_URL + "?type=trading").content.decode()

    assert 'action="/i18n/setlang/"' in content
    assert 'name="language" value="zh-hans"' in content
    assert 'name="next" value="/zh-hans/tickets/new/?type=trading"' in content
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/zh-hans/tickets/new/?type=trading"})
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/tickets/new/?type=trading"


def test_every_page_carries_the_anti_phishing_notice_and_the_js_catalog(client, reference_data):
    content = client.get(NEW_URL).content.decode()

    assert "Supportdesk staff will never ask for your password, 2FA codes or seed phrase." in content
    assert reverse("javascript-catalog") in content


def test_the_form_posts_with_a_csrf_token(reference_data):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    assert strict.post(NEW_URL + "?type=other", form_data(type="other")).status_code == 403
    assert "csrfmiddlewaretoken" in strict.get(NEW_URL + "?type=other").content.decode()
    assert Ticket.objects.count() == 0


def test_confirmation_page_promise_is_the_type_sla(client, reference_data):
    post_new(client, type="account_security", asset="BTC")
    ticket = Ticket.objects.get()

    page = client.get(f"/en/tickets/{ticket.reference}/created/").content.decode()

    assert "within 15 minutes" in page  # account security is urgent
