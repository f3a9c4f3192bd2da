"""Every file of the UN's markup the project ships (data/akn/*.tar.xz), read and counted.

The counts the parser gives are compared with what a reader of the document sees, counted
apart from the parser straight from the XML (reader_count.py); every fault of the markup the
parser read past is listed by kind; the English totals are compared with the table in
data/akn/README.md; the ids of each session-77 resolution across its language versions.
Parse only, no database: about a minute for the 2,741 files on one core.
"""

import re
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from lxml import etree

from resolutions.parsing import ParseError, parse_document
from resolutions.reader.labels import names
from tests.parsing.reader_count import count_file

REPO = Path(__file__).resolve().parents[2]
ARCHIVES = sorted((REPO / "data" / "akn").glob("ga-*.tar.xz"))
A = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}

# Files the UN marked up with a defect of its own that no reading mends: refused, with the place
# named (file, line, paragraph id). 77/151 in Arabic has no paragraph 22 at all (21 is followed
# by 23, and the text of 22 is nowhere in the file).
KNOWN_REFUSALS = {
    "77session/Arabic/A_RES_77_151-2228766A.xml": "line 317: op23",
    # German is not an official language of the United Nations.
    "77session/German/A_RES_77_276-G.xml": 'line 18: the language "deu" is not one',
    "77session/German/A_RES_77_301_2312771G.xml": 'line 18: the language "deu" is not one',
    "77session/German/A_RES_ES-11_6-G.xml": 'line 18: the language "deu" is not one',
}
UNREADABLE = ("not well-formed", '"deu"')


def parsed_counts(parsed) -> dict:
    """The parse, counted as reader_count counts what a reader sees."""
    counts = Counter()
    for paragraph in parsed.paragraphs:
        if paragraph.annex is not None:
            counts["annex paragraphs"] += 1
        elif paragraph.kind == "preambular":
            counts["preambular"] += 1
        elif paragraph.kind == "operative":
            numbered = paragraph.label.isdigit()
            counts["numbered operative" if numbered else "unnumbered operative"] += 1
        else:
            counts["lettered"] += 1
    return {
        "preambular": counts["preambular"],
        "numbered operative": counts["numbered operative"],
        "unnumbered operative": counts["unnumbered operative"],
        "lettered": counts["lettered"],
        "annexes": len(parsed.annexes),
        "annex paragraphs": counts["annex paragraphs"],
        "parts": len(parsed.parts),
    }


def readme_counts(root) -> dict:
    """Counted as data/akn/README.md counts: the resolution itself, annexes left out."""

    def count(path):
        return int(root.xpath(f"count({path})", namespaces=A))

    return {
        "preambular": count("//a:preamble/a:container"),
        "operative": count("//a:mainBody[not(ancestor::a:attachment)]//a:paragraph"),
        "sub-paragraphs": count("//a:point"),
        "footnotes": len(set(root.xpath("//a:authorialNote/@marker", namespaces=A))),
        "with annex": int(count("//a:attachment") > 0),
        "multi-part": int(count("//a:documentCollection") > 0),
    }


# "What is inside (English, per session)", as the data's own README (shared/data/akn) states it.
README_TABLE = {
    "75": {"resolutions": 339, "preambular": 5430, "operative": 8501, "sub-paragraphs": 79,
           "footnotes": 2998, "with annex": 12, "multi-part": 2, "with headings": 5},
    "77": {"resolutions": 344, "preambular": 5891, "operative": 8217, "sub-paragraphs": 564,
           "footnotes": 3318, "with annex": 7, "multi-part": 3, "with headings": 4},
    "79": {"resolutions": 336, "preambular": 5878, "operative": 8530, "sub-paragraphs": 920,
           "footnotes": 3397, "with annex": 10, "multi-part": 3, "with headings": 5},
}  # fmt: skip


def walk():
    """(name, text) of every XML file in the shipped archives, read from the archives."""
    for archive in ARCHIVES:
        with tarfile.open(archive, "r:xz") as tar:
            for member in tar:
                if member.isfile() and member.name.endswith(".xml"):
                    data = tar.extractfile(member).read()
                    yield member.name.removeprefix("./"), data.decode("utf-8")


@pytest.fixture(scope="module")
def corpus():
    """Every file parsed once: the parse (or its refusal) and the XPath counts."""
    results = {}
    for name, text in walk():
        expected = KNOWN_REFUSALS.get(name)
        try:
            parsed = parse_document(text, name, strict=expected is None)
        except ParseError as error:
            results[name] = (None, str(error), None, None)
            continue
        refusal = None
        if expected is not None:
            # The same file, strict, is refused: the first problem is the refusal.
            refusal = parsed.problems[0] if parsed.problems else "(no longer refused)"
        # A file whose end tags were missing at its end (77/104 in Spanish) is counted as
        # XPath reads it with them closed.
        recover = any(r.startswith("end tags:") for r in parsed.repairs)
        root = etree.fromstring(
            text.encode("utf-8"), etree.XMLParser(resolve_entities=False, recover=recover)
        )
        results[name] = (parsed, refusal, count_file(root), readme_counts(root))
    return results


pytestmark = pytest.mark.slow


def test_the_archives_hold_the_sessions_the_readme_lists(corpus):
    per_folder = Counter(name.rsplit("/", 1)[0] for name in corpus)
    assert per_folder["75session/English"] == 339
    assert per_folder["79session/English"] == 336
    for language in ("Arabic", "Chinese", "English", "French", "Spanish"):
        assert per_folder[f"77session/{language}"] == 344
    assert per_folder["77session/Russian"] == 343


def test_every_file_parses_except_the_known_defects_which_are_refused_with_the_place(corpus):
    refused = {}
    for name, (parsed, refusal, _counts, _readme) in corpus.items():
        if parsed is None or refusal is not None:
            refused[name] = refusal
    assert set(refused) == set(KNOWN_REFUSALS)
    for name, message in refused.items():
        assert message.startswith(f"{name}, {KNOWN_REFUSALS[name]}"), message
        assert any(
            words in message
            for words in ("missing", "do not run in order", "not well-formed", "official")
        ), message
    unreadable = [n for n, (parsed, *_rest) in corpus.items() if parsed is None]
    assert all(any(word in refused[n] for word in UNREADABLE) for n in unreadable)


def test_the_parse_is_what_a_reader_sees_in_every_file_and_language(corpus, capsys):
    mismatches, exact, files = [], Counter(), Counter()
    for name, (parsed, _refusal, counts, _readme) in corpus.items():
        folder = name.rsplit("/", 1)[0]
        files[folder] += 1
        if parsed is None:
            continue
        if name in KNOWN_REFUSALS:
            continue  # refused: what it is refused for is named (the test above)
        found = parsed_counts(parsed)
        if found != counts:
            differing = {k: (found[k], counts[k]) for k in counts if found[k] != counts[k]}
            mismatches.append((name, differing))
        elif not parsed.problems:
            exact[folder] += 1
    with capsys.disabled():
        print("\nfiles whose parse is what a reader sees (of the files in each folder):")
        for folder in sorted(files):
            print(f"  {folder}: {exact[folder]} of {files[folder]}")
        for name, differing in mismatches:
            print(f"  differs: {name}: {differing} (parser, reader)")
    assert mismatches == []


def test_each_fault_read_past_is_named_with_its_place(corpus, capsys):
    kinds, per_file = Counter(), Counter()
    for _name, (parsed, _refusal, _counts, _readme) in corpus.items():
        if parsed is None:
            continue
        for repair in parsed.repairs:
            kind, place, what = repair.split(": ", 2)
            assert place.startswith("line ") or place == "the file", repair
            assert what, repair
            kinds[kind] += 1
        per_file.update({r.split(": ", 1)[0] for r in parsed.repairs})
    with capsys.disabled():
        print("\nfaults of the markup read as the document reads (repairs, files):")
        for kind, number in sorted(kinds.items()):
            print(f"  {kind}: {number} in {per_file[kind]} files")
    assert set(kinds) == set(REPAIR_KINDS)
    for kind, (least, most) in REPAIR_KINDS.items():
        assert least <= per_file[kind] <= most, (kind, per_file[kind])


# Each kind of repair, and how many files of the shipped data have it (a range: the parser
# may read a few more or fewer as it improves, not a different corpus).
REPAIR_KINDS = {
    "annex": (8, 12),
    "end tags": (1, 1),
    "heading": (60, 80),
    "meeting line": (5, 5),
    "number": (5, 5),
    "operative paragraph": (4, 4),
    "preambular paragraph": (13, 17),
    "sub-paragraph": (55, 75),
    "table": (20, 30),
    "table note": (10, 18),
}


# An id of ours where the document prints a number or a letter: "u4", "op-u", "s2-", "annex1-".
INTERNAL = re.compile(r"\bu\d|op-|\bs\d+-|annex\d+-|\bop\d|\(\(")


def test_no_paragraph_is_named_or_cited_by_an_internal_id_where_the_document_labels_it(
    corpus,
):
    wrong = []
    for name, (parsed, _refusal, _counts, _readme) in corpus.items():
        if parsed is None:
            continue
        for paragraph in parsed.paragraphs:
            if paragraph.kind == "preambular" or not paragraph.label:
                continue
            found = names(paragraph.pid, paragraph.kind, paragraph.label, parsed)
            if any(INTERNAL.search(words) for words in (found.name, found.citation, found.shown)):
                wrong.append((name, paragraph.pid, found))
            if paragraph.kind == "operative" and paragraph.label.isdigit():
                assert found.reference == f"para. {paragraph.label}", (name, found)
            elif paragraph.kind == "subparagraph" and paragraph.parent:
                number = parsed.paragraph(paragraph.parent).label
                if number.isdigit():
                    assert found.reference == f"para. {number} {found.shown}", (name, found)
                    assert found.shown.strip("()") in paragraph.label, (name, found)
    assert wrong == []


def test_the_english_totals_per_session_are_the_readme_table(corpus):
    for session, expected in README_TABLE.items():
        totals = Counter()
        resolutions = 0
        headed = 0
        for name, (parsed, _refusal, _counts, readme) in corpus.items():
            if not name.startswith(f"{session}session/English/"):
                continue
            resolutions += 1
            if parsed is None:
                continue
            totals.update(readme)
            headed += int(any(h.annex is None for h in parsed.headings))
        assert resolutions == expected["resolutions"]
        for key in ("preambular", "operative", "sub-paragraphs", "footnotes"):
            assert totals[key] == expected[key], (session, key)
        assert totals["with annex"] == expected["with annex"], session
        assert totals["multi-part"] == expected["multi-part"], session
        # The parser finds headings in more resolutions than the README's `crossHeading` count
        # (paragraph subheadings such as "I. Actions by African countries" count too).
        assert headed >= expected["with headings"], session


def test_the_session_77_language_versions_share_their_ids(corpus, capsys):
    versions: dict[str, dict[str, set]] = defaultdict(dict)
    for _name, (parsed, _refusal, _counts, _readme) in corpus.items():
        if parsed is not None and parsed.session == 77:
            versions[parsed.symbol][parsed.language] = {p.pid for p in parsed.paragraphs}
    differing = {}
    for symbol, languages in sorted(versions.items()):
        english = languages.get("en")
        assert english is not None, symbol
        diff = {lang: len(ids ^ english) for lang, ids in languages.items() if ids != english}
        if diff:
            differing[symbol] = diff
    with capsys.disabled():
        print(
            f"\nsession 77: {len(differing)} of {len(versions)} resolutions have language"
            " versions whose markup differs from the English (ids not in both):"
        )
        for symbol, diff in differing.items():
            print(f"  {symbol}: {diff}")
    # The "Trafficking in women and girls" series reads alike in all six languages.
    assert set(versions["A/RES/77/194"]) == {"ar", "zh", "en", "fr", "ru", "es"}
    assert "A/RES/77/194" not in differing
    # Where the markup agrees the ids agree; what differs is the UN's markup, listed above.
    assert len(differing) <= MAX_DIFFERING


MAX_DIFFERING = 40


def cited(parsed) -> dict[str, set]:
    """What each paragraph cites: the documents its text names and its footnotes' sources."""
    notes = {note.number: note for note in parsed.footnotes}
    found = {}
    for paragraph in parsed.paragraphs:
        sources = {("document", d.symbol) for d in paragraph.documents}
        for marker in paragraph.footnotes:
            note = notes.get(marker.number)
            if note is not None:
                sources |= {("treaty", t.volume, t.number) for t in note.treaties}
                sources |= {("document", d.symbol) for d in note.documents}
                sources |= {("publication", n) for n in note.publications}
        found[paragraph.pid] = sources
    return found


def test_the_six_language_versions_of_session_77_cite_the_same_instruments(corpus, capsys):
    versions: dict[str, dict] = defaultdict(dict)
    for _name, (parsed, _refusal, _counts, _readme) in corpus.items():
        if parsed is not None and parsed.session == 77:
            versions[parsed.symbol][parsed.language] = cited(parsed)
    six = {symbol: langs for symbol, langs in versions.items() if len(langs) == 6}
    shared = agreeing = 0
    for languages in six.values():
        for pid, english in languages["en"].items():
            if all(pid in found for found in languages.values()):
                shared += 1
                agreeing += all(found[pid] == english for found in languages.values())
    with capsys.disabled():
        print(
            f"\nsession 77: {len(six)} resolutions in six languages; of their {shared} paragraphs"
            f" present in all six, {agreeing} cite the same instruments in every language"
        )
    # Read with English words alone, 11,300 of 13,860 agreed; what differs now is mostly
    # another wording ("resolutions 64/117 of ... and 65/33 of ..." written as one list).
    assert agreeing >= 0.94 * shared
