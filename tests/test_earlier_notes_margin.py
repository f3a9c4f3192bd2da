"""Notes on earlier versions in the reader's notes total ("from earlier versions"), and flagged
when the words they quote have since changed, with the old and the new words."""

import re

from annotations.models import Annotation
from resolutions.across import diff
from resolutions.across.series import link_versions
from resolutions.models import ResolutionText
from tests.library_rows import make
from tests.test_earlier_notes import READER, note_on, paragraph_html, reader_queries, series
from tests.test_versions import TITLE

__all__ = ["series"]  # the fixture, used by name

SESSIONS_OLD = (
    "Decides to include in the provisional agenda of its sixty-seventh and sixty-eighth "
    "sessions the item entitled \u201cTrafficking in women and girls\u201d."
)
SESSIONS_NEW = (
    "Decides to include in the provisional agenda of its sixty-ninth and seventieth "
    "sessions the item entitled \u201cTrafficking in women and girls\u201d."
)


def quoting(resolution, pid, author, exact, note="On these words", visibility="public"):
    """A note quoting `exact` in the paragraph's text, with its surroundings, as the reader's
    selection makes one."""
    paragraph = resolution.paragraphs.get(pid=pid)
    start = paragraph.text.index(exact)
    return Annotation.objects.create(
        paragraph=paragraph,
        author=author,
        note=note,
        visibility=visibility,
        quote_exact=exact,
        quote_prefix=paragraph.text[max(0, start - 32) : start],
        quote_suffix=paragraph.text[start + len(exact) : start + len(exact) + 32],
        quote_language="en",
    )


def notes_total(html: str) -> str:
    return re.search(r'<summary>Notes<span class="bar-value"> \((.*?)\)</span>', html).group(1)


# --- The notes total ----------------------------------------------------------------------------


def test_the_notes_total_counts_the_earlier_versions_notes_apart(client, series, make_user):
    older, newer = series
    author = make_user("amina")
    note_on(newer, "op1", author, "On this version")
    note_on(older, "op2", author, "Ratifications lag")  # reached op1
    note_on(older, "op3", author, "Criminalizing")  # split into op3 and op4: counted once
    assert notes_total(client.get(READER).content.decode()) == "1, and 2 from earlier versions"


def test_the_notes_total_counts_only_the_earlier_notes_the_viewer_may_see(
    client, series, make_user
):
    older, _ = series
    author = make_user("amina")
    note_on(older, "op2", author, "Mine alone", visibility="private")
    note_on(older, "op2", author, "For everyone")
    assert notes_total(client.get(READER).content.decode()) == "0, and 1 from earlier versions"
    client.force_login(author)
    assert notes_total(client.get(READER).content.decode()) == "0, and 2 from earlier versions"


def test_notes_on_a_paragraph_this_version_dropped_are_not_in_the_total(client, db, make_user):
    older = make("A/RES/75/1", TITLE, [("op1", "Alpha beta gamma;"), ("op2", "Delta epsilon;")])
    newer = make("A/RES/77/1", TITLE, [("op1", "Alpha beta gamma;")], recalls=["A/RES/75/1"])
    link_versions()
    note_on(older, "op2", make_user("amina"), "Why was this dropped?")
    note_on(newer, "op1", make_user("bruno"), "Still here")
    assert notes_total(client.get("/resolutions/A/RES/77/1/").content.decode()) == "1"


# --- Quoted words that have changed -------------------------------------------------------------


def test_a_note_whose_quoted_words_changed_shows_the_old_and_the_new_words(client, db, make_user):
    older = make("A/RES/77/194", TITLE, [("op1", "Urges States to act;"), ("op2", SESSIONS_OLD)])
    make(
        "A/RES/79/154",
        TITLE,
        [("op1", "Urges States to act;"), ("op2", SESSIONS_NEW)],
        recalls=["A/RES/77/194"],
    )
    link_versions()
    quoting(older, "op2", make_user("amina"), "sixty-seventh and sixty-eighth sessions")
    op2 = paragraph_html(client.get("/resolutions/A/RES/79/154/").content.decode(), "op2")
    assert (
        '<p class="note-changed">Since changed: <del>sixty-seventh and sixty-eighth</del> '
        "now reads <ins>sixty-ninth and seventieth</ins>.</p>" in op2
    )
    # The quote itself is shown as it was written.
    assert "sixty-seventh and sixty-eighth sessions</blockquote>" in op2


def test_a_note_whose_quoted_words_still_stand_is_not_flagged(client, series, make_user):
    older, _ = series
    quoting(older, "op2", make_user("amina"), "ratify the Protocol")  # op2 became op1, unchanged
    op1 = paragraph_html(client.get(READER).content.decode(), "op1")
    assert "ratify the Protocol</blockquote>" in op1
    assert "note-changed" not in op1


def test_quoted_words_taken_out_are_flagged_as_taken_out(client, series, make_user):
    older, _ = series
    # Old op1 "Takes note of the report…" became op2 "Takes note with appreciation of…";
    # old op4 "…at its seventy-seventh session." became op6 "…seventy-ninth session.".
    quoting(older, "op4", make_user("amina"), "at its seventy-seventh session")
    quoting(older, "op1", make_user("bruno"), "note of the report")
    html = client.get(READER).content.decode()
    assert (
        "Since changed: <del>seventy-seventh</del> now reads <ins>seventy-ninth</ins>."
        in paragraph_html(html, "op6")
    )
    # Words put inside the quote change it too: "note of" now reads "note with appreciation of".
    assert "Since changed: <del>note of</del> now reads <ins>note with appreciation of</ins>." in (
        paragraph_html(html, "op2")
    )


def test_the_changed_words_come_from_the_versions_word_diff():
    start = SESSIONS_OLD.index("sixty-seventh")
    end = start + len("sixty-seventh and sixty-eighth sessions")
    assert diff.replaced(SESSIONS_OLD, SESSIONS_NEW, start, end) == (
        "sixty-seventh and sixty-eighth",
        "sixty-ninth and seventieth",
    )
    # Nothing changed within the span: nothing to report.
    assert diff.replaced(SESSIONS_OLD, SESSIONS_NEW, 0, len("Decides to include")) is None
    old, new = (
        "Calls upon States to act promptly and to report;",
        "Calls upon States to act and to report;",
    )
    start = old.index("act promptly")
    assert diff.replaced(old, new, start, start + len("act promptly and")) == ("promptly", "")


# --- Queries ------------------------------------------------------------------------------------


def test_the_reader_makes_as_many_queries_with_many_quoting_notes_as_with_one(
    client, series, make_user
):
    older, _ = series
    author = make_user("amina")
    client.force_login(author)
    plain = note_on(older, "op4", author, "Quoting nothing")
    without, _ = reader_queries(client, READER)
    plain.delete()
    quoting(older, "op4", author, "at its seventy-seventh session")
    one, html = reader_queries(client, READER)
    assert html.count('class="note-changed"') == 1
    # The page's own paragraphs give the new wording: the flag costs no query.
    assert one == without
    for k in range(40):
        quoting(older, "op4", make_user(f"user{k}"), "seventy-seventh session", note=f"n{k}")
        quoting(older, "op2", author, "Member States", note=f"m{k}", visibility="private")
        quoting(older, "op1", author, "note of the report", note=f"r{k}", visibility="private")
    many, html = reader_queries(client, READER)
    assert many == one
    # The first few notes of each paragraph show, each flagged when its words changed.
    assert html.count('class="note-changed"') == 6
    assert notes_total(html) == "0, and 121 from earlier versions"


def test_the_french_page_flags_an_english_quote_from_the_english_texts(client, db, make_user):
    french = {"op1": "Prie instamment les États d'agir;"}
    older = make("A/RES/77/194", TITLE, [("op1", SESSIONS_OLD)], french=french)
    newer = make(
        "A/RES/79/154", TITLE, [("op1", SESSIONS_NEW)], french=french, recalls=["A/RES/77/194"]
    )
    for resolution in (older, newer):
        ResolutionText.objects.create(resolution=resolution, language="fr", title="Traite")
    link_versions()
    quoting(older, "op1", make_user("amina"), "sixty-seventh and sixty-eighth sessions")
    # The French text in an English interface: the flag's own words are the interface's.
    client.cookies["django_language"] = "en"
    op1 = paragraph_html(client.get("/resolutions/A/RES/79/154/?lang=fr").content.decode(), "op1")
    assert "Prie instamment" in op1
    assert "<del>sixty-seventh and sixty-eighth</del> now reads <ins>sixty-ninth" in op1
