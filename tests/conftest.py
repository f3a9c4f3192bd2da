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
    copy_primary_texts(resolution)
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
    from annotations.models import Annotation

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
        annotation.set_tags(list(tags))
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


# --- end of annotations fixtures ----------------------------------------------------------------


# --- Reader fixtures (reader engineer) -----------------------------------------------------------

BUNDLED_TEXT = "data/A_RES_79_154.md"


@pytest.fixture
def bundled(db):
    """A/RES/79/154 as `make run` loads it: ingested from the bundled text.

    The first test in a process that asks for it on an empty library runs the real ingest and
    keeps the rows it wrote; later ones get those rows back in bulk, a fraction of the cost.
    Tests of the ingest itself call the command, not this fixture.
    """
    from resolutions.models import Resolution
    from tests.snapshots import ingested_once

    ingested_once(BUNDLED_TEXT)
    return Resolution.objects.get(symbol="A/RES/79/154")


@pytest.fixture
def global_plan(db):
    """A/RES/64/293, the Global Plan of Action that A/RES/79/154 cites, as a short resolution of
    its own, so that the library holds both ends of a cross-link."""
    from resolutions.models import Paragraph, Resolution

    plan = Resolution.objects.create(
        symbol="A/RES/64/293",
        session=64,
        number="293",
        number_int=293,
        title="United Nations Global Plan of Action to Combat Trafficking in Persons",
    )
    Paragraph.objects.create(
        resolution=plan,
        pid="op1",
        kind=Paragraph.Kind.OPERATIVE,
        label="1",
        position=1,
        text="Adopts the United Nations Global Plan of Action to Combat Trafficking in Persons;",
    )
    copy_primary_texts(plan)
    return plan


@pytest.fixture
def make_resolution(db):
    """A resolution of `size` operative paragraphs, each with a footnote citing a treaty and a
    mention of a UN document: what the reader must show without a query per paragraph."""
    from resolutions.models import (
        Citation,
        Footnote,
        FootnoteMarker,
        Instrument,
        Paragraph,
        Resolution,
    )

    treaty, _ = Instrument.objects.get_or_create(
        slug="test-convention",
        defaults={"kind": "treaty", "title": "Test Convention", "unts_volume": 1, "unts_number": 1},
    )
    report, _ = Instrument.objects.get_or_create(
        slug="a-70-1", defaults={"kind": "document", "title": "A/70/1", "symbol": "A/70/1"}
    )

    def make(size, symbol="A/RES/70/500", session=70, title="A resolution for testing"):
        resolution = Resolution.objects.create(
            symbol=symbol,
            session=session,
            number=symbol.rsplit("/", 1)[-1],
            number_int=int(symbol.rsplit("/", 1)[-1]),
            title=title,
            committee="Third Committee",
        )
        for n in range(1, size + 1):
            text = f"Requests the report A/70/1 on item {n}, and the Test Convention;"
            paragraph = Paragraph.objects.create(
                resolution=resolution,
                pid=f"op{n}",
                kind=Paragraph.Kind.OPERATIVE,
                label=str(n),
                position=n,
                text=text,
                emphasis=[[0, 8]],
            )
            footnote = Footnote.objects.create(
                resolution=resolution, number=n, text="United Nations, Treaty Series, vol. 1."
            )
            FootnoteMarker.objects.create(
                paragraph=paragraph, footnote=footnote, offset=len(text) - 1
            )
            Citation.objects.create(
                instrument=treaty,
                resolution=resolution,
                paragraph=paragraph,
                footnote=footnote,
                via="footnote",
            )
            Citation.objects.create(
                instrument=report,
                resolution=resolution,
                paragraph=paragraph,
                via="text",
                words="A/70/1",
                start=text.index("A/70/1"),
                end=text.index("A/70/1") + len("A/70/1"),
            )
        copy_primary_texts(resolution)
        return resolution

    return make


# --- end of reader fixtures ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as a freshly started server would."""
    from django.core.cache import cache

    from drafts import agreed
    from resolutions.cache import fragments
    from resolutions.cache.pages import STORE

    cache.clear()
    STORE.clear()
    fragments.STORE.clear()
    agreed.cache.clear()
    yield
    cache.clear()
    STORE.clear()
    fragments.STORE.clear()
    agreed.cache.clear()


def copy_primary_texts(resolution) -> None:
    """Gives every paragraph of a resolution made here row by row its text in the primary
    language, as the ingest does: search and the reader read those."""
    from resolutions.models import ParagraphText

    language = resolution.primary_language
    existing = {
        text.paragraph_id: text
        for text in ParagraphText.objects.filter(
            paragraph__resolution=resolution, language=language
        )
    }
    to_create, to_update = [], []
    for paragraph in resolution.paragraphs.all():
        text = existing.get(paragraph.pk)
        if text is None:
            to_create.append(
                ParagraphText(
                    paragraph=paragraph,
                    language=language,
                    text=paragraph.text,
                    emphasis=paragraph.emphasis,
                    links=paragraph.links,
                    table=paragraph.table,
                )
            )
        elif text.text != paragraph.text:
            text.text = paragraph.text
            to_update.append(text)
    ParagraphText.objects.bulk_create(to_create, batch_size=500)
    ParagraphText.objects.bulk_update(to_update, ["text"], batch_size=500)


@pytest.fixture
def parts(db):
    from resolutions.models import Paragraph, ParagraphText, Resolution, ResolutionText

    SYMBOL = "A/RES/77/264"
    """A two-part resolution in English, French and Arabic, with a heading, an annex and a
    paragraph the French text lacks."""
    resolution = Resolution.objects.create(
        symbol=SYMBOL,
        session=77,
        number="264",
        number_int=264,
        title="Financing",
        committee="Fifth Committee",
        vote_outcome="without vote",
    )
    for code, title, parts in [
        ("en", "Financing", [{"label": "A", "title": "Budget"}, {"label": "B", "title": "Staff"}]),
        (
            "fr",
            "Financement",
            [{"label": "A", "title": "Budget"}, {"label": "B", "title": "Personnel"}],
        ),
        ("ar", "التمويل", []),
    ]:
        ResolutionText.objects.create(
            resolution=resolution,
            language=code,
            title=title,
            parts=parts,
            annexes=[{"number": 1, "heading": "Annex", "title": "Programme of action"}],
        )
    rows = [
        ("a-pp1", "preambular", "", "a", None, "Recalling its resolution 76/1,"),
        ("a-op1", "operative", "1", "a", None, "Decides to act;"),
        ("h1", "heading", "", "b", None, "I. Staff matters"),
        ("b-op1", "operative", "1", "b", None, "Requests the Secretary-General to report;"),
        ("annex1-op1", "operative", "1", "", 1, "Goal one of the programme."),
    ]
    made = {}
    for position, (pid, kind, label, part, annex, text) in enumerate(rows, start=1):
        made[pid] = Paragraph.objects.create(
            resolution=resolution,
            pid=pid,
            kind=kind,
            label=label,
            part=part,
            annex=annex,
            position=position,
            text=text,
        )
        ParagraphText.objects.create(paragraph=made[pid], language="en", text=text)
        if pid != "b-op1":
            ParagraphText.objects.create(paragraph=made[pid], language="fr", text=f"FR {text}")
        ParagraphText.objects.create(paragraph=made[pid], language="ar", text=f"نص {pid}")
    made["a-op1"].texts.filter(language="en").update(
        emphasis=[[0, 7, "bold"]], links=[[11, 15, "https://undocs.org/A/RES/76/1"]]
    )
    made["annex1-op1"].texts.filter(language="en").update(table=[["Goal", "Year"], ["One", "2030"]])
    return resolution, made
