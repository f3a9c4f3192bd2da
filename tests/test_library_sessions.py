"""A whole session of the UN's markup loaded into the library: every resolution, and in the
database every paragraph of each kind, heading, footnote and annex its parse holds (the parse
itself is checked against the XML in tests/parsing/test_akn_corpus.py). Slow (a few minutes on
a small machine); it runs in CI all the same."""

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import resolve

from resolutions.ingest.archives import read_library
from resolutions.models import Footnote, Instrument, Paragraph, Resolution, ResolutionText
from resolutions.parsing import parse_document

AKN = Path(__file__).resolve().parent.parent / "data" / "akn"


def parsed_counts(data: bytes, name: str) -> tuple[str, Counter]:
    """Symbol and counts of one file as the parser reads it (tests/parsing/test_akn_corpus.py
    checks those against the XML itself)."""
    parsed = parse_document(data.decode("utf-8"), source=name, strict=False)
    kinds = Counter(p.kind for p in parsed.paragraphs)
    return parsed.symbol, Counter(
        preambular=kinds["preambular"],
        operative=kinds["operative"],
        points=kinds["subparagraph"] + kinds["item"],
        headings=len(parsed.headings),
        footnotes=len(parsed.footnotes),
        annexes=len(parsed.annexes),
    )


def db_counts(resolution: Resolution) -> Counter:
    kinds = dict(
        resolution.paragraphs.filter(in_text=True)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    annexes = resolution.paragraphs.filter(annex__isnull=False).values("annex").distinct().count()
    return Counter(
        preambular=kinds.get(Paragraph.Kind.PREAMBULAR, 0),
        operative=kinds.get(Paragraph.Kind.OPERATIVE, 0),
        points=kinds.get(Paragraph.Kind.SUBPARAGRAPH, 0) + kinds.get(Paragraph.Kind.ITEM, 0),
        headings=kinds.get(Paragraph.Kind.HEADING, 0),
        footnotes=Footnote.objects.filter(resolution=resolution).count(),
        annexes=annexes,
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_every_resolution_of_session_79_loads_with_every_paragraph_and_footnote():
    archive = AKN / "ga-79-en.tar.xz"
    out, err = StringIO(), StringIO()
    # The Pact for the Future (79/1) has a heading marked up as a list item under "(b)" in the
    # UN's file, and its two annexes in one attachment: read as the document has them.
    call_command("load_library", str(archive), "--lenient", stdout=out, stderr=err)
    assert "336 created" in out.getvalue(), err.getvalue()
    assert "loaded with" not in err.getvalue()
    assert not ResolutionText.objects.exclude(problems=[]).exists()
    pact = Resolution.objects.get(symbol="A/RES/79/1")
    assert pact.paragraphs.filter(
        kind=Paragraph.Kind.HEADING, text="II. International peace and security"
    ).exists()
    assert [a["heading"] for a in pact.texts.get().annexes] == ["Annex I", "Annex II"]

    expected = {}
    for source in read_library(archive):
        symbol, counts = parsed_counts(source.data, source.name)
        expected[symbol] = counts
    loaded = {r.symbol: r for r in Resolution.objects.all()}
    assert set(loaded) == set(expected)
    differing = {
        symbol: (dict(counts), dict(db_counts(loaded[symbol])))
        for symbol, counts in expected.items()
        if db_counts(loaded[symbol]) != counts
    }
    assert not differing, "\n".join(f"{k}: {v}" for k, v in differing.items())
    assert not ResolutionText.objects.exclude(language="en").exists()
    # Every paragraph has a permalink that opens it (79/298 numbers a second run s2-op1).
    paragraphs = Paragraph.objects.select_related("resolution")
    urls = {p.pk: p.get_absolute_url() for p in paragraphs}
    assert len(urls) == paragraphs.count()
    second_run = Paragraph.objects.get(resolution__symbol="A/RES/79/298", pid="s2-op1")
    assert resolve(urls[second_run.pk]).kwargs == {"symbol": "A/RES/79/298", "pid": "s2-op1"}
    # Every recorded vote in the XML (113 in this session) is stored with its States.
    recorded = Resolution.objects.filter(vote_outcome="recorded").annotate(
        states=Count("votes"), yes=Count("votes", filter=Q(votes__position="in_favour"))
    )
    assert recorded.count() == 113
    assert all(r.yes == r.votes_in_favour for r in recorded)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_trafficking_series_loads_in_every_language_the_data_has():
    out, err = StringIO(), StringIO()
    call_command(
        "load_library",
        str(AKN / "ga-77.tar.xz"),
        str(AKN / "ga-75-en.tar.xz"),
        str(AKN / "ga-79-en.tar.xz"),
        "--symbols",
        "A/RES/75/158,A/RES/77/194,A/RES/79/154",
        stdout=out,
        stderr=err,
    )
    languages = {
        symbol: sorted(ResolutionText.objects.filter(resolution__symbol=symbol).values_list(
            "language", flat=True
        ))
        for symbol in ("A/RES/75/158", "A/RES/77/194", "A/RES/79/154")
    }  # fmt: skip
    assert languages == {
        "A/RES/75/158": ["en"],
        "A/RES/77/194": ["ar", "en", "es", "fr", "ru", "zh"],
        "A/RES/79/154": ["en"],
    }
    series = Resolution.objects.get(symbol="A/RES/77/194")
    # The six versions fill the same paragraphs: none is only in one language.
    per_paragraph = Counter(
        series.paragraphs.annotate(n=Count("texts")).values_list("n", flat=True)
    )
    assert set(per_paragraph) == {6}, per_paragraph
    # Each language links "resolution 64/293" in its own words to the one instrument.
    cited = {
        text.language: {instrument for _start, _end, instrument in text.citations}
        for text in series.paragraphs.get(pid="pp11").texts.all()
    }
    assert len(cited) == 6 and len({frozenset(ids) for ids in cited.values()}) == 1
    assert Instrument.objects.get(pk=next(iter(cited["fr"]))).symbol == "A/RES/64/293"


@pytest.mark.slow
def test_a_resolution_in_parts_has_the_same_ids_in_every_language():
    """The Arabic texts letter their parts ألف, باء: the ids are a-op1, b-op1 there too, so each
    language's paragraphs are the same paragraphs, and every id is one a permalink can take."""
    pids = {}
    for source in read_library(AKN / "ga-77.tar.xz"):
        if "A_RES_77_256" in source.name and source.language:
            parsed = parse_document(source.data.decode("utf-8"), source=source.name)
            pids[source.language] = [p.pid for p in parsed.paragraphs]
    assert set(pids) == {"ar", "en", "es", "fr", "ru", "zh"}
    for language, found in pids.items():
        assert {pid.split("-", 1)[0] for pid in found if pid[1] == "-"} == {"a", "b"}, language
        for pid in found:
            assert resolve(f"/resolutions/A/RES/77/256/{pid}/").kwargs["pid"] == pid
    assert set(pids["ar"]) & set(pids["en"]) >= {"a-pp1", "a-op1", "b-op1", "b-s2-op1"}
