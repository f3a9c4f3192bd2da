"""Versions, agreed language and votes on the UN's own sessions, read from the archives in
data/akn by the app's AKN4UN parser: the chain 79/154 → 77/194 → 75/158, a hand-checked sample
of the versions the library finds, the comparison's counts against an independent count, agreed
language, and every recorded vote against the UN's data extract."""

import contextlib
import json
import re
import tarfile
import unicodedata
from collections import Counter
from io import StringIO
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.core.management import CommandError, call_command

from resolutions.across import agreed, alignment
from resolutions.across.series import series_of
from resolutions.ingest.archives import read_library
from resolutions.models import (
    Instrument,
    MemberState,
    PageVersion,
    Resolution,
    Subject,
    Vote,
)
from resolutions.parsing import parse_document

ROOT = Path(__file__).resolve().parent.parent
AKN_DIR = ROOT / "data" / "akn"
ARCHIVES = [AKN_DIR / "ga-75-en.tar.xz", AKN_DIR / "ga-77.tar.xz", AKN_DIR / "ga-79-en.tar.xz"]
METADATA = AKN_DIR / "ga-metadata-75-77-79.tar.xz"
SAMPLE = json.loads((ROOT / "tests" / "fixtures" / "versions_sample.json").read_text())
NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}


@pytest.fixture(scope="module")
def sessions(django_db_setup, django_db_blocker):
    """The sample's resolutions (every version of each title in the three sessions), in
    English and, where the archives have it, French; versions linked and wording indexed."""
    with django_db_blocker.unblock():
        # Files of the archives that cannot be read are reported at the end; the sample's must
        # all be there.
        with contextlib.suppress(CommandError):
            call_command(
                "load_library",
                *map(str, ARCHIVES),
                "--languages",
                "en,fr",
                "--symbols",
                ",".join(SAMPLE["symbols"]),
                stdout=StringIO(),
                stderr=StringIO(),
            )
        loaded = set(Resolution.objects.values_list("symbol", flat=True))
        assert loaded == set(SAMPLE["symbols"]), set(SAMPLE["symbols"]) - loaded
        call_command("link_versions", stdout=StringIO())
        call_command("index_wording", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        Resolution.objects.all().delete()
        for model in (Instrument, MemberState, Subject, PageVersion):
            model.objects.all().delete()


def get(symbol):
    return Resolution.objects.get(symbol=symbol)


# --- Series -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_79_154_follows_77_194_which_follows_75_158(sessions):
    assert get("A/RES/79/154").previous_version.symbol == "A/RES/77/194"
    assert get("A/RES/77/194").previous_version.symbol == "A/RES/75/158"
    assert get("A/RES/75/158").previous_version is None
    assert [r.symbol for r in series_of(get("A/RES/75/158"))] == [
        "A/RES/75/158",
        "A/RES/77/194",
        "A/RES/79/154",
    ]


@pytest.mark.django_db
def test_the_versions_found_match_the_hand_checked_sample(sessions):
    found = {
        r.symbol: (r.previous_version.symbol, r.previous_version_found_by)
        for r in Resolution.objects.filter(previous_version__isnull=False).select_related(
            "previous_version"
        )
    }
    for link in SAMPLE["linked"]:
        assert found.get(link["newer"]) == (link["older"], link["found_by"]), link
    for link in SAMPLE["not_linked"]:
        assert found.get(link["newer"], (None,))[0] != link["older"], link


# --- The comparison -----------------------------------------------------------------------------


def akn_paragraphs(archive: Path, symbol: str) -> list[str]:
    """The paragraphs of a resolution read straight from its XML, independently of the app's
    parser: each preambular container, each numbered paragraph's own text (its content or the
    intro of its list) and each point, with footnotes left out."""
    stem = symbol.replace("/", "_") + "-"
    with tarfile.open(archive) as tar:
        member = next(
            m
            for m in tar.getmembers()
            if "/English/" in m.name and Path(m.name).name.startswith(stem)
        )
        root = ET.fromstring(tar.extractfile(member).read())  # noqa: S314 - the shipped data

    def text(el):
        parts = []

        def walk(node):
            if node.tag.endswith("authorialNote"):
                return
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")

        walk(el)
        return " ".join("".join(parts).split())

    out = [text(c) for c in root.iterfind(".//a:preamble/a:container", NS)]
    for paragraph in root.iterfind(".//a:mainBody/a:paragraph", NS):
        own = paragraph.find("a:content", NS)
        if own is None:
            own = paragraph.find("a:list/a:intro", NS)
        out.append(text(own))
        out += [text(p.find("a:content", NS)) for p in paragraph.iterfind(".//a:point", NS)]
    return out


def fold(text: str) -> str:
    # A hyphen is a hyphen however typed (NFKC turns a non-breaking one into U+2010).
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2010", "-").replace("\u2011", "-")
    return " ".join(re.findall(r"[\w'-]+", text))


@pytest.mark.django_db
def test_79_154_compared_with_77_194_marks_every_paragraph_and_counts_them(sessions, client):
    newer, older = get("A/RES/79/154"), get("A/RES/77/194")
    comparison = alignment.compare(older, newer)
    # Every paragraph of both texts has its row.
    assert [r.new.pid for r in comparison.rows if r.new] == list(
        newer.paragraphs.exclude(kind="heading").order_by("position").values_list("pid", flat=True)
    )
    assert sorted(p.pid for r in comparison.rows for p in r.old) == sorted(
        older.paragraphs.exclude(kind="heading").values_list("pid", flat=True)
    )
    # An independent count from the XML itself: how many paragraphs each text has, and how many
    # of the newer one's stand word for word in the older.
    new_texts = [fold(t) for t in akn_paragraphs(ARCHIVES[2], "A/RES/79/154")]
    old_texts = [fold(t) for t in akn_paragraphs(ARCHIVES[1], "A/RES/77/194")]
    unchanged = sum((Counter(new_texts) & Counter(old_texts)).values())
    assert (len(new_texts), len(old_texts), unchanged) == (90, 92, 38)
    counts = comparison.counts
    assert counts["unchanged"] == unchanged
    assert counts["unchanged"] + counts["changed"] + counts["new"] == len(new_texts)
    assert counts["unchanged"] + counts["changed"] + counts["dropped"] == len(old_texts)
    # Read by hand: the one new paragraph welcomes the Pact for the Future (2024); the three
    # dropped ones (the potential of ICTs, organ removal, media self-regulation) have no
    # counterpart in 79/154.
    assert [r.new.pid for r in comparison.rows if r.status == "new"] == ["pp9"]
    assert [r.old_one.pid for r in comparison.rows if r.status == "dropped"] == [
        "pp29",
        "pp31",
        "op44",
    ]
    assert counts == {"unchanged": 38, "changed": 51, "new": 1, "dropped": 3}
    html = client.get("/resolutions/A/RES/79/154/compare/A/RES/77/194/").content.decode()
    assert "38 unchanged" in html and "51 changed" in html and "1 new" in html
    assert "<del>seventy-ninth</del><ins>eighty-first</ins>" in html


# --- Agreed language ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_wording_in_all_three_versions_lists_them_first(sessions):
    older_texts = {
        symbol: set(get(symbol).paragraphs.values_list("text", flat=True))
        for symbol in ("A/RES/77/194", "A/RES/75/158")
    }
    paragraph = next(
        p
        for p in get("A/RES/79/154").paragraphs.order_by("position")
        if all(p.text in texts for texts in older_texts.values())
    )
    found = agreed.for_paragraph(paragraph, "en", paragraph.text)
    first = [m.paragraph.resolution.symbol for m in found.matches[:3]]
    assert first == ["A/RES/79/154", "A/RES/77/194", "A/RES/75/158"]
    assert all(m.exact for m in found.matches[:3])


@pytest.mark.django_db
def test_a_phrase_adopted_once_lists_only_itself(sessions):
    found = agreed.for_phrase(
        "eradicating forced labour, modern slavery and human trafficking, especially of women "
        "and children, in the Pact for the Future",
        "en",
    )
    assert [(m.paragraph.resolution.symbol, m.paragraph.pid) for m in found.matches] == [
        ("A/RES/79/154", "pp9")
    ]


@pytest.mark.django_db
def test_french_wording_is_found_in_french(sessions):
    paragraph = get("A/RES/77/194").paragraphs.get(pid="op1")
    french = paragraph.texts.get(language="fr").text
    found = agreed.for_paragraph(paragraph, "fr", french)
    assert found.matches[0].paragraph == paragraph and found.matches[0].exact


# --- Votes --------------------------------------------------------------------------------------


def data_extract() -> dict[str, dict]:
    with tarfile.open(METADATA) as tar:
        rows = {}
        for member in tar.getmembers():
            if member.name.endswith(".json"):
                for line in tar.extractfile(member).read().decode().splitlines():
                    if line.strip():
                        entry = json.loads(line)
                        rows[entry["symbol"]] = entry
    return rows


ADOPTION = {"By a recorded vote": "recorded", "Without a vote": "without vote", "": None}


def outcome_of(entry: dict) -> str | None:
    """The extract says how a resolution was adopted in `adoption_type` in every session."""
    return ADOPTION[entry["adoption_type"]]


def names(states):
    # A set: the extract lists every State twice for 75/290 A (its count says 90, not 180).
    # Each State by its one name: the records spell some several ways (TÜRKİYE, TÜRKIYE), and
    # the library keeps one.
    from resolutions.browse.regions import canonical_name

    return sorted({" ".join(canonical_name(s).upper().split()) for s in states})


def test_every_resolution_s_vote_matches_the_un_s_data():
    """Every English file of the three sessions, read by the app's parser, against the UN's
    data extract: outcome, the three counts and the three lists of Member States."""
    extract = data_extract()
    checked = recorded = 0
    for archive in ARCHIVES:
        for source in read_library(archive):
            if source.language != "en":
                continue
            # Not strict: a numbering gap elsewhere in a text does not hide its vote.
            parsed = parse_document(source.data.decode("utf-8"), source=source.name, strict=False)
            entry = extract.get(parsed.symbol)
            if entry is None:
                continue
            votes = parsed.votes
            outcome = votes.outcome if votes else None
            assert outcome == outcome_of(entry), parsed.symbol
            if outcome == "recorded":
                recorded += 1
                in_favour, against, abstaining = (
                    votes.to_json()["in_favour"],
                    votes.to_json()["against"],
                    votes.to_json()["abstaining"],
                )
                assert (in_favour, against, abstaining) == (
                    int(entry["MS_in_favour_count"]),
                    int(entry["MS_against_count"]),
                    int(entry["MS_abstaining_count"]),
                ), parsed.symbol
                assert names(votes.in_favour) == names(entry["MS_in_favour"]), parsed.symbol
                assert names(votes.against) == names(entry["MS_against"]), parsed.symbol
                assert names(votes.abstaining) == names(entry["MS_abstaining"]), parsed.symbol
            checked += 1
    assert checked > 1000 and recorded > 250


@pytest.mark.django_db
def test_the_library_s_votes_and_reader_match_the_un_s_data(sessions, client):
    extract = data_extract()
    recorded = 0
    for resolution in Resolution.objects.all():
        # The extract files a multi-part resolution under its parts ("A/RES/79/252 A").
        entry = extract.get(resolution.symbol)
        if entry is None:
            continue
        assert resolution.vote_outcome == (outcome_of(entry) or ""), resolution
        if resolution.vote_outcome != "recorded":
            continue
        recorded += 1
        by_position = {"in_favour": [], "against": [], "abstaining": []}
        for name, position in Vote.objects.filter(resolution=resolution).values_list(
            "state__name", "position"
        ):
            by_position[position].append(name)
        for position, key in (
            ("in_favour", "MS_in_favour"),
            ("against", "MS_against"),
            ("abstaining", "MS_abstaining"),
        ):
            assert names(by_position[position]) == names(entry[key]), (resolution, position)
        html = client.get(resolution.get_absolute_url()).content.decode()
        assert (
            f"Adopted by a recorded vote of {entry['MS_in_favour_count']} in favour to "
            f"{entry['MS_against_count']} against"
        ) in html
    assert recorded > 5


# --- Downloads ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_resolution_downloaded_as_akn_reads_back_to_the_same_document(sessions, client):
    keys = ("id", "kind", "text", "parent", "part", "annex", "footnotes", "label")
    checked = 0
    for resolution in Resolution.objects.all():
        data = json.loads(client.get(f"/resolutions/{resolution.symbol}/download.json").content)
        xml = client.get(f"/resolutions/{resolution.symbol}/download.xml").content.decode()
        parsed = parse_document(xml, source=resolution.symbol).to_json()
        assert [{k: p.get(k) for k in keys} for p in parsed["paragraphs"]] == [
            {k: p.get(k) for k in keys} for p in data["paragraphs"]
        ], resolution.symbol
        assert [(f["number"], f["text"]) for f in parsed["footnotes"]] == [
            (f["number"], f["text"]) for f in data["footnotes"]
        ], resolution.symbol
        assert [(h["id"], h["text"], h["before"]) for h in parsed["headings"]] == [
            (h["id"], h["text"], h["before"]) for h in data["headings"]
        ], resolution.symbol
        assert parsed["votes"] == data["votes"], resolution.symbol
        assert (parsed["symbol"], parsed["title"]) == (data["symbol"], data["title"])
        checked += 1
    assert checked == len(SAMPLE["symbols"])
    data = json.loads(client.get("/resolutions/A/RES/79/154/download.json").content)
    assert data["versions"]["previous"] == "A/RES/77/194"
