"""The load's writer alone: a sample of the UN's files parsed first, then written cold into an
empty library as `load_library` writes them, with the CPU of this process per file.

The parse and the fingerprints run in worker processes during a real load; here they are done
before the clock starts, so that the figure is the writer's own, the part one process must do.
BENCH_WRITER_ARCHIVE (default data/akn/ga-77.tar.xz, every language) is read;
BENCH_WRITER_RESOLUTIONS (default 20) resolutions of it are written, each in every language the
archive has. BENCH_WRITER_PROFILE=1 prints the writer's 25 costliest functions.
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common

# What one file cost the writer in CPU, measured over the whole library before this script
# (about 55 ms); the goal of two minutes for 2,738 files leaves it some 30 ms beside the rest.
WRITER_GOAL_MS = 30.0


def sample(archive: Path, resolutions: int):
    """The jobs of the first `resolutions` resolutions of the archive, every language of each,
    grouped and ordered as the loader groups and orders them."""
    from resolutions.ingest.archives import cover_symbol, read_library
    from resolutions.ingest.loader import Job
    from resolutions.ingest.writer import source_checksum

    groups: dict[str, list] = {}
    for source in sorted(read_library(archive), key=lambda s: s.sort_key):
        if source.language is None or source.is_pdf:
            continue
        symbol = cover_symbol(source.data) or source.name
        if symbol not in groups and len(groups) >= resolutions:
            continue
        text = source.data.decode("utf-8").removeprefix("\ufeff")
        groups.setdefault(symbol, []).append(
            (source, Job(source.name, text, source_checksum(text), True, True))
        )
    return groups


def run() -> None:
    common.setup_django()
    named = os.environ.get("BENCH_WRITER_ARCHIVE", "")
    if named:
        samples = [(Path(named), common.env_int("BENCH_WRITER_RESOLUTIONS", 20))]
    else:
        # A resolution's first text creates it, its citations, subjects and votes; the other
        # languages add their texts to it: two samples, as a load has both.
        samples = [
            (common.ROOT / "data/akn/ga-77.tar.xz", common.env_int("BENCH_WRITER_RESOLUTIONS", 20)),
            (
                common.ROOT / "data/akn/ga-79-en.tar.xz",
                2 * common.env_int("BENCH_WRITER_RESOLUTIONS", 20),
            ),
        ]
    for archive, count in samples:
        write_sample(archive, count)


def write_sample(archive: Path, count: int) -> None:
    from resolutions.ingest.loader import Archive, Loader, parse_job
    from resolutions.models import (
        Instrument,
        MemberState,
        PageVersion,
        Paragraph,
        ParagraphText,
        Resolution,
        Subject,
        Wording,
    )

    # Cold: nothing of an earlier sample stays.
    for model in (Resolution, Instrument, Subject, MemberState, PageVersion):
        model.objects.all().delete()
    common.heading(f"The load's writer, cold: {archive.name} ({common.database_label()})")
    groups = sample(archive, count)
    holder = Archive(archive)
    parse_began = time.process_time()
    parsed = {
        symbol: [(holder, parse_job(job), 0.0) for _source, job in jobs]
        for symbol, jobs in groups.items()
    }
    parse_cpu = time.process_time() - parse_began
    files = sum(len(batch) for batch in parsed.values())
    for batch in parsed.values():
        for _archive, result, _queued in batch:
            holder.texts.append(result.checksum)

    class Prepared(Loader):
        """The loader with its parse already done: `parsed` hands over the results."""

        def parsed(self, jobs):
            for symbol in parsed:
                yield from parsed[symbol]

        def write(self, batch, resolver):
            began = time.process_time()
            super().write(batch, resolver)
            spent.append((len(batch), time.process_time() - began))

        def link(self):
            began = time.process_time()
            super().link()
            links.append(time.process_time() - began)

    spent: list[tuple[int, float]] = []  # (files, CPU seconds) of each resolution written
    links: list[float] = []  # CPU seconds of each linking of versions
    loader = Prepared([archive], processes=0)
    ordered = [
        (symbol, [(holder, source, job.text, job.checksum) for source, job in jobs])
        for symbol, jobs in groups.items()
    ]
    ordered.sort(key=lambda item: loader.order(*item))
    ordering = [symbol for symbol, _files in ordered]
    parsed = {symbol: parsed[symbol] for symbol in ordering}
    loader.progress_start(0, files)
    profile = (
        cProfile.Profile(time.process_time) if os.environ.get("BENCH_WRITER_PROFILE") else None
    )
    began_wall, began_cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    loader.load(ordered)
    if profile:
        profile.disable()
    wall, cpu = time.perf_counter() - began_wall, time.process_time() - began_cpu
    loader.progress_finish()
    per_file = cpu / files * 1000
    common.figure(
        "files written",
        f"{files} ({len(groups)} resolutions, each in every language the archive has)",
    )
    common.figure("parse and fingerprints, before the clock", f"{parse_cpu:.2f} s CPU")
    common.figure(
        "writer, CPU per file",
        f"{per_file:.1f} ms ({cpu:.2f} s CPU, {wall:.2f} s wall in all)",
        f"under {WRITER_GOAL_MS:.0f} ms",
        per_file < WRITER_GOAL_MS,
    )
    quarter = max(len(spent) // 4, 1)
    for label, part in (("first", spent[:quarter]), ("last", spent[-quarter:])):
        common.figure(
            f"writer, CPU per file, the {label} quarter of the resolutions",
            f"{sum(s for _n, s in part) / sum(n for n, _s in part) * 1000:.1f} ms",
        )
    common.figure(
        "versions linked",
        f"{len(links)} times, {sum(links):.2f} s CPU (the last {links[-1] if links else 0:.2f} s)",
    )
    common.figure(
        "rows written",
        f"{Paragraph.objects.count():,} paragraphs, {ParagraphText.objects.count():,} texts, "
        f"{Wording.objects.count():,} fingerprints",
    )
    if loader.outcome.failures:
        common.figure("files refused", "; ".join(loader.outcome.failures[:3]))
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    run()
