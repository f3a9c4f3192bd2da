"""Small resolutions made row by row, for the tests of versions, agreed language and votes."""

import datetime

from resolutions.models import (
    Citation,
    Instrument,
    MemberState,
    Paragraph,
    ParagraphText,
    Resolution,
    Subject,
    Vote,
)

# The title and a paragraph shared word for word by the versions of A/RES/79/154 in the tests.
TRAFFICKING = "Trafficking in women and girls"
ROOT_CAUSES = (
    "Urges Governments to strengthen measures to address the root causes that make women and "
    "girls vulnerable to trafficking;"
)


def make(symbol, title, paragraphs, *, recalls=(), adopted=None, french=None, **fields):
    """A resolution with paragraphs given as (pid, text); `recalls` are symbols its first
    paragraph cites; `french` maps pids to a French text."""
    session, number = symbol.split("/")[-2:]
    resolution = Resolution.objects.create(
        symbol=symbol,
        session=int(session),
        number=number,
        number_int=int(number),
        title=title,
        adopted=adopted or datetime.date(1945 + int(session), 12, 17),
        **fields,
    )
    for position, (pid, text) in enumerate(paragraphs, start=1):
        kind = Paragraph.Kind.PREAMBULAR if pid.startswith("pp") else Paragraph.Kind.OPERATIVE
        paragraph = Paragraph.objects.create(
            resolution=resolution,
            pid=pid,
            kind=kind,
            label="" if kind == Paragraph.Kind.PREAMBULAR else pid.removeprefix("op"),
            position=position,
            text=text,
        )
        ParagraphText.objects.create(paragraph=paragraph, language="en", text=text)
        if french and pid in french:
            ParagraphText.objects.create(paragraph=paragraph, language="fr", text=french[pid])
    first = resolution.paragraphs.order_by("position").first()
    for cited in recalls:
        instrument, _ = Instrument.objects.get_or_create(
            symbol=cited,
            defaults={
                "slug": cited.lower().replace("/", "-"),
                "kind": "resolution",
                "title": cited,
            },
        )
        Citation.objects.create(
            instrument=instrument, resolution=resolution, paragraph=first, via="text"
        )
    return resolution


def vote(resolution, in_favour=(), against=(), abstaining=()):
    """Record a vote, creating the Member States named."""
    resolution.vote_outcome = "recorded"
    resolution.votes_in_favour = len(in_favour)
    resolution.votes_against = len(against)
    resolution.votes_abstaining = len(abstaining)
    resolution.save()
    for position, names in (
        ("in_favour", in_favour),
        ("against", against),
        ("abstaining", abstaining),
    ):
        for name in names:
            state, _ = MemberState.objects.get_or_create(
                name=name, defaults={"slug": name.lower().replace(" ", "-")}
            )
            Vote.objects.create(resolution=resolution, state=state, position=position)


def subject(resolution, scheme, label, slug):
    item, _ = Subject.objects.get_or_create(
        scheme=scheme, label=label, defaults={"slug": slug, "uri": f"http://example.org/{slug}"}
    )
    resolution.subjects.add(item)
    return item
