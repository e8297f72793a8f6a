"""Fixtures shared by the ticket page's test modules: the shipped canned responses, a named customer and agent."""

import pytest

from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_canned_responses
from tickets.models import Team


@pytest.fixture
def canned_responses(reference_data):
    """Used by every ticket-page module (``pytest.mark.usefixtures``), as the single module's autouse fixture was."""
    make_canned_responses()


@pytest.fixture
def named_customer(reference_data):
    return UserFactory(first_name="Alice", last_name="Chen", tier="vip2")


@pytest.fixture
def named_agent(reference_data):
    return AgentFactory(first_name="Sam", teams=list(Team.objects.all()))
