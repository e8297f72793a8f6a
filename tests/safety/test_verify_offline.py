"""The verdict never touches the network: sockets are blocked while it runs on every kind of input."""

import socket

import pytest

from safety.verify import verdict
from tests.safety.test_verify_false_alarms import unrelated_values
from tests.safety.test_verify_oracle import dnstwist_variants


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network call: {args!r}")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)


def test_verdicts_make_no_network_call(channels, no_network):
    from safety.verify import hosts

    hosts._extractor.cache_clear()  # the public suffix list is loaded again, with the network blocked
    variants = [p["domain"] for p in dnstwist_variants("supportdesk.com")][::5]  # every fuzzer, fewer names
    acceptance = [
        "supp0rtdesk.com",
        "https://supportdesk.com@evil.io/",
        "support@supportdesk.com",
        "https://help.supportdesk.com/x",
        "t.me/SupportdeskHelp",
        "t.me/SupportdeskHe1p",
        "supportdеsk.com",
        "supportdesk.com.cn",
        "+1 415 555 0100",
    ]
    for value in acceptance + unrelated_values() + variants:
        verdict(value, channels)
    with pytest.raises(NetworkUsed):  # the guard itself works
        socket.create_connection(("127.0.0.1", 9))
