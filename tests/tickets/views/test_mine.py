"""The signed-in customer's ticket list."""

from tests.tickets.make import make_ticket as shared_make_ticket


def make_ticket(requester, title="Deposit not credited"):
    return shared_make_ticket(
        requester, type_slug="other", title=title, description="Details.", email="someone@example.com"
    )


def test_a_customer_sees_only_their_own_tickets_newest_first(client, customer, other_customer):
    older = make_ticket(customer, "Older problem")
    newer = make_ticket(customer, "Newer problem")
    foreign = make_ticket(other_customer, "Someone else's problem")
    client.force_login(customer)

    response = client.get("/en/tickets/")

    assert response.status_code == 200
    content = response.content.decode()
    assert content.index(newer.reference) < content.index(older.reference)
    assert foreign.reference not in content
    assert "Someone else&#x27;s problem" not in content


def test_an_agent_sees_the_tickets_they_filed_not_the_queue(client, customer, agent):
    queued = make_ticket(customer, "A customer's ticket")
    own = make_ticket(agent, "My own question")
    client.force_login(agent)

    content = client.get("/en/tickets/").content.decode()

    assert own.reference in content
    assert queued.reference not in content


def test_the_list_is_paginated_by_25(client, customer):
    tickets = [make_ticket(customer, f"Problem {i}") for i in range(26)]
    client.force_login(customer)

    first = client.get("/en/tickets/").content.decode()
    second = client.get("/en/tickets/", {"page": 2}).content.decode()

    assert tickets[0].reference not in first
    assert tickets[0].reference in second
    assert tickets[-1].reference in first
    assert "Page 2 of 2" in second


def test_a_hostile_page_number_does_not_break_the_list(client, customer):
    make_ticket(customer)
    client.force_login(customer)

    for page in ("0", "-1", "abc", "99999999999999999999", "1 OR 1=1"):
        assert client.get("/en/tickets/", {"page": page}).status_code == 200


def test_an_empty_list_invites_to_submit_a_ticket(client, customer):
    client.force_login(customer)

    content = client.get("/en/tickets/").content.decode()

    assert "No tickets yet" in content
    assert 'href="/en/tickets/new/"' in content
