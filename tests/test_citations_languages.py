"""Citations read in every language the UN writes: the words of each language's footnotes and
paragraphs ("résolution 64/293", "第64/293号决议", "المرجع نفسه، المجلد 2237، الرقم 39574") name the
same instruments as the English, and the reader links them in that language's own text.
The resolutions are the UN's own markup, read from the archive the project ships."""

import tarfile
from pathlib import Path

import pytest

from resolutions.ingest.writer import ingest_parsed, source_checksum
from resolutions.models import Citation, Instrument, ParagraphText
from resolutions.parsing import parse_document
from resolutions.parsing.citations import (
    FootnoteReader,
    find_documents,
    find_publications,
    find_treaties,
)
from resolutions.parsing.model import TreatyRef

ARCHIVE_77 = Path(__file__).resolve().parent.parent / "data" / "akn" / "ga-77.tar.xz"
SERIES = "A_RES_77_194-2228891"
LANGUAGES = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es"}
READER = "/resolutions/A/RES/77/194/"


@pytest.fixture(scope="module")
def series_texts() -> dict[str, str]:
    """77/194, "Trafficking in women and girls", in the six languages, from the archive."""
    texts = {}
    with tarfile.open(ARCHIVE_77, "r:xz") as archive:
        for member in archive:
            name = member.name.rsplit("/", 1)[-1]
            if member.isfile() and name.startswith(SERIES) and name[-5] in LANGUAGES:
                texts[LANGUAGES[name[-5]]] = archive.extractfile(member).read().decode("utf-8")
    assert set(texts) == set(LANGUAGES.values())
    return texts


@pytest.fixture(scope="module")
def series(series_texts):
    return {code: parse_document(text, code) for code, text in series_texts.items()}


def cited_per_paragraph(parsed) -> dict[str, set]:
    """What each paragraph cites: the documents its text names and its footnotes' sources."""
    notes = {note.number: note for note in parsed.footnotes}
    cited = {}
    for paragraph in parsed.paragraphs:
        found = {("document", d.symbol) for d in paragraph.documents}
        for marker in paragraph.footnotes:
            note = notes[marker.number]
            found |= {("treaty", t.volume, t.number) for t in note.treaties}
            found |= {("document", d.symbol) for d in note.documents}
            found |= {("publication", number) for number in note.publications}
        cited[paragraph.pid] = found
    return cited


def test_every_paragraph_of_77_194_cites_the_same_instruments_in_all_six_languages(series):
    english = cited_per_paragraph(series["en"])
    assert english["pp11"] == {("document", "A/RES/64/293")}
    assert sum(len(found) for found in english.values()) >= 40
    for code, parsed in series.items():
        assert cited_per_paragraph(parsed) == english, code


@pytest.mark.parametrize(
    ("language", "text", "symbol", "words"),
    [
        ("fr", "Rappelant sa résolution 64/293 du 30 juillet 2010,", "A/RES/64/293",
         "résolution 64/293"),
        ("es", "Recordando su resolución 64/293, de 30 de julio de 2010,", "A/RES/64/293",
         "resolución 64/293"),
        ("ru", "ссылаясь на свою резолюцию 64/293 от 30 июля 2010 года,", "A/RES/64/293",
         "резолюцию 64/293"),
        ("ar", "وإذ تشير إلى القرار 64/293 المؤرخ 30 تموز/يوليه 2010،", "A/RES/64/293",
         "القرار 64/293"),
        ("zh", "回顾2010年7月30日第64/293号决议，", "A/RES/64/293", "第64/293"),
        ("ar", "انظر القرار 2200 ألف (د-21)، المرفق.", "A/RES/2200 A (XXI)",
         "القرار 2200 ألف (د-21)"),
        ("fr", "la résolution 50/3 du Conseil des droits de l’homme", "A/HRC/RES/50/3",
         "résolution 50/3"),
    ],
)  # fmt: skip
def test_a_resolution_named_in_any_language_is_the_same_symbol(language, text, symbol, words):
    [mention] = find_documents(text, language)
    assert (mention.symbol, text[mention.start : mention.end]) == (symbol, words)


def test_a_resolution_of_another_body_is_not_taken_for_the_general_assembly_s():
    assert find_documents("la résolution 25/1 de la Commission pour la prévention", "fr") == []
    assert find_documents("resolución 2004/15 de la Comisión de Estupefacientes", "es") == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "United Nations, Treaty Series, vol. 2237, No. 39574."),
        ("fr", "Nations Unies, Recueil des Traités, vol. 2237, no 39574."),
        ("es", "Naciones Unidas, Treaty Series, vol. 2237, núm. 39574."),
        ("ru", "Организация Объединенных Наций, Серия договоров, т. 2237, № 39574."),
        ("ar", "الأمم المتحدة، مجموعة المعاهدات، المجلد 2237، الرقم 39574."),
        ("zh", "联合国，《条约汇编》，第2237卷，第39574号。"),
    ],
)
def test_a_treaty_is_found_by_its_volume_and_number_in_any_language(language, text):
    note = FootnoteReader(language).read(1, text, [], 1)
    assert note.treaties == [TreatyRef(2237, 39574)]


@pytest.mark.parametrize(
    ("language", "first", "ibid"),
    [
        ("fr", "Nations Unies, Recueil des Traités, vol. 2225, no 39574.", "Ibid."),
        ("ru", "United Nations, Treaty Series, vol. 2225, No. 39574.", "Там же."),
        ("ar", "() United Nations, Treaty Series, vol. 2225, No. 39574.", "() المرجع نفسه."),
        ("zh", "联合国，《条约汇编》，第2225卷，第39574号。", "同上。"),
    ],
)
def test_ibid_takes_the_source_of_the_note_before_in_any_language(language, first, ibid):
    reader = FootnoteReader(language)
    reader.read(1, first, [], 1)
    repeated = reader.read(2, ibid, [], 2)
    assert repeated.ibid and repeated.treaties == [TreatyRef(2225, 39574)]


def test_a_language_s_edition_of_a_publication_is_the_english_edition():
    for language, text in [
        ("fr", "(publication des Nations Unies, numéro de vente : F.96.IV.13)"),
        ("es", "(publicación de las Naciones Unidas, núm. de venta S.96.IV.13)"),
        ("ru", "(издание Организации Объединенных Наций, в продаже под № R.96.IV.13)"),
        ("ar", "(منشورات الأمم المتحدة، رقم المبيع A.96.IV.13)"),
        ("zh", "(联合国出版物，出售品编号：C.96.IV.13)"),
    ]:
        assert find_publications(text, language) == ["E.96.IV.13"], language
    assert find_treaties("vol. 2237, No. 39574", "zh") == []


def load(series_texts, code):
    text = series_texts[code]
    parsed = parse_document(text, f"{SERIES}-{code}.xml")
    return ingest_parsed(parsed, source_name=f"{code}.xml", checksum=source_checksum(text))


def test_a_resolution_loaded_in_french_only_links_what_it_cites(db, client, series_texts):
    load(series_texts, "fr")
    cited = Instrument.objects.filter(citations__resolution__symbol="A/RES/77/194").distinct()
    assert cited.filter(symbol="A/RES/64/293").exists()
    assert cited.filter(unts_volume=2237, unts_number=39574).exists()
    html = client.get(READER).text
    assert 'lang="fr"' in html
    assert ">résolution 64/293</a>" in html


def test_each_language_links_its_own_words_to_the_english_instruments(db, client, series_texts):
    for code in ("en", "fr", "zh", "ar"):
        load(series_texts, code)
    english = Citation.objects.get(
        resolution__symbol="A/RES/77/194", paragraph__pid="pp11", via=Citation.Via.TEXT
    )
    assert english.instrument.symbol == "A/RES/64/293"
    for code, words in [("fr", "résolution 64/293"), ("zh", "第64/293"), ("ar", "قرارها 64/293")]:
        row = ParagraphText.objects.get(
            paragraph__resolution__symbol="A/RES/77/194", paragraph__pid="pp11", language=code
        )
        [[start, end, instrument]] = row.citations
        assert (row.text[start:end], instrument) == (words, english.instrument_id)
        html = client.get(f"{READER}?lang={code}").text
        assert f">{words}</a>" in html, code
    # A footnote's own words are linked too: "Résolution 64/293." (note 33).
    html = client.get(f"{READER}?lang=fr").text
    assert ">Résolution 64/293</a>" in html
    # Side by side, each column links in its own language.
    html = client.get(f"{READER}?lang=en&also=zh").text
    assert ">resolution 64/293</a>" in html and ">第64/293</a>" in html
