"""Fixtures shared by the whole suite."""

import os

import pytest
from django.db import connection


@pytest.fixture(autouse=True, scope="session")
def _expected_database(django_db_setup, django_db_blocker):
    """CI names the database it means to test; running on another one is a failure, not a pass."""
    expected = os.environ.get("EXPECT_DATABASE_VENDOR")
    if expected:
        with django_db_blocker.unblock():
            vendor = connection.vendor
        assert vendor == expected, f"tests ran on {vendor}, CI expected {expected}"
