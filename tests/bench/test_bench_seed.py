"""The seeder's raw SQL names every column the database requires: a new NOT NULL column on
tickets or users (``anti_phishing_code``, ``emergency``) must break this test, not the benchmark."""

import re

import pytest
from django.contrib.auth import get_user_model

from bench import seed
from bench.seed import history, open_tickets
from tickets.models import Ticket

INSERTS = re.compile(r"INSERT INTO (\w+) \(([^)]*)\)", re.S)


def _required(model) -> set[str]:
    """Columns without NULL and without a database default: an INSERT has to name them."""
    from django.db.models.fields import NOT_PROVIDED

    return {
        f.column
        for f in model._meta.concrete_fields
        if not f.null and not f.primary_key and getattr(f, "db_default", NOT_PROVIDED) is NOT_PROVIDED
    }


def _inserted(sql: str, table: str) -> list[set[str]]:
    return [{c.strip() for c in cols.split(",")} for name, cols in INSERTS.findall(sql) if name == table]


@pytest.mark.parametrize("sql", [history.TICKETS_SQL, open_tickets.TICKETS_SQL], ids=["history", "open"])
def test_ticket_inserts_name_every_required_column(sql):
    (columns,) = _inserted(sql, "tickets_ticket")
    assert _required(Ticket) - columns == set()


def test_user_inserts_name_every_required_column():
    inserts = _inserted(seed.USERS_SQL, "accounts_user")
    assert len(inserts) == 2
    for columns in inserts:
        assert _required(get_user_model()) - columns == set()
