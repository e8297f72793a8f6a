"""No index that another already serves: every index costs each insert and update of its table.

Django gives every foreign key an index of its own; where a composite index or a unique constraint
already leads with that column, PostgreSQL and SQLite use the composite one for the same look-ups,
and the single-column index only slows the writes (a ticket's insert maintained four of them).
"""

import pytest
from django.apps import apps
from django.db import connection, models

OUR_APPS = ("accounts", "knowledgebase", "tickets", "assistant", "safety", "mail")


def _leading_columns(model) -> set[str]:
    """The first column of each multi-column index or unique constraint that covers every row."""
    meta = model._meta
    groups = [index.fields for index in meta.indexes if index.fields and index.condition is None]
    groups += [
        constraint.fields
        for constraint in meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and constraint.condition is None
    ]
    groups += [list(fields) for fields in meta.unique_together]
    return {meta.get_field(fields[0].lstrip("-")).column for fields in groups if len(fields) > 1}


def _our_models():
    # Many-to-many tables Django creates itself keep its indexes: it owns their shape.
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in OUR_APPS and meta.managed and not meta.proxy and not meta.auto_created:
            yield model


def redundant_indexes() -> list[str]:
    found = []
    for model in _our_models():
        meta = model._meta
        covered = _leading_columns(model)
        for field in meta.local_fields:
            if field.db_index and not field.unique and field.column in covered:
                found.append(f"{meta.label}.{field.name}")
    return found


def test_no_single_column_index_repeats_the_lead_of_a_composite_one():
    assert redundant_indexes() == []


@pytest.mark.django_db
def test_the_migrated_database_has_no_foreign_key_index_a_composite_one_leads_with():
    # The migrations drop them by name: this checks the names were Django's on this backend.
    found = []
    with connection.cursor() as cursor:
        for table in sorted({model._meta.db_table for model in _our_models()}):
            constraints = connection.introspection.get_constraints(cursor, table).values()
            keys = {column for c in constraints if c["foreign_key"] for column in c["columns"]}
            leads = {c["columns"][0] for c in constraints if len(c["columns"]) > 1 and (c["index"] or c["unique"])}
            found += [
                f"{table}.{c['columns'][0]}"
                for c in constraints
                if c["index"] and not c["unique"] and c["columns"] in ([k] for k in keys & leads)
            ]
    assert found == []
