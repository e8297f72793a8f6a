"""The test passes really run where they claim to."""

import pytest
from django.db import connection

from tests.conftest import USE_POSTGRES


@pytest.mark.django_db
def test_database_backend_matches_the_pass():
    assert connection.vendor == ("postgresql" if USE_POSTGRES else "sqlite")
    if USE_POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            assert int(cursor.fetchone()[0].split(".")[0]) >= 15
