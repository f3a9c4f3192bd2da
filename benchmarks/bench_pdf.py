"""Reading the official PDF: parse time per page of the UN's own files (tests/fixtures/pdf),
and how much of it is PDFium reading the runs of text off the pages.

BENCH_PDF_REPEAT (default 10) sets how many times each file is parsed.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common

GOAL_MS_PER_PAGE = 50.0


def run() -> None:
    from resolutions.parsing import parse_pdf_document
    from resolutions.parsing.pdfpage import read_pdf

    common.heading("Official PDFs")
    repeat = common.env_int("BENCH_PDF_REPEAT", 10)
    pages_total, seconds_total, cpu_total = 0, 0.0, 0.0
    for path in sorted((common.ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf")):
        data = path.read_bytes()
        pages = len(read_pdf(data, path.name))
        name = path.name
        parse = common.repeat(lambda data=data, name=name: parse_pdf_document(data, name), repeat)
        read = common.repeat(lambda data=data, name=name: read_pdf(data, name), repeat)
        # CPU time as well: on a shared machine the wall time is the other processes' too.
        cpu_start = time.process_time()
        for _ in range(repeat):
            parse_pdf_document(data, path.name)
        cpu_total += (time.process_time() - cpu_start) / repeat
        per_page = statistics.median(parse) / pages
        common.figure(
            f"parse {path.name} ({pages} pages)",
            f"{common.ms(per_page)} a page (the whole file {common.ms(statistics.median(parse))}; "
            f"PDFium reading the runs {common.ms(statistics.median(read) / pages)} a page)",
        )
        pages_total += pages
        seconds_total += statistics.median(parse)
    per_page = seconds_total / pages_total
    cpu_per_page = cpu_total / pages_total
    # The parse is one thread that waits on nothing: on an idle machine its wall time is its
    # CPU time, and on a busy one the wall time counts the other processes' turns.
    common.figure(
        f"parse time per page over {pages_total} pages (CPU)",
        f"{common.ms(cpu_per_page)} (wall {common.ms(per_page)} at load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
        goal=f"under {GOAL_MS_PER_PAGE:.0f} ms a page",
        met=cpu_per_page * 1000 < GOAL_MS_PER_PAGE,
    )


if __name__ == "__main__":
    start = time.perf_counter()
    run()
    print(f"\n({time.perf_counter() - start:.1f} s)")
