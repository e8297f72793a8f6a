"""The seeders write rows with plain SQL, so a new NOT NULL column the model fills in Python breaks
them only on PostgreSQL, at bench time. Every required column must be named in each INSERT."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import NOT_PROVIDED

BENCH = Path(__file__).resolve().parents[2] / "bench"
SEEDERS = sorted(path for path in BENCH.rglob("*.py") if "INSERT INTO" in path.read_text())


def _inserts(text: str):
    for match in re.finditer(r"INSERT INTO (\w+) \((.*?)\)", text, re.S):
        yield match.group(1), {column.strip() for column in match.group(2).split(",")}


def _required_columns(table: str) -> set[str] | None:
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == table:
            return {
                field.column
                for field in model._meta.concrete_fields
                if not field.null and not field.primary_key and field.db_default is NOT_PROVIDED
            }
    return None  # a temporary table of the seeder's own


@pytest.mark.parametrize("seeder", SEEDERS, ids=lambda path: path.name)
def test_every_insert_names_every_required_column(seeder):
    assert SEEDERS, "no seeder found"
    for table, columns in _inserts(seeder.read_text()):
        required = _required_columns(table)
        if required is None:
            continue
        assert not required - columns, f"{seeder.name}: INSERT INTO {table} leaves out {sorted(required - columns)}"
