"""Hostile input, fuzzed with hypothesis: the ingest command and the annotation import never
crash, never write half of something, and always say clearly what was wrong."""

import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.models import Citation, Footnote, FootnoteMarker, Instrument, Paragraph, Resolution
from tests.test_ingest import BUNDLED

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BUNDLED_TEXT = BUNDLED.read_text(encoding="utf-8")
BUNDLED_LINES = BUNDLED_TEXT.splitlines(keepends=True)


def resolution_rows():
    return {
        model.__name__: model.objects.count()
        for model in (Resolution, Paragraph, Footnote, FootnoteMarker, Instrument, Citation)
    }


def ingest_file(tmp_path, text: str | bytes, capsys) -> tuple[bool, str]:
    """Run the command on the text; whether it loaded, and what it said on stderr."""
    path = tmp_path / "fuzzed.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    capsys.readouterr()
    try:
        call_command("ingest_resolution", str(path))
    except CommandError as error:
        err = capsys.readouterr().err
        assert "could not be loaded; nothing was written" in str(error)
        return False, err
    return True, capsys.readouterr().err


def assert_clear_refusal(err: str) -> None:
    """The error names the file; a parse error also names a line (when the parser knows it)."""
    assert "error:" in err and "fuzzed.md" in err, err


@st.composite
def perturbed_resolution(draw):
    """The bundled text with lines cut, repeated, swapped, garbled or the file truncated."""
    lines = list(BUNDLED_LINES)
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "garble", "truncate"]))
        if action == "delete":
            del lines[i : i + draw(st.integers(1, 20))]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "garble":
            lines[i] = draw(st.text(max_size=80)) + "\n"
        else:
            lines = lines[:i]
    return "".join(lines)


@FUZZ
@given(text=st.text(max_size=2000))
def test_arbitrary_text_is_refused_clearly_and_writes_nothing(db, tmp_path, capsys, text):
    before = resolution_rows()
    loaded, err = ingest_file(tmp_path, text, capsys)
    if not loaded:
        assert_clear_refusal(err)
        assert resolution_rows() == before


@FUZZ
@given(text=perturbed_resolution())
def test_a_damaged_resolution_either_loads_whole_or_writes_nothing(db, tmp_path, capsys, text):
    before = resolution_rows()
    loaded, err = ingest_file(tmp_path, text, capsys)
    if loaded:
        resolution = Resolution.objects.get()
        # What was loaded is whole: every marker points at a footnote of the same resolution.
        assert not FootnoteMarker.objects.exclude(footnote__resolution=resolution).exists()
        assert resolution.paragraphs.exists()
    else:
        assert_clear_refusal(err)
        assert resolution_rows() == before


@FUZZ
@given(raw=st.binary(max_size=400))
def test_bytes_that_are_not_utf8_text_are_refused_clearly(db, tmp_path, capsys, raw):
    before = resolution_rows()
    loaded, err = ingest_file(tmp_path, b"\xff\xfe" + raw, capsys)
    assert not loaded
    assert_clear_refusal(err)
    assert resolution_rows() == before


def test_a_failure_in_the_middle_of_loading_leaves_the_library_as_it_was(
    db, tmp_path, capsys, monkeypatch
):
    """Paragraphs and footnotes already written when the citations fail are rolled back."""
    call_command("ingest_resolution", str(BUNDLED))
    corrected = tmp_path / "fuzzed.md"
    corrected.write_text(BUNDLED_TEXT.replace("especially women and children;", "women;", 1))
    before = resolution_rows()
    paragraphs_before = sorted(Paragraph.objects.values_list("pid", "text", "revision"))

    from resolutions.ingest import writer as ingest

    written = ingest.insert_rows

    def broken(model, instances):
        if model is Citation:
            raise RuntimeError("disk full")
        written(model, instances)

    monkeypatch.setattr(ingest, "insert_rows", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        call_command("ingest_resolution", str(corrected))
    assert resolution_rows() == before
    assert sorted(Paragraph.objects.values_list("pid", "text", "revision")) == paragraphs_before


# --- the annotation import ------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def valid_item(paragraph_url: str) -> dict:
    return {
        "type": "Annotation",
        "created": "2025-01-02T03:04:05Z",
        "body": [
            {"type": "TextualBody", "value": "A note", "purpose": "commenting"},
            {"type": "TextualBody", "value": "labour", "purpose": "tagging"},
        ],
        "target": {
            "source": paragraph_url,
            "selector": {
                "type": "FragmentSelector",
                "value": "op26",
                "refinedBy": {"type": "TextQuoteSelector", "exact": "trafficking"},
            },
        },
    }


def paths_in(node, prefix=()):
    """Every place in a JSON value, as a path of keys and indexes."""
    yield prefix
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in children:
        yield from paths_in(child, (*prefix, key))


@st.composite
def damaged_collection(draw):
    """A valid one-item collection with one to three of its values replaced by arbitrary JSON."""
    item = valid_item("https://reader.example.org/resolutions/A/RES/79/154/op26/")
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in paths_in(item) if p]))
        parent = item
        try:
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier replacement took this place away
    return json.dumps({"type": "AnnotationCollection", "items": [item]})


@pytest.fixture
def importer(db, django_user_model):
    call_command("ingest_resolution", str(BUNDLED), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return django_user_model.objects.create_user("amina", password="a long passphrase 123")


def annotation_rows():
    from annotations.models import Annotation, Tag

    return Annotation.objects.count(), Tag.objects.count()


def import_through_the_page(client, raw: str | bytes):
    from django.core.cache import cache
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("notes.jsonld", raw if isinstance(raw, bytes) else raw.encode())
    # Each generated file stands for an import of its own hour: these tests are about what an
    # import may hold; how many an account may make is tests/test_hardening_round2.py's.
    cache.clear()
    return client.post("/annotations/import/", {"file": upload})


@settings(FUZZ, max_examples=120)
@given(raw=damaged_collection() | json_values.map(json.dumps) | st.text(max_size=200))
def test_a_damaged_import_file_gets_a_clear_message_and_adds_nothing(client, importer, raw):
    client.force_login(importer)
    before = annotation_rows()
    response = import_through_the_page(client, raw)
    if response.status_code == 302:
        assert annotation_rows()[0] >= before[0]
        return
    assert response.status_code == 400
    assert b'role="alert"' in response.content or b"errorlist" in response.content
    assert annotation_rows() == before


@pytest.mark.parametrize(
    ("place", "value"),
    [
        (("target", "selector"), "op26"),
        (("target", "selector"), [1]),
        (("target", "selector", "refinedBy"), "trafficking"),
        (("created",), "2024-13-45T00:00:00"),
        (("body",), [None]),
    ],
)
def test_an_import_item_with_a_value_of_the_wrong_shape_gets_a_clear_message(
    client, importer, place, value
):
    client.force_login(importer)
    item = valid_item("https://reader.example.org/resolutions/A/RES/79/154/op26/")
    parent = item
    for key in place[:-1]:
        parent = parent[key]
    parent[place[-1]] = value
    response = import_through_the_page(
        client, json.dumps({"type": "AnnotationCollection", "items": [item]})
    )
    assert response.status_code in {302, 400}
    if response.status_code == 400:
        assert b"Item 1" in response.content
        assert annotation_rows() == (0, 0)


def test_an_import_file_larger_than_the_limit_is_refused(client, importer, settings):
    from annotations.forms import IMPORT_MAX_BYTES

    client.force_login(importer)
    item = valid_item("https://reader.example.org/resolutions/A/RES/79/154/op26/")
    raw = json.dumps(
        {"type": "AnnotationCollection", "items": [item], "pad": "x" * IMPORT_MAX_BYTES}
    )
    response = import_through_the_page(client, raw)
    assert response.status_code == 400
    assert b"The file is larger than" in response.content
    assert annotation_rows() == (0, 0)


def test_a_valid_import_file_is_imported(client, importer):
    client.force_login(importer)
    item = valid_item("https://reader.example.org/resolutions/A/RES/79/154/op26/")
    response = import_through_the_page(
        client, json.dumps({"type": "AnnotationCollection", "items": [item]})
    )
    assert response.status_code == 302
    assert annotation_rows() == (1, 1)


# --- the note form's limits -----------------------------------------------------------------

printable = st.characters(blacklist_categories=("Cs", "Cc"))
tag_names = st.text(printable.filter(lambda c: c != ","), max_size=80)


@settings(FUZZ, max_examples=30)
@given(
    note=st.text(printable, max_size=60)
    | st.text(printable, max_size=5).map(lambda s: s + "x" * 20001),
    tags=st.lists(tag_names, max_size=30),
)
def test_a_note_beyond_the_limits_is_refused_with_what_was_typed_kept(client, importer, note, tags):
    from django.utils.html import escape

    from annotations.models import Annotation

    client.force_login(importer)
    before = annotation_rows()
    response = client.post(
        "/resolutions/A/RES/79/154/op26/notes/",
        {"note": note, "tags": ", ".join(tags), "visibility": "private"},
    )
    if response.status_code == 302:
        saved = Annotation.objects.latest("id")
        assert len(saved.note) <= 20000
        assert len(saved.tag_names()) <= 20
        assert all(len(name) <= 64 for name in saved.tag_names())
        return
    assert response.status_code in {200, 400}
    assert b"errorlist" in response.content or b'role="alert"' in response.content
    if 0 < len(note.strip()) <= 20000:
        assert escape(note.strip()).encode() in response.content
    assert annotation_rows() == before


# --- the security review's hostile cases (issue 13) -----------------------------------------

OP26_URL = "https://reader.example.org/resolutions/A/RES/79/154/op26/"
# Text as a file may hold it: lone surrogates and NUL characters included.
any_text = st.text(st.characters(blacklist_categories=()), max_size=40)
extreme_dates = st.sampled_from(
    [
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-01:00",
        "2999-01-01T00:00:00Z",
        "1900-01-01T00:00:00",
        "2025-01-02T03:04:05Z",
    ]
) | st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())


@st.composite
def hostile_collection(draw):
    """A collection with what the review tried: tags that collide, too many or too long; long
    notes and quotes; quotes not in the paragraph; lone surrogates; extreme dates; deep nesting."""
    items = []
    for _ in range(draw(st.integers(1, 3))):
        entry = valid_item(OP26_URL)
        colliding = st.sampled_from(["zq!", "zq#", "ZQ!", "zq!!", "x" * 65, "ILO"])
        tags = draw(st.lists(colliding | any_text, max_size=25))
        note = draw(any_text | st.sampled_from(["n" * 20000, "n" * 20001]))
        entry["body"] = [{"type": "TextualBody", "value": note, "purpose": "commenting"}] + [
            {"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in tags
        ]
        quote = draw(st.sampled_from(["the question", "q" * 5001, "not in the text"]) | any_text)
        entry["target"]["selector"]["refinedBy"]["exact"] = quote
        entry["created"] = draw(extreme_dates)
        items.append(entry)
    raw = json.dumps({"type": "AnnotationCollection", "items": items})
    depth = draw(st.sampled_from([0, 0, 50_000]))
    return "[" * depth + raw + "]" * depth


@settings(FUZZ, max_examples=60)
@given(raw=hostile_collection())
def test_a_hostile_import_is_refused_clearly_or_kept_within_the_note_form_s_limits(
    client, importer, raw
):
    from django.utils import timezone

    from annotations.models import Annotation

    client.force_login(importer)
    before = annotation_rows()
    started = timezone.now()
    response = import_through_the_page(client, raw)
    if response.status_code == 400:
        assert b"errorlist" in response.content
        assert annotation_rows() == before
        return
    assert response.status_code == 302
    for note in Annotation.objects.filter(created__gte=started) | Annotation.objects.filter(
        modified__gte=started
    ):
        names = note.tag_names()
        assert len(names) <= 20 and all(len(name) <= 64 for name in names)
        assert len(note.note) <= 20000 and len(note.quote_exact) <= 5000
        assert note.quote_exact in note.paragraph.text
        assert note.created <= timezone.now()


formula_text = st.text(st.sampled_from("=+-@ \t\r\n,;|x1(A)\"'") | printable, max_size=30)


@settings(FUZZ, max_examples=60)
@given(note=formula_text, tag=formula_text, quote=formula_text)
def test_no_cell_of_the_csv_export_starts_a_formula_whatever_the_separator(
    client, importer, note, tag, quote
):
    """Issue 13, finding 3: a note, tag or quote that a spreadsheet could read as a formula,
    split on any separator it may choose."""
    import csv
    import io

    from annotations.models import Annotation, create_note, tag_key
    from resolutions.models import Paragraph

    Annotation.objects.all().delete()
    paragraph = Paragraph.objects.get(pid="op26")
    create_note(
        paragraph=paragraph,
        author=importer,
        note=note,
        tags=[tag] if tag_key(tag) else [],
        visibility="public",
    )
    Annotation.objects.update(quote_exact=quote)
    client.force_login(importer)
    body = client.get("/annotations/export.csv").content.decode("utf-8-sig")
    for separator in (",", ";", "\t", "|"):
        for row in csv.reader(io.StringIO(body, newline=""), delimiter=separator):
            for cell in row:
                assert cell.strip().strip('"')[:1] not in ("=", "+", "-", "@"), (separator, cell)


spelling = st.text(st.sampled_from("abcdeILOXYZ"), min_size=4, max_size=12)


@settings(FUZZ, max_examples=40)
@given(word=spelling, data=st.data())
def test_a_hidden_note_s_spelling_of_a_tag_never_reaches_another_reader(
    client, importer, django_user_model, word, data
):
    """Issue 13, finding 8: a tag's spelling on a note someone cannot see tells them nothing,
    whatever the two spellings are."""
    from django.core.cache import cache

    from annotations.models import Annotation, create_note
    from resolutions.models import Paragraph

    cache.clear()  # each example a reader of its own: exports within the hour's allowance
    hidden = word
    flips = data.draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)).filter(any))
    mine = "".join(c.swapcase() if flip else c for c, flip in zip(word, flips, strict=True))
    Annotation.objects.all().delete()
    paragraph = Paragraph.objects.get(pid="op26")
    reader, _ = django_user_model.objects.get_or_create(username="chen")
    create_note(paragraph=paragraph, author=importer, note="hidden", tags=[hidden])
    create_note(paragraph=paragraph, author=reader, note="mine", tags=[mine])
    client.force_login(reader)
    typed = mine[:2]
    suggestions = client.get("/tags/", {"q": typed}, headers={"HX-Request": "true"}).text
    assert suggestions == f'<option value="{mine}">{mine}</option>'
    exported = json.loads(client.get("/annotations/export.jsonld").content)
    [item] = exported["first"]["items"]
    assert [b["value"] for b in item["body"] if b["purpose"] == "tagging"] == [mine]
    tags_page = client.get("/tags/").text
    assert f">{mine}</a>" in tags_page and f">{hidden}</a>" not in tags_page
    client.logout()
    assert "No tags yet on notes you can see." in client.get("/tags/").text


@FUZZ
@given(where=st.integers(0, len(BUNDLED_TEXT) - 1))
def test_a_nul_anywhere_in_a_resolution_is_refused_with_its_line(db, tmp_path, capsys, where):
    before = resolution_rows()
    text = BUNDLED_TEXT[:where] + "\x00" + BUNDLED_TEXT[where:]
    loaded, err = ingest_file(tmp_path, text, capsys)
    assert not loaded
    assert_clear_refusal(err)
    assert f"line {BUNDLED_TEXT.count(chr(10), 0, where) + 1}" in err
    assert resolution_rows() == before
