"""The library reaches the notes only through resolutions/notes.py: it never names the
annotations app, and without it the reader still shows every text, with no notes and no tools
to write them."""

import ast
from pathlib import Path

import pytest

from resolutions import notes
from resolutions.notes import NoNotes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def without_notes():
    registered = notes.notes()
    notes.register(NoNotes())
    yield
    notes.register(registered)


def test_without_the_notes_app_the_reader_shows_its_text_and_nothing_of_notes(
    client, bundled, without_notes
):
    html = client.get(bundled.get_absolute_url()).content.decode()
    assert 'id="op26"' in html and "Where else adopted" in html
    assert "Add note" not in html
    assert "Print with notes" not in html  # the notes menu of the reader's bar


def test_a_permalink_and_its_fragment_need_no_notes_app(client, bundled, without_notes):
    url = bundled.get_absolute_url() + "op26/"
    assert client.get(url).status_code == 200
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="op26"') and "Add note" not in fragment


def test_with_the_notes_app_a_signed_in_reader_can_add_a_note_under_the_permalink(
    client, bundled, author
):
    client.force_login(author)
    html = client.get(bundled.get_absolute_url()).content.decode()
    assert f'action="{bundled.get_absolute_url()}op26/notes/new/"' in html


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_library_s_code_never_imports_the_notes_app():
    # Its development commands (a synthetic library with notes) may; the library may not.
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "resolutions").rglob("*.py")
        if "management" not in path.parts
        and any(name.split(".")[0] == "annotations" for name in imported_modules(path))
    ]
    assert offenders == []


def test_the_library_s_templates_name_no_template_or_address_of_the_notes_app():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates" / "resolutions").rglob("*.html")
        if "annotations/" in path.read_text()
        or "annotations:" in path.read_text()
        or "annotation_tags" in path.read_text()
    ]
    assert offenders == []
