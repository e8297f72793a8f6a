"""Input the framework itself chokes on is a 400 on every route: the site, the admin and the API.

Sent through the real WSGI application (``supportdesk.wsgi.application``), because Django raised the
charset errors while *building* the request, before any middleware, and the test client builds its
requests with Django's own class:

- a non-text charset in Content-Type (``text/plain; charset=rot13``) with a query string;
- a UTF-16 form body;
- JSON nested 6 KB deep (``RecursionError`` escaped DRF's parser on every JSON endpoint).
"""

import io
import json

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from supportdesk.wsgi import application
from tests.factories import UserFactory
from tests.urlwalk import concrete, routes
from tickets import services
from tickets.models import TicketType

pytestmark = pytest.mark.django_db

NESTED_JSON = ("[" * 6000 + "]" * 6000).encode()


@pytest.fixture
def values(reference_data):
    customer = UserFactory(email="lin@example.com", username="lin@example.com")
    ticket = services.ticket_create(
        data=services.TicketInput(
            title="Help", description="Please", type=TicketType.objects.get(slug="other"), contact_email=customer.email
        ),
        requester=customer,
    )
    token, _ = Token.objects.get_or_create(user=customer)
    return {
        "token_header": f"Token {token.key}",
        "reference": ticket.reference,
        "object_id": str(ticket.pk),
        "pk": str(ticket.pk),
        "app_label": "tickets",
        "id": str(customer.pk),
        "content_type_id": "1",
        "slug": "withdrawal-delayed",
        "category": "deposits-withdrawals",
        "public_id": "00000000-0000-0000-0000-000000000000",
        "token": "abc",
        "uidb64": "MQ",
        "conversation": "x" * 32,
    }


def call(method: str, path: str, *, query: str = "", content_type: str = "", body: bytes = b"", **headers):
    """One request through the WSGI application, as gunicorn would make it; returns the status code."""
    environ = RequestFactory()._base_environ(
        PATH_INFO=path,
        REQUEST_METHOD=method,
        QUERY_STRING=query,
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": io.BytesIO(body)},
        **headers,
    )
    status = {}

    def start_response(line, response_headers, exc_info=None):
        status["code"] = int(line.split()[0])

    # As Django's test client does: the handler's signals would close the connection the test's
    # transaction lives on (its autocommit is off), and PostgreSQL, unlike SQLite in memory, obeys.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return status["code"]


def _urls(values):
    for route in routes():
        url = concrete(route, values)
        if url is not None:
            yield route, url


def test_a_non_text_charset_with_a_query_string_is_a_400_everywhere(values):
    for _route, url in _urls(values):
        for charset in ("rot13", "utf-16", "no-such-charset", "zlib"):
            code = call("GET", url, query="q=x&next=/", content_type=f"text/plain; charset={charset}")
            assert code == 400, f"GET {url} with charset={charset}: {code}"


def test_a_utf16_form_body_is_a_400_everywhere(values):
    body = "title=hello&description=world".encode("utf-16")
    for _route, url in _urls(values):
        code = call("POST", url, content_type="application/x-www-form-urlencoded; charset=utf-16", body=body)
        assert code == 400, f"POST {url}: {code}"


def test_deeply_nested_json_is_a_400_on_every_api_route(values):
    for route, url in _urls(values):
        if not route.is_api:
            continue
        code = call(
            "POST", url, content_type="application/json", body=NESTED_JSON, HTTP_AUTHORIZATION=values["token_header"]
        )
        assert code < 500, f"POST {url}: {code}"
    code = call(
        "POST",
        "/api/v1/tickets/",
        content_type="application/json",
        body=NESTED_JSON,
        HTTP_AUTHORIZATION=values["token_header"],
    )
    assert code == 400


def test_an_ordinary_charset_still_works(values):
    body = json.dumps({"helpful": True}).encode()
    assert call("GET", "/en/", query="q=withdrawal", content_type="text/plain; charset=UTF-8") == 200
    assert call("GET", "/en/", query="q=%E6%8F%90%E7%8E%B0", content_type="text/html; charset=gb18030") == 200
    code = call(
        "POST",
        "/api/v1/kb/articles/withdrawal-delayed/feedback/",
        content_type="application/json; charset=utf-8",
        body=body,
    )
    assert code in (200, 404)
