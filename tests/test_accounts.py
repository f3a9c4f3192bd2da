"""Accounts: sign up (unless turned off), sign in with throttling, sign out, password change
and reset with the mail going to the console in development."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail


@pytest.fixture(autouse=True)
def _fast(fast_passwords):
    """Every test here hashes passwords; the cheap hasher keeps them quick."""


def test_the_sign_in_page_has_username_password_and_a_sign_in_button(client, db):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    for label in (">Username</label>", ">Password</label>", ">Sign in</button>"):
        assert label in page.text


def test_a_user_signs_in_and_out(client, author):
    response = client.post(
        "/accounts/login/",
        {"username": "amina", "password": "correct horse battery staple", "next": "/teams/"},
    )
    assert response.status_code == 302 and response.url == "/teams/"
    assert "Sign out (amina)" in client.get("/teams/").text
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/teams/").status_code == 302


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, author):
    response = client.post("/accounts/login/", {"username": "amina", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_repeated_wrong_passwords_lock_the_account_out_for_a_while(client, author, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "amina", "password": "nope"})
    response = client.post(
        "/accounts/login/", {"username": "amina", "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text


def test_a_visitor_signs_up_and_is_signed_in(client, db):
    page = client.get("/accounts/signup/")
    assert page.status_code == 200 and ">Username</label>" in page.text
    response = client.post(
        "/accounts/signup/",
        {
            "username": "elif",
            "email": "elif@example.org",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(username="elif").exists()
    assert "Sign out (elif)" in client.get("/teams/").text


def test_sign_up_refuses_a_weak_password_and_keeps_the_username(client, db):
    response = client.post(
        "/accounts/signup/", {"username": "elif", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 400
    assert "This password is too short" in response.text
    assert 'value="elif"' in response.text


def test_sign_up_can_be_turned_off(client, db, settings):
    settings.SIGNUP_ENABLED = False
    assert client.get("/accounts/signup/").status_code == 404


def test_a_signed_in_user_changes_their_password(as_user, author):
    client = as_user(author)
    assert client.get("/accounts/password_change/").status_code == 200
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "correct horse battery staple",
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.check_password("another long passphrase")


def test_a_password_reset_mails_a_link_that_sets_a_new_password(client, author):
    response = client.post("/accounts/password_reset/", {"email": "amina@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/reset/") :].strip()
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.text
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand new passphrase 42", "new_password2": "brand new passphrase 42"},
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.check_password("brand new passphrase 42")


def test_the_sign_in_page_offers_sign_up_only_when_it_is_open(client, db, settings):
    assert "Create an account" in client.get("/accounts/login/").text
    settings.SIGNUP_ENABLED = False
    assert "Create an account" not in client.get("/accounts/login/").text
