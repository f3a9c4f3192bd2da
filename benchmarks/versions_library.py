"""A synthetic library shaped like the General Assembly's: the real resolutions loaded, each
with a chain of earlier versions going back through the sessions, for the agreed-language
benchmark (bench_across).

The Assembly re-adopts most of its resolutions every one, two or three sessions for decades, and
each new version edits, adds or drops a tenth to a third of the paragraphs of the one before. So
most wording stands in one series' versions only, a handful to a few dozen times, while
boilerplate ("Decides to include in the provisional agenda of its seventy-fifth session the item
entitled …") recurs across hundreds of series. This library is made the same way, backwards:

- every series of the real library (the resolutions that share a title; their oldest version
  first) gets a chain of earlier versions, every one, two or three sessions back to a first
  session drawn at random (30 at the earliest);
- each earlier version is made from the one after it: most paragraphs unchanged, some with words
  substituted, inserted or deleted (words drawn from the library's own texts, as often as the
  texts use them), a few dropped and a few added (another resolution's paragraph, reworded), and
  every "seventy-ninth session" moved to the version's own session;
- when the real series' chains are not enough, sister series follow: a real resolution reworded
  throughout (a new series on a neighbouring subject, keeping its boilerplate), with its own chain.

The symbols are A/RES/<session>/<number> with numbers from 1001, which no real session reaches,
so a synthetic resolution never takes the symbol of one a real text cites. Each version links to
the one before it (`previous_version`). The rows are streamed with COPY in one transaction:
500,000 paragraphs take a few minutes, most of them PostgreSQL's text indexes. The same seed
and the same real library give the same library.
"""

import datetime
import json
import random
import re
import time
from dataclasses import dataclass, field, replace

from resolutions.across.series import ORDINALS

SOURCE = "synthetic-versions"  # Resolution.source_name of every resolution made here
FIRST_NUMBER = 1001
EARLIEST_SESSION = 30
CADENCES = ((1, 0.4), (2, 0.45), (3, 0.15))  # sessions between versions, how often
PLAIN_PID = re.compile(r"^(pp|op)(\d+)$")
CHILD_PID = re.compile(r"^op(\d+)([a-z].*)$")

# The Assembly's ordinals, as version detection reads them ("seventy-ninth session").
_WORDS = {n: word for word, n in ORDINALS.items()}


def ordinal(n: int) -> str:
    """An English ordinal as the Assembly writes its sessions (1 to 99): "seventy-ninth"."""
    return _WORDS[n]


SESSION_WORDS = re.compile(
    r"(?<=\bits )(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")(\s+session)\b", re.I
)


def move_sessions(text: str, by: int) -> str:
    """The text with every "<ordinal> session" `by` sessions earlier or later."""

    def moved(match):
        n = ORDINALS[match[1].lower()] + by
        if not 1 <= n <= 99:
            return match[0]
        word = ordinal(n)
        return (word[:1].upper() + word[1:] if match[1][:1].isupper() else word) + match[2]

    return SESSION_WORDS.sub(moved, text)


@dataclass
class Para:
    pid: str
    kind: str
    label: str
    text: str
    part: str = ""
    annex: int | None = None
    parent: int | None = None  # index in the version's list


@dataclass
class Version:
    session: int
    title: str
    committee: str
    agenda_items: list
    paragraphs: list[Para] = field(default_factory=list)
    id: int = 0


class Editor:
    """Rewords texts the way one version of a resolution rewords the last, with words drawn from
    the library's own texts as often as they use them."""

    def __init__(self, rng: random.Random, texts: list[str]):
        self.rng = rng
        self.words = [w for t in texts for w in t.split() if w.isalpha() and w.islower()]
        if not self.words:
            self.words = ["further", "relevant", "international", "including", "measures"]

    def reword(self, text: str, edits: int) -> str:
        rng = self.rng
        tokens = text.split(" ")
        for _ in range(edits):
            if len(tokens) < 6:
                break
            # The opening word ("Recalling", "Requests") is left as it is.
            at = rng.randrange(1, len(tokens))
            how = rng.random()
            run = rng.choice((1, 1, 1, 2, 2, 3))
            if how < 0.45:
                for k in range(at, min(at + run, len(tokens))):
                    old = tokens[k]
                    tail = old[len(old.rstrip(",.;:")) :]
                    tokens[k] = rng.choice(self.words) + tail
            elif how < 0.75:
                tokens[at:at] = [rng.choice(self.words) for _ in range(run)]
            else:
                end = min(at + run, len(tokens) - 1)
                if end > at:
                    tail = tokens[end - 1][len(tokens[end - 1].rstrip(",.;:")) :]
                    del tokens[at:end]
                    if tail and at > 0:
                        tokens[at - 1] = tokens[at - 1].rstrip(",.;:") + tail
        return " ".join(tokens)


def earlier(newer: Version, session: int, editor: Editor, donors: list[Para]) -> Version:
    """The version adopted at `session` that `newer` revised: up to a third of the paragraphs
    reworded, a few dropped, a few added, the sessions named moved back."""
    rng = editor.rng
    share = rng.uniform(0.10, 0.30)
    by = session - newer.session
    kept: list[tuple[Para, int | None]] = []  # a paragraph, and its parent's index in `newer`
    old_index: dict[int, int] = {}
    dropped: set[int] = set()
    children = {p.parent for p in newer.paragraphs if p.parent is not None}
    for k, p in enumerate(newer.paragraphs):
        if p.parent is not None and p.parent in dropped:
            dropped.add(k)
            continue
        droppable = PLAIN_PID.match(p.pid) and k not in children and p.kind != "heading"
        if droppable and rng.random() < share * 0.15:
            dropped.add(k)  # the newer version added it
            continue
        text = move_sessions(p.text, by)
        if p.kind != "heading" and rng.random() < share:
            text = editor.reword(text, rng.choice((1, 1, 2, 2, 3, 4)))
        old_index[k] = len(kept)
        kept.append((replace(p, text=text), p.parent))
    paragraphs = []
    for p, parent in kept:
        paragraphs.append(replace(p, parent=None if parent is None else old_index.get(parent)))
    # Paragraphs the newer version dropped: another resolution's, reworded, among their kind.
    for _ in range(round(len(paragraphs) * share * 0.1)):
        donor = rng.choice(donors)
        text = editor.reword(move_sessions(donor.text, by), rng.randint(3, 6))
        same = [
            k
            for k, p in enumerate(paragraphs)
            if p.kind == donor.kind and not p.part and p.annex is None
        ]
        at = (same[rng.randrange(len(same))] + 1) if same else len(paragraphs)
        at = min(at, len(paragraphs))
        while at < len(paragraphs) and paragraphs[at].parent is not None:
            at += 1  # after the paragraph's own sub-paragraphs
        for p in paragraphs:
            if p.parent is not None and p.parent >= at:
                p.parent += 1
        pid = "pp0" if donor.kind == "preambular" else "op0"
        paragraphs.insert(at, Para(pid, donor.kind, "", text))
    renumber(paragraphs)
    return Version(session, newer.title, newer.committee, newer.agenda_items, paragraphs)


def renumber(paragraphs: list[Para]) -> None:
    """pp1, pp2… and op1, op2… (labels 1, 2…) in order again, sub-paragraphs following their
    paragraph's new number."""
    counts = {"pp": 0, "op": 0}
    numbers = {}
    for p in paragraphs:
        plain = PLAIN_PID.match(p.pid)
        if not plain or p.part or p.annex is not None:
            continue
        counts[plain[1]] += 1
        if plain[1] == "op":
            numbers[plain[2]] = counts["op"]
            p.label = str(counts["op"])
        p.pid = f"{plain[1]}{counts[plain[1]]}"
    for p in paragraphs:
        child = CHILD_PID.match(p.pid)
        if child and not p.part and p.annex is None and child[1] in numbers:
            p.pid = f"op{numbers[child[1]]}{child[2]}"


def sister(seed: Version, session: int, editor: Editor) -> Version:
    """A new series on a neighbouring subject: every paragraph of `seed` reworded, the
    boilerplate kept as it is more often than the rest."""
    rng = editor.rng
    paragraphs = []
    for p in seed.paragraphs:
        text = move_sessions(p.text, session - seed.session)
        if p.kind != "heading" and rng.random() < 0.85:
            text = editor.reword(text, rng.randint(3, 8))
        paragraphs.append(replace(p, text=text))
    title = editor.reword(seed.title + " " + rng.choice(editor.words), 2)
    return Version(session, title, seed.committee, seed.agenda_items, paragraphs)


def read_real(Resolution, Paragraph) -> list[Version]:
    """The library's English resolutions, each as a version."""
    versions = {}
    for r in (
        Resolution.objects.filter(primary_language="en")
        .exclude(source_name=SOURCE)
        .order_by("session", "number_int", "pk")
    ):
        versions[r.pk] = Version(r.session, r.title, r.committee, r.agenda_items, [], r.pk)
    index: dict[int, int] = {}
    rows = (
        Paragraph.objects.filter(resolution_id__in=list(versions), in_text=True)
        .order_by("resolution_id", "position", "pk")
        .values_list("pk", "resolution_id", "pid", "kind", "label", "text", "part", "annex")
        .iterator(chunk_size=5000)
    )
    parents = dict(
        Paragraph.objects.filter(
            resolution_id__in=list(versions), parent__isnull=False
        ).values_list("pk", "parent_id")
    )
    for pk, resolution, pid, kind, label, text, part, annex in rows:
        version = versions[resolution]
        index[pk] = len(version.paragraphs)
        parent = index.get(parents.get(pk))
        version.paragraphs.append(Para(pid, kind, label, text, part, annex, parent))
    return [v for v in versions.values() if v.paragraphs]


def series_heads(real: list[Version]) -> list[Version]:
    """The oldest version of each real series (the resolutions that share a title)."""
    oldest = {}
    for v in real:
        key = " ".join(v.title.lower().split())
        if key not in oldest or v.session < oldest[key].session:
            oldest[key] = v
    return list(oldest.values())


def plan(rng: random.Random, head_session: int) -> list[int]:
    """The sessions of a series' earlier versions, newest first."""
    cadence = rng.choices([c for c, _ in CADENCES], [w for _, w in CADENCES])[0]
    first = rng.randint(EARLIEST_SESSION, max(EARLIEST_SESSION, head_session - cadence))
    return list(range(head_session - cadence, first - 1, -cadence))


def fill_versions(total: int, seed: int = 2026, progress=print) -> int:
    """Earlier versions of the library's resolutions (PostgreSQL) until it holds `total`
    paragraphs; the bundled resolution is loaded first when the library is empty. Returns how
    many paragraphs the library then holds."""
    from django.db import connection, transaction

    from benchmarks import common
    from resolutions.models import Paragraph, Resolution

    have = Paragraph.objects.count()
    if have >= total:
        return have
    rng = random.Random(seed)
    real = read_real(Resolution, Paragraph)
    if not real:
        common.bundled_resolution()
        real = read_real(Resolution, Paragraph)
    donors = [p for v in real for p in v.paragraphs if p.kind in ("preambular", "operative")]
    editor = Editor(rng, [p.text for p in donors])
    heads = series_heads(real)
    rng.shuffle(heads)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE resolutions_resolution, resolutions_paragraph IN EXCLUSIVE MODE")
        writer = Writer(cursor)
        made = 0
        generation = 0
        while have + made < total:
            for head in heads:
                if have + made >= total:
                    break
                if generation:
                    start = min(79, head.session + rng.randint(-4, 2))
                    newer = sister(head, start, editor)
                    made += writer.add(newer, None)
                else:
                    newer = head
                for session in plan(rng, newer.session):
                    if have + made >= total:
                        break
                    older = earlier(newer, session, editor, donors)
                    made += writer.add(older, newer)
                    newer = older
            generation += 1
            if generation == 1 or generation % 20 == 0:
                progress(f"  after generation {generation}: {have + made:,} paragraphs")
        writer.finish()
    common.figure(
        "synthetic versions",
        f"{writer.resolutions:,} resolutions, {made:,} paragraphs written in "
        f"{time.perf_counter() - started:.0f} s ({len(heads)} real series, "
        f"{generation} generation(s))",
    )
    with connection.cursor() as cursor:
        for table in ("resolution", "resolutiontext", "paragraph", "paragraphtext"):
            cursor.execute(f"ANALYZE resolutions_{table}")
    return Paragraph.objects.count()


class Writer:
    """Versions streamed into the tables with COPY, with ids of their own taken from the
    sequences up front, so that parents and previous versions can be named as rows are written.
    A version is written after the one it precedes, which names it as its previous version."""

    BATCH = 20_000

    def __init__(self, cursor):
        self.cursor = cursor
        cursor.execute("SELECT coalesce(max(id), 0) FROM resolutions_resolution")
        self.next_resolution = cursor.fetchone()[0] + 1
        cursor.execute("SELECT coalesce(max(id), 0) FROM resolutions_paragraph")
        self.next_paragraph = cursor.fetchone()[0] + 1
        cursor.execute(
            "SELECT session, max(number_int) FROM resolutions_resolution "
            "WHERE number_int >= %s GROUP BY session",
            [FIRST_NUMBER],
        )
        self.numbers = dict(cursor.fetchall())
        self.resolutions = 0
        self.rows = {"resolution": [], "resolutiontext": [], "paragraph": [], "paragraphtext": []}
        self.links = []  # (newer version's id, its previous version's id)
        self.now = datetime.datetime.now(datetime.UTC)

    def add(self, version: Version, newer: Version | None) -> int:
        version.id = self.next_resolution
        self.next_resolution += 1
        number = self.numbers.get(version.session, FIRST_NUMBER - 1) + 1
        self.numbers[version.session] = number
        symbol = f"A/RES/{version.session}/{number}"
        year = 1945 + version.session
        adopted = datetime.date(year, 12, 1 + (number * 7) % 22)
        agenda = json.dumps(version.agenda_items)
        self.rows["resolution"].append(
            (
                version.id,
                symbol,
                version.session,
                str(number),
                number,
                version.title,
                adopted,
                agenda,
                version.committee,
                "",
                "",
                "",
                SOURCE,
                "synthetic",
                "",
                self.now,
                self.now,
                "en",
                "",
                "",
            )
        )
        self.rows["resolutiontext"].append(
            (
                version.id,
                "en",
                version.title,
                "[]",
                "[]",
                SOURCE,
                "synthetic",
                "",
                self.now,
                "[]",
                "{}",
            )
        )
        if newer is not None:
            self.links.append((newer.id, version.id))
        ids = []
        for position, p in enumerate(version.paragraphs, 1):
            pk = self.next_paragraph
            self.next_paragraph += 1
            ids.append(pk)
            parent = ids[p.parent] if p.parent is not None else None
            self.rows["paragraph"].append(
                (
                    pk,
                    version.id,
                    p.pid,
                    p.kind,
                    p.label,
                    parent,
                    position,
                    p.text,
                    "[]",
                    "[]",
                    p.part,
                    p.annex,
                    1,
                    True,
                    self.now,
                )
            )
            self.rows["paragraphtext"].append((pk, "en", p.text, "[]", "[]", "[]", "[]"))
        self.resolutions += 1
        if len(self.rows["paragraph"]) >= self.BATCH:
            self.flush()
        return len(version.paragraphs)

    COLUMNS = {
        "resolution": "id, symbol, session, number, number_int, title, adopted, agenda_items, "
        "committee, report_symbol, report_paragraph, meeting, source_name, source_form, "
        "source_checksum, created_at, updated_at, primary_language, vote_outcome, "
        "previous_version_found_by",
        "resolutiontext": "resolution_id, language, title, parts, annexes, source_name, "
        "source_form, source_checksum, updated_at, problems, front",
        "paragraph": "id, resolution_id, pid, kind, label, parent_id, position, text, emphasis, "
        "links, part, annex, revision, in_text, updated_at",
        "paragraphtext": "paragraph_id, language, text, emphasis, links, markers, citations",
    }

    def flush(self) -> None:
        raw = self.cursor.cursor if hasattr(self.cursor, "cursor") else self.cursor
        # Resolutions before their paragraphs, paragraphs before their texts (the texts' trigger
        # reads its paragraph and resolution).
        for table in ("resolution", "resolutiontext", "paragraph", "paragraphtext"):
            rows = self.rows[table]
            if not rows:
                continue
            copying = f"COPY resolutions_{table} ({self.COLUMNS[table]}) FROM STDIN"
            with raw.copy(copying) as copy:
                for row in rows:
                    copy.write_row(row)
            rows.clear()

    def finish(self) -> None:
        self.flush()
        cursor = self.cursor
        if self.links:
            newer, older = zip(*self.links, strict=True)
            # A real resolution keeps a link it already has.
            cursor.execute(
                "UPDATE resolutions_resolution r SET previous_version_id = l.older, "
                "previous_version_found_by = 'title+text' "
                "FROM unnest(%s::bigint[], %s::bigint[]) AS l (newer, older) "
                "WHERE r.id = l.newer AND (r.previous_version_id IS NULL OR r.source_name = %s)",
                [list(newer), list(older), SOURCE],
            )
        for table in ("resolution", "resolutiontext", "paragraph", "paragraphtext"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('resolutions_{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM resolutions_{table}))"
            )
