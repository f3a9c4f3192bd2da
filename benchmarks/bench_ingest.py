"""Parsing and loading: the bundled file, then a library of generated resolutions.

BENCH_RESOLUTIONS (default 1000) sets how many generated resolutions are parsed and loaded.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common


def run() -> None:
    common.setup_django()
    from annotations.management.commands.generate_library import synthetic_text
    from resolutions.ingest.writer import InstrumentResolver, ingest_parsed, source_checksum
    from resolutions.models import Paragraph, Resolution
    from resolutions.parsing import parse_resolution

    common.heading(f"Parse and load ({common.database_label()})")
    path = common.ROOT / "data" / "A_RES_79_154.md"
    text = path.read_text(encoding="utf-8")
    parse_samples = common.repeat(lambda: parse_resolution(text, source=str(path)), 20)
    common.figure("parse the bundled file", common.timing(parse_samples))

    parsed = parse_resolution(text, source=str(path))
    checksum = source_checksum(text)
    Resolution.objects.filter(symbol=parsed.symbol).delete()
    start = time.perf_counter()
    result = ingest_parsed(parsed, source_name=path.name, checksum=checksum)
    first_load = time.perf_counter() - start
    common.figure(
        "load the bundled file into an empty library",
        f"{common.ms(first_load)} ({result.paragraphs} paragraphs, {result.footnotes} footnotes, "
        f"{result.citations} citations)",
    )
    reload_samples = common.repeat(
        lambda: ingest_parsed(parsed, source_name=path.name, checksum=checksum), 10
    )
    common.figure("re-load the unchanged file", common.timing(reload_samples))

    count = common.env_int("BENCH_RESOLUTIONS", 1000)
    texts = [synthetic_text(index, seed=1) for index in range(count)]
    parse_times, load_times, parsed_all = [], [], []
    for index, synthetic in enumerate(texts):
        start = time.perf_counter()
        parsed_all.append(parse_resolution(synthetic, source=f"synthetic-{index}.md"))
        parse_times.append(time.perf_counter() - start)
    resolver = InstrumentResolver()
    before = Paragraph.objects.count()
    for index, (synthetic, item) in enumerate(zip(texts, parsed_all, strict=True)):
        start = time.perf_counter()
        ingest_parsed(
            item,
            source_name=f"synthetic-{index}.md",
            checksum=source_checksum(synthetic),
            resolver=resolver,
        )
        load_times.append(time.perf_counter() - start)
    paragraphs = Paragraph.objects.count() - before
    total = sum(parse_times) + sum(load_times)
    common.figure(
        f"{count} generated resolutions, parse + load",
        f"{total:.1f} s in all, {common.ms(total / count)} per resolution "
        f"({paragraphs} paragraphs)",
    )
    common.figure("  of which parsing", f"{sum(parse_times):.1f} s; " + common.timing(parse_times))
    common.figure("  of which loading", f"{sum(load_times):.1f} s; " + common.timing(load_times))
    common.figure(
        "  per-resolution load, first vs last 100",
        f"{common.ms(statistics.median(load_times[:100]))} vs "
        f"{common.ms(statistics.median(load_times[-100:]))} median",
    )


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
