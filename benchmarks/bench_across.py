"""Across the library: two versions compared, and agreed-language lookups for a paragraph and
for a phrase; first on the UN's sessions (every language the archives hold), then on a
synthetic library of 500,000 paragraphs (PostgreSQL only): the sessions' resolutions with
earlier versions of each going back through the sessions, as benchmarks/versions_library.py
makes them. Each figure gives the wall time, the CPU time of this process (the app; the
database's is the difference, or waiting for a core) and the load average when it was measured.

BENCH_ACROSS_ARCHIVES (default: every archive in data/akn) names the archives to load,
separated by spaces, or `none`; BENCH_ACROSS_PARAGRAPHS (default 500000) the size of the synthetic
library, 0 to leave it out; BENCH_ACROSS_LOOKUPS (default 200) how many lookups of each kind are
timed.

BENCH_ACROSS_DATABASES names existing PostgreSQL databases (URLs, separated by spaces) to
measure in place as well, after migrating them: a copy of a loaded library
(`createdb -T rr_library rr_mine`), or a synthetic library kept from an earlier run, so that the
minutes of loading or generating are spent once. `python benchmarks/bench_across.py --in-place`
measures the database DATABASE_URL names, as it is; with BENCH_ACROSS_PARAGRAPHS it first makes
the synthetic library there (once: a second run finds it made).
"""

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common

GOAL_MS = 150.0


def load_sessions(archives) -> bool:
    """Load the UN's sessions; False when this version of the app cannot read AKN4UN yet."""
    from resolutions.ingest.archives import read_library
    from resolutions.ingest.writer import InstrumentResolver, ingest_parsed, source_checksum
    from resolutions.models import Resolution
    from resolutions.parsing import parse_document

    already = Resolution.objects.filter(session__in=[75, 77, 79], texts__isnull=False).distinct()
    if already.count() > 500:
        common.figure("sessions", f"already loaded ({already.count()} resolutions)")
        return True
    resolver = InstrumentResolver()
    loaded = refused = 0
    began = time.perf_counter()
    for archive in archives:
        for source in sorted(
            (s for s in read_library(archive) if s.language), key=lambda s: s.sort_key
        ):
            text = source.data.decode("utf-8")
            try:
                parsed = parse_document(text, source=source.name)
                ingest_parsed(
                    parsed,
                    source_name=source.name,
                    checksum=source_checksum(text),
                    resolver=resolver,
                )
                loaded += 1
            except ValueError:
                refused += 1
    common.figure(
        "sessions loaded", f"{loaded} files, {refused} refused, {time.perf_counter() - began:.0f} s"
    )
    return loaded > 0


def timed(label, fn, args_list, goal=True):
    if not args_list:
        common.skipped(label, "nothing to look up")
        return []
    samples, cpu = [], []
    fn(*args_list[0])
    for args in args_list:
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(*args)
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    p95 = common.percentile(samples, 95)
    common.figure(
        label,
        f"{common.timing(samples)}; app CPU median {common.ms(sorted(cpu)[len(cpu) // 2])}, "
        f"p95 {common.ms(common.percentile(cpu, 95))}; load {os.getloadavg()[0]:.1f}",
        goal=f"p95 under {GOAL_MS:.0f} ms" if goal else "",
        met=(p95 * 1000 < GOAL_MS) if goal else None,
    )
    return samples


def measure_library(client, lookups: int, label: str) -> None:
    from resolutions.across.agreed import spans
    from resolutions.models import Paragraph, ParagraphText, Resolution

    rng = random.Random(7)
    linked = list(
        Resolution.objects.filter(previous_version__isnull=False).values_list(
            "symbol", "previous_version__symbol"
        )
    )
    if linked:
        # Each page aligns the two versions and every version before them, for the paragraphs'
        # history through the whole series.
        pairs = [rng.choice(linked) for _ in range(min(lookups, 100))]
        timed(
            f"{label}: comparison page with the whole series, GET /resolutions/<a>/compare/<b>/",
            lambda a, b: _ok(client.get(f"/resolutions/{a}/compare/{b}/")),
            pairs,
        )
        timed(
            f"{label}: the same, substantive changes only (htmx)",
            lambda a, b: _ok(
                client.get(
                    f"/resolutions/{a}/compare/{b}/",
                    {"show": "substantive"},
                    HTTP_HX_REQUEST="true",
                )
            ),
            pairs,
        )
    if Resolution.objects.filter(symbol__in=["A/RES/79/154", "A/RES/77/194"]).count() == 2:
        timed(
            f"{label}: comparison of A/RES/79/154 with A/RES/77/194",
            lambda: _ok(client.get("/resolutions/A/RES/79/154/compare/A/RES/77/194/")),
            [()] * 30,
        )
    paragraphs = list(
        # Ids every version of the URL patterns knows (pp3, op26, op5a).
        Paragraph.objects.filter(in_text=True, pid__regex=r"^(pp[0-9]+|op[0-9]+[a-z]?)$")
        .order_by("?")
        .values_list("resolution__symbol", "pid", "text")[:lookups]
    )
    timed(
        f"{label}: agreed language for a paragraph (whole panel, htmx)",
        lambda s, p: _ok(client.get(f"/resolutions/{s}/{p}/agreed/", HTTP_HX_REQUEST="true")),
        [(s, p) for s, p, _ in paragraphs],
    )
    phrases = []
    for symbol, pid, text in paragraphs:
        words = [w.word for w in spans(text)]
        if len(words) >= 12:
            start = rng.randrange(0, len(words) - 10)
            phrases.append((symbol, pid, " ".join(words[start : start + rng.choice([4, 10])])))
    # Four words are fewer than the fingerprints need: those are found through the texts.
    for size, how in ((4, "through the texts"), (10, "through the fingerprints")):
        timed(
            f"{label}: agreed language for a phrase of {size} words, {how} (htmx)",
            lambda s, p, q: _ok(
                client.get(f"/resolutions/{s}/{p}/agreed/", {"q": q}, HTTP_HX_REQUEST="true")
            ),
            [(s, p, q) for s, p, q in phrases if len(q.split()) == size],
        )
    # The same, in each language's own text: a phrase of four words (four characters in
    # Chinese) from a paragraph in that language, looked up in that language.
    for language in ("en", "fr", "es", "ru", "ar", "zh"):
        pks = list(
            ParagraphText.objects.filter(
                language=language,
                paragraph__in_text=True,
                paragraph__pid__regex=r"^(pp[0-9]+|op[0-9]+[a-z]?)$",
            )
            .exclude(paragraph__kind=Paragraph.Kind.HEADING)
            .values_list("pk", flat=True)
        )
        chosen = rng.sample(pks, min(len(pks), lookups * 3))
        own = []
        for row in ParagraphText.objects.filter(pk__in=chosen).values_list(
            "paragraph__resolution__symbol", "paragraph__pid", "text"
        ):
            words = [w.word for w in spans(row[2])]
            if len(words) >= 8 and len(own) < min(lookups, 100):
                start = rng.randrange(0, len(words) - 4)
                own.append((row[0], row[1], " ".join(words[start : start + 4])))
        timed(
            f"{label}: agreed language for a phrase of 4 words in {language} (htmx)",
            lambda s, p, q, lang=language: _ok(
                client.get(
                    f"/resolutions/{s}/{p}/agreed/", {"q": q, "lang": lang}, HTTP_HX_REQUEST="true"
                )
            ),
            own,
        )
    # The worst case: the paragraphs copied most often (boilerplate, in hundreds of series) and
    # ten of their words, each matched by thousands of paragraphs.
    copied = boilerplate(min(lookups, 20))
    timed(
        f"{label}: agreed language for the {len(copied)} most copied paragraphs (htmx)",
        lambda s, p, q: _ok(client.get(f"/resolutions/{s}/{p}/agreed/", HTTP_HX_REQUEST="true")),
        copied,
    )
    timed(
        f"{label}: agreed language for 10 words of them (htmx)",
        lambda s, p, q: _ok(
            client.get(f"/resolutions/{s}/{p}/agreed/", {"q": q}, HTTP_HX_REQUEST="true")
        ),
        [(s, p, q) for s, p, q in copied if len(q.split()) == 10],
    )
    other = list(
        ParagraphText.objects.exclude(language="en").values_list(
            "paragraph__resolution__symbol", "paragraph__pid", "language"
        )[:lookups]
    )
    if other:
        timed(
            f"{label}: agreed language in another language than English (htmx)",
            lambda s, p, lang: _ok(
                client.get(f"/resolutions/{s}/{p}/agreed/", {"lang": lang}, HTTP_HX_REQUEST="true")
            ),
            other,
        )


def boilerplate(count: int) -> list[tuple[str, str, str]]:
    """(symbol, pid, its first ten words) of a paragraph of each of the `count` English wordings
    adopted most often, word for word."""
    from django.db import connection

    from resolutions.across.folding import words_of
    from resolutions.models import Paragraph, Wording

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(paragraph_id) FROM {Wording._meta.db_table} "  # noqa: S608
            "WHERE language = 'en' AND whole GROUP BY hash ORDER BY COUNT(*) DESC, 1 LIMIT %s",
            [count * 3],
        )
        pks = [pk for (pk,) in cursor.fetchall()]
    # Those whose ids every version of the URL patterns knows, as in `measure_library`.
    rows = Paragraph.objects.filter(pk__in=pks, pid__regex=r"^(pp[0-9]+|op[0-9]+[a-z]?)$")
    found = {
        pk: (symbol, pid, " ".join(words_of(text)[:10]))
        for pk, symbol, pid, text in rows.values_list("pk", "resolution__symbol", "pid", "text")
    }
    return [found[pk] for pk in pks if pk in found][:count]


def _ok(response):
    assert response.status_code == 200, response.status_code


def run() -> None:
    common.setup_django()
    from django.core.management import call_command
    from django.test import Client

    from resolutions.across import agreed
    from resolutions.across.series import link_versions
    from resolutions.models import Paragraph, Wording

    client = Client()
    lookups = common.env_int("BENCH_ACROSS_LOOKUPS", 200)
    elsewhere = os.environ.get("BENCH_ACROSS_DATABASES", "").split()
    common.heading(f"Versions and agreed language, the UN's sessions ({common.database_label()})")
    raw = os.environ.get("BENCH_ACROSS_ARCHIVES", "").split()
    archives = [Path(p) for p in raw] or sorted((common.ROOT / "data" / "akn").glob("*.tar.xz"))
    if raw == ["none"]:
        archives = []
    if archives and load_sessions(archives):
        start = time.perf_counter()
        result = link_versions()
        common.figure(
            "link_versions",
            f"{result['links']} links, {result['series']['series']} series (longest "
            f"{result['series']['longest']}), {common.ms(time.perf_counter() - start)}",
        )
        start = time.perf_counter()
        count = agreed.index_library()
        agreed.settle_index()
        common.figure(
            "agreed-language index",
            f"{count} fingerprints in {time.perf_counter() - start:.1f} s",
        )
        measure_library(client, lookups, "sessions")
    else:
        common.skipped("the UN's sessions", "no archive this version can read")

    measure_elsewhere(elsewhere)
    total = common.env_int("BENCH_ACROSS_PARAGRAPHS", 500_000)
    common.heading(f"Agreed language over {total:,} paragraphs ({common.database_label()})")
    if not total:
        return
    if common.vendor() != "postgresql":
        common.skipped("the synthetic library", "needs PostgreSQL (set DATABASE_URL)")
        return
    from benchmarks.versions_library import fill_versions

    last = Paragraph.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    indexed = Wording.objects.exists()
    start = time.perf_counter()
    count = fill_versions(total)
    common.figure("paragraphs", f"{count} (made in {time.perf_counter() - start:.0f} s)")
    start = time.perf_counter()
    # The sessions' fingerprints (every language) are kept; the versions made are added.
    written = index_fast(Paragraph, Wording, after=last if indexed else 0)
    common.figure(
        "agreed-language index",
        f"{written} fingerprints in {time.perf_counter() - start:.0f} s",
    )
    call_command("check", verbosity=0)
    measure_library(client, lookups, f"{count:,} paragraphs")


def measure_elsewhere(urls) -> None:
    """Each database in `urls` measured as it is, by this script in a process of its own."""
    for url in urls:
        name = urlsplit(url).path.lstrip("/")
        result = subprocess.run(
            [sys.executable, __file__, "--in-place"],
            env={**os.environ, **common.BENCH_ENV, "DATABASE_URL": url},
            check=False,
        )
        if result.returncode:
            common.skipped(f"the library in {name}", f"failed ({result.returncode})")


def in_place() -> None:
    """The figures in the database DATABASE_URL names, migrated, as it is: its fingerprints
    made first if it has none."""
    os.environ.update(common.BENCH_ENV)
    os.chdir(common.ROOT)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from resolutions.models import Paragraph, Resolution, Wording

    call_command("migrate", verbosity=0)
    name = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    before = Paragraph.objects.count()
    last = Paragraph.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    indexed = Wording.objects.exists()
    total = common.env_int("BENCH_ACROSS_PARAGRAPHS", 0)
    if total and before < total:
        from benchmarks.versions_library import fill_versions

        start = time.perf_counter()
        fill_versions(total)
        common.figure(f"paragraphs made in {name}", f"{time.perf_counter() - start:.0f} s")
    count = Paragraph.objects.count()
    made = count != before
    common.heading(
        f"Versions and agreed language in {name}: {Resolution.objects.count():,} resolutions, "
        f"{count:,} paragraphs ({common.database_label()})"
    )
    if made or not indexed:
        start = time.perf_counter()
        # The library's own fingerprints (every language it holds) are kept; the paragraphs
        # made here, in English, are added to them.
        written = index_fast(Paragraph, Wording, after=last if indexed else 0)
        common.figure(
            "agreed-language index",
            f"{written} fingerprints in {time.perf_counter() - start:.0f} s",
        )
    measure_library(Client(), common.env_int("BENCH_ACROSS_LOOKUPS", 200), f"{count:,} paragraphs")


def index_fast(Paragraph, Wording, after: int = 0) -> int:
    """The same fingerprints as `index_paragraphs` makes in the primary language, streamed with
    COPY: the ORM's INSERTs would take most of an hour for ten million rows. Every paragraph's
    anew; or, with `after`, only those of paragraphs added since (ids above it), the others'
    kept."""
    from django.db import connection

    from resolutions.across.agreed import fingerprints, whole_hash
    from resolutions.across.folding import words_of

    table = Wording._meta.db_table
    written = 0
    with connection.cursor() as cursor:
        cursor.execute(  # our own table name
            f"DELETE FROM {table} WHERE paragraph_id > %s",  # noqa: S608
            [after],
        )
    paragraphs = Paragraph.objects.filter(in_text=True).exclude(kind="heading").order_by("pk")
    raw = connection.connection
    last = after
    while True:
        # A chunk read, then written: one connection cannot stream a query and a COPY at once.
        rows = list(
            paragraphs.filter(pk__gt=last).values_list(
                "pk", "resolution__primary_language", "text"
            )[:20000]
        )
        if not rows:
            break
        last = rows[-1][0]
        with raw.cursor() as cursor:
            copying = f"COPY {table} (paragraph_id, language, hash, whole) FROM STDIN"
            with cursor.copy(copying) as copy:
                for pk, language, text in rows:
                    words = words_of(text)
                    if not words:
                        continue
                    copy.write_row((pk, language, whole_hash(words), True))
                    for h in fingerprints(words):
                        copy.write_row((pk, language, h, False))
                        written += 1
                    written += 1
    with connection.cursor() as cursor:
        # Vacuumed, so a lookup reads the index alone (its pages all visible).
        cursor.execute(f"VACUUM (ANALYZE) {table}")
    return written


if __name__ == "__main__":
    if "--in-place" in sys.argv:
        in_place()
    else:
        run()
