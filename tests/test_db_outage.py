"""While the database cannot be reached, people get a clear 503 page that says to retry, not a
server error; when it is back, pages work again by themselves."""

import socket
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client

PASSWORD = "a long and unguessable passphrase"


def database_down():
    """Every query fails the way a dropped connection does."""
    error = OperationalError("server closed the connection unexpectedly")
    return mock.patch.multiple(
        CursorWrapper,
        execute=mock.Mock(side_effect=error),
        executemany=mock.Mock(side_effect=error),
    )


def assert_outage_page(response):
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Cache-Control"] == "no-store"
    assert b"Temporarily unavailable" in response.content
    assert b"try again" in response.content
    assert b"Traceback" not in response.content


def test_a_page_that_needs_the_database_says_it_is_temporarily_unavailable(client, db):
    with database_down():
        response = client.get("/tags/")
    assert_outage_page(response)


def test_signing_in_during_the_outage_gets_the_same_page(client, django_user_model):
    django_user_model.objects.create_user("amina", password=PASSWORD)
    with database_down():
        response = client.post("/accounts/login/", {"username": "amina", "password": PASSWORD})
    assert_outage_page(response)


def test_a_database_error_after_the_view_also_gets_the_outage_page(client, django_user_model):
    """The session is saved by a middleware after the view has answered."""
    django_user_model.objects.create_user("amina", password=PASSWORD)
    error = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(SessionStore, "save", side_effect=error):
        response = client.post("/accounts/login/", {"username": "amina", "password": PASSWORD})
    assert_outage_page(response)


def test_a_cached_reader_page_also_gets_the_outage_page_and_comes_back(resolution):
    """The page cache checks the database before answering, so it cannot serve a page it can no
    longer tell is current; it is answered again as soon as the database is back."""
    reader = "/resolutions/A/RES/79/154/"
    Client(raise_request_exception=False).get(reader)  # built and cached
    with database_down():
        response = Client(raise_request_exception=False).get(reader)
    assert_outage_page(response)
    again = Client().get(reader)
    assert again.status_code == 200 and b"Decides to continue" in again.content


def test_other_errors_are_still_server_errors(db):
    client = Client(raise_request_exception=False)
    with mock.patch.object(CursorWrapper, "execute", side_effect=ValueError("a bug")):
        response = client.get("/tags/")
    assert response.status_code == 500


def test_pages_work_again_once_the_database_is_back(client, db):
    with database_down():
        assert client.get("/tags/").status_code == 503
    assert client.get("/tags/").status_code == 200


@pytest.fixture
def refused_port():
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a refused connection needs a database server; the SQLite test database is in memory",
)
def test_a_real_refused_connection_gets_the_outage_page_and_the_app_recovers(
    client, transactional_db, refused_port
):
    real = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(refused_port))
    try:
        response = client.get("/tags/")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(real)
    assert_outage_page(response)
    assert client.get("/tags/").status_code == 200
