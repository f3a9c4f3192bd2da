"""Subjects that tell the truth: each scheme named for who assigned it, names rather than
addresses, entities decoded, one entry per subject, numbers in natural order, the SDGs by
name, and agenda items as subjects with a filter of their own on the library and in search."""

import tarfile
from pathlib import Path

import pytest
from django.apps import apps

from resolutions.browse.subjects import agenda_label, natural_key
from resolutions.ingest.writer import ingest_parsed, source_checksum
from resolutions.models import Subject
from resolutions.parsing import parse_document
from resolutions.parsing.frontends.akn import subject_label
from tests.library_rows import make, subject

ARCHIVE_77 = Path(__file__).resolve().parent.parent / "data" / "akn" / "ga-77.tar.xz"
TRAFFICKING = "A_RES_77_194-2228891E.xml"


def html_of(response):
    return response.content.decode()


@pytest.fixture(scope="module")
def trafficking_xml() -> str:
    with tarfile.open(ARCHIVE_77, "r:xz") as archive:
        for member in archive:
            if member.isfile() and member.name.endswith(TRAFFICKING):
                return archive.extractfile(member).read().decode("utf-8")
    raise AssertionError(f"{TRAFFICKING} is not in {ARCHIVE_77}")


@pytest.mark.parametrize(
    "scheme, value, label",
    [
        ("EuroVoc", "women&#39;s_rights", "Women's rights"),  # escaped twice in the file
        ("EuroVoc", "women's_rights", "Women's rights"),
        ("EuroVoc", "66_energy", "Energy"),  # a EuroVoc domain with its number
        ("EuroVoc", "http://eurovoc.europa.eu/4199", "Partnership"),  # an address alone
        ("EuroVoc", "http://eurovoc.europa.eu/999999", ""),  # an address we cannot name: left out
        ("UNBIS", "TRAFFICKING IN PERSONS", "Trafficking in persons"),
        ("UNBIS", "UN-Women", "UN-Women"),
        ("SDG", "10.6", "SDG 10.6"),
    ],
)
def test_a_subject_reads_as_people_write_it(scheme, value, label):
    assert subject_label(scheme, value) == label


def test_the_parser_tells_a_machine_s_tags_from_the_library_s_and_the_agenda(trafficking_xml):
    parsed = parse_document(trafficking_xml, TRAFFICKING)
    schemes = {(s.scheme, s.label) for s in parsed.subjects}
    assert ("SDG", "SDG 5") in schemes
    # The UN Library's indexers filed it under trafficking; the SDG tagger did not.
    assert ("UNBIS-library", "Trafficking in persons") in schemes
    assert ("UNBIS", "Trafficking in persons") not in schemes
    assert not any(label.startswith("http") or "&#" in label for _, label in schemes)
    assert parsed.agenda_items and parsed.agenda_items[0][1]


def test_ingest_files_a_resolution_under_its_agenda_item(db, client, trafficking_xml):
    parsed = parse_document(trafficking_xml, TRAFFICKING)
    ingest_parsed(parsed, source_name=TRAFFICKING, checksum=source_checksum(trafficking_xml))
    agenda = Subject.objects.get(scheme=Subject.Scheme.AGENDA)
    assert agenda.label == "Advancement of women"
    html = html_of(client.get(agenda.get_absolute_url()))
    assert "<h1>Advancement of women</h1>" in html
    assert "Agenda items of the General Assembly" in html
    assert "A/RES/77/194</a>" in html and "agenda item 26" in html


def test_an_agenda_title_too_long_for_a_label_is_cut_at_a_word():
    label = agenda_label("Report of the Economic and Social Council. " + "word " * 80)
    assert len(label) <= 300 and label.endswith("word…")


@pytest.fixture
def filed(db):
    women = make("A/RES/79/154", "Trafficking in women and girls", [("op1", "Condemns;")])
    crime = make("A/RES/79/1", "Crime prevention", [("op1", "Condemns firearms;")])
    for label, slug in [("SDG 2", "sdg-2"), ("SDG 10", "sdg-10"), ("SDG 10.6", "sdg-10-6")]:
        subject(women, "SDG", label, slug)
    subject(women, "UNBIS-library", "Trafficking in persons", "unbis-library-trafficking")
    subject(women, "agenda", "Advancement of women", "agenda-advancement-of-women")
    subject(crime, "agenda", "Crime prevention and criminal justice", "agenda-crime")
    return women, crime


def test_the_subjects_page_names_each_scheme_for_who_assigned_it(client, filed):
    html = html_of(client.get("/subjects/"))
    headings = [
        "Agenda items of the General Assembly",
        "UNBIS Thesaurus, assigned by the UN Library&#x27;s indexers",
        "SDG, assigned automatically by the UN",
    ]
    positions = [html.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)


def test_the_sdgs_are_named_and_in_natural_order(client, filed):
    html = html_of(client.get("/subjects/"))
    names = ["Goal 2: Zero hunger", "Goal 10: Reduced inequalities", "Target 10.6: "]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)
    assert "<h1>Goal 10: Reduced inequalities</h1>" in html_of(client.get("/subjects/sdg-10/"))


def test_natural_order_reads_numbers_as_numbers():
    labels = ["Goal 10", "Goal 2", "Target 10.6", "Goal 1", "Target 2.a"]
    assert sorted(labels, key=natural_key) == [
        "Goal 1",
        "Goal 2",
        "Goal 10",
        "Target 2.a",
        "Target 10.6",
    ]


def test_the_library_filters_by_agenda_item(client, filed):
    html = html_of(client.get("/", {"agenda": "agenda-crime"}))
    assert '<label for="agenda-filter">Agenda item</label>' in html
    assert (
        '<option value="agenda-crime" selected>Crime prevention and criminal justice</option>'
        in (html)
    )
    assert "A/RES/79/1</span>" in html and "A/RES/79/154</span>" not in html
    # Agenda items have their own menu, not the subjects'.
    subjects = html[html.index('id="subject-filter"') :].split("</select>")[0]
    assert "agenda-crime" not in subjects and "Goal 10: Reduced inequalities" in subjects


def test_an_agenda_item_that_is_not_one_filters_nothing(client, filed):
    html = html_of(client.get("/", {"agenda": "sdg-10"}))
    assert "2 resolutions" in html


def test_search_filters_by_agenda_item(client, filed):
    html = html_of(client.get("/search/", {"q": "condemns", "agenda": "agenda-crime"}))
    assert '<label for="search-agenda">Agenda item</label>' in html
    assert "A/RES/79/1, operative paragraph 1" in html
    assert "A/RES/79/154, operative paragraph 1" not in html


def test_the_migration_merges_subjects_that_read_alike_and_adds_agenda_items(db):
    from importlib import import_module

    migration = import_module("resolutions.migrations.0021_votes_subjects")
    women = make(
        "A/RES/79/154",
        "Trafficking",
        [("op1", "Condemns;")],
        agenda_items=[["27", "Advancement of women."]],
    )
    crime = make("A/RES/79/1", "Crime", [("op1", "Condemns;")])
    subject(women, "EuroVoc", "women&#39;s rights", "eurovoc-womens-rights-escaped")
    subject(crime, "EuroVoc", "women's rights", "eurovoc-womens-rights")
    subject(crime, "EuroVoc", "66 energy", "eurovoc-66-energy")
    migration.forwards(apps, None)
    rights = Subject.objects.get(scheme="EuroVoc", label="Women's rights")
    assert set(rights.resolutions.values_list("symbol", flat=True)) == {
        "A/RES/79/154",
        "A/RES/79/1",
    }
    assert Subject.objects.filter(scheme="EuroVoc").count() == 2
    assert Subject.objects.filter(scheme="EuroVoc", label="Energy").exists()
    agenda = Subject.objects.get(scheme="agenda")
    assert agenda.label == "Advancement of women"
    assert list(agenda.resolutions.values_list("symbol", flat=True)) == ["A/RES/79/154"]


def test_the_library_s_own_terms_survive_a_download_as_akoma_ntoso(db, trafficking_xml):
    from resolutions.browse.exports import as_akn
    from resolutions.models import Resolution

    parsed = parse_document(trafficking_xml, TRAFFICKING)
    ingest_parsed(parsed, source_name=TRAFFICKING, checksum=source_checksum(trafficking_xml))
    xml = as_akn(Resolution.objects.get(), "en")
    again = parse_document(xml if isinstance(xml, str) else xml.decode("utf-8"), "again.xml")
    schemes = {(s.scheme, s.label) for s in again.subjects}
    assert ("UNBIS-library", "Trafficking in persons") in schemes
    assert ("SDG", "SDG 5") in schemes or any(scheme == "SDG" for scheme, _ in schemes)
