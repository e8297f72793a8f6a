"""The OpenAPI schema is valid, served offline, and the API keeps the promises it makes.

The schemathesis run generates requests from the schema for every operation and fails on any
5xx and on any response that the schema does not describe (status, content type, body shape).
"""

import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.factories import AgentFactory, UserFactory
from tests.tickets.api._ticket_helpers import clean, make_ticket
from tickets import services
from tickets.models import Screenshot

CHECKS = [not_a_server_error, response_schema_conformance]
# Generated requests per operation and role: the full run on PostgreSQL (the production database,
# `make test`'s second pass), a fifth as many on the fast SQLite pass, where the full run took a
# sixth of the pass's five minutes.
MAX_EXAMPLES = {"postgresql": 50, "sqlite": 10}


def test_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn turns any guess drf-spectacular had to make into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    for operation in (
        "tickets_list",
        "tickets_create",
        "tickets_retrieve",
        "tickets_messages_create",
        "tickets_screenshots_create",
        "ticket_types_list",
        "screenshots_retrieve",
    ):
        assert f"operationId: {operation}" in text
    assert "Idempotency-Key" in text


def test_schema_documents_errors_and_auth(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    create = schema["paths"]["/api/v1/tickets/"]["post"]
    assert {"201", "400", "401", "422"} <= set(create["responses"])
    assert create["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert set(create["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {"tokenAuth", "bearerAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    shot = schema["paths"]["/api/v1/screenshots/{public_id}/"]["get"]["responses"]["200"]["content"]
    assert set(shot) == {"image/png", "image/jpeg", "image/webp"}


def test_swagger_ui_is_served_without_internet(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"""(src|href)=["']https?://""", html), "Swagger UI must load its assets locally"


# --- schemathesis -----------------------------------------------------------------------------


@pytest.fixture
def wsgi_app():
    # Like Django's test client: the test owns the connection, requests must not close it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def live_objects(transactional_db, reference_data):
    """A customer's ticket with a screenshot, so generated requests also reach the 2xx paths."""
    customer = UserFactory()
    agent = AgentFactory()
    ticket = make_ticket(customer, screenshots=[clean()])
    services.ticket_reply(ticket=ticket, author=agent, body="note", internal=True)
    return {
        "customer": customer,
        "agent": agent,
        "reference": ticket.reference,
        "public_id": str(Screenshot.objects.get(ticket=ticket).public_id),
    }


def _operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()


@pytest.mark.parametrize("role", ["agent", "customer"])
def test_api_conforms_to_its_schema(role, live_objects, wsgi_app, monkeypatch):
    # DRF's stock throttles froze their rates at import; this run sends far more than a minute's worth.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)
    token, _ = Token.objects.get_or_create(user=live_objects[role])
    headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    real_values = {"reference": live_objects["reference"], "public_id": live_objects["public_id"]}

    operations = list(_operations(schema))
    assert len(operations) >= 7
    for operation in operations:
        _fuzz(operation, wsgi_app, headers, real_values)


def _fuzz(operation, app, headers, real_values):
    strategies = [operation.as_strategy(), *operation.schema.get_strategies_from_examples(operation)]

    @hypothesis_settings(
        max_examples=MAX_EXAMPLES[connection.vendor],
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(*strategies), use_real_ids=st.booleans())
    def run(case, use_real_ids):
        # Half the cases address objects that exist, so validation, services and 2xx shapes are
        # exercised too, not only the 404 for a random reference.
        if use_real_ids and case.path_parameters:
            for name in case.path_parameters:
                if name in real_values:
                    case.path_parameters[name] = real_values[name]
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()
