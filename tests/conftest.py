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


# --- Annotations fixtures (annotations engineer) ------------------------------------------------


@pytest.fixture
def resolution(db):
    from resolutions.models import Paragraph, Resolution

    resolution = Resolution.objects.create(
        symbol="A/RES/79/154",
        session=79,
        number="154",
        number_int=154,
        title="Trafficking in women and girls",
    )
    texts = [
        ("pp1", Paragraph.Kind.PREAMBULAR, "", "Reiterating its condemnation of trafficking"),
        (
            "op1",
            Paragraph.Kind.OPERATIVE,
            "1",
            "Takes note of the report of the Secretary-General on trafficking in women and girls;",
        ),
        (
            "op26",
            Paragraph.Kind.OPERATIVE,
            "26",
            "Decides to continue its consideration of the question, and to consider the question "
            "again at its eighty-first session.",
        ),
    ]
    for position, (pid, kind, label, text) in enumerate(texts, start=1):
        Paragraph.objects.create(
            resolution=resolution, pid=pid, kind=kind, label=label, position=position, text=text
        )
    return resolution


@pytest.fixture
def op26(resolution):
    return resolution.paragraphs.get(pid="op26")


@pytest.fixture
def fast_passwords(settings):
    """Real hashing costs a second per user; these tests are about permissions, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db, django_user_model, fast_passwords):
    def make(username, **extra):
        return django_user_model.objects.create_user(
            username=username, password="correct horse battery staple", **extra
        )

    return make


@pytest.fixture
def author(make_user):
    return make_user("amina", email="amina@example.org")


@pytest.fixture
def teammate(make_user):
    return make_user("bruno")


@pytest.fixture
def outsider(make_user):
    return make_user("chen")


@pytest.fixture
def staff(make_user):
    return make_user("dana", is_staff=True)


@pytest.fixture
def team(author, teammate):
    from annotations.models import Team

    team = Team.create(name="Gender desk", owner=author)
    team.add_member(teammate)
    return team


@pytest.fixture
def make_note(op26, author):
    from annotations.models import Annotation, Tag

    def make(paragraph=None, *, by=None, note="A note", visibility="private", team=None, tags=()):
        paragraph = paragraph or op26
        annotation = Annotation.objects.create(
            paragraph=paragraph,
            author=by or author,
            note=note,
            visibility=visibility,
            team=team,
            paragraph_revision=paragraph.revision,
            anchored_revision=paragraph.revision,
        )
        annotation.tags.set(Tag.objects.get_or_create_all(list(tags)))
        return annotation

    return make


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def as_user(client):
    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def plain_static(settings):
    """The live server finds static files through the finders, which know only unhashed names;
    the manifest storage of production would make every script and stylesheet a 404."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- end of annotations fixtures ----------------------------------------------------------------
