"""Every benchmark, one after the other, on a throw-away database: a temporary SQLite file, or
a temporary database on the PostgreSQL server DATABASE_URL names. `make bench` runs this.

Each benchmark also runs alone: `python benchmarks/bench_search.py`. Sizes come from the
environment (see each module's docstring); the defaults keep the whole run under ten minutes on
a two-core machine.
"""

import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import (
    bench_abuse,
    bench_across,
    bench_bytes,
    bench_drafts,
    bench_earlier_notes,
    bench_import,
    bench_ingest,
    bench_library,
    bench_load,
    bench_pdf,
    bench_reader,
    bench_search,
    bench_signed_in,
    bench_states,
    bench_throughput,
    bench_word,
    bench_writes,
    common,
)

# The reader comes before the writers so that its annotation counts are exactly 0, 1,000 and
# 10,000; the load-and-fault run needs a PostgreSQL server of its own, in its own process.
# The UN's sessions load last: the others measure a library of known size; the Member States'
# pages are timed on them at once. Versions and agreed
# language come after them, over everything loaded, then the reader of 79/154 with notes on its
# earlier versions, which needs that series loaded and linked, and the signed-in reader beside
# the cached one (it loads what it reads if no session was). What an abusive visitor can cost
# comes after them, over the whole library and with its own 15,000 public notes. Loading cold,
# on databases of its own, and `make run` come last.
IN_PROCESS = [
    bench_ingest,
    bench_pdf,
    bench_search,
    bench_bytes,
    bench_reader,
    bench_throughput,
    bench_writes,
    bench_word,
    bench_import,
    bench_library,
    bench_states,
    bench_across,
    bench_earlier_notes,
    bench_signed_in,
    bench_drafts,
    bench_abuse,
    bench_load,
]


def main() -> int:
    common.install_signal_handlers()
    began = time.monotonic()
    target = "PostgreSQL" if common.is_postgres_url(os.environ.get("DATABASE_URL")) else "SQLite"
    print(f"Resolution Reader benchmarks on {target} (a throw-away database)", flush=True)
    common.setup_django()
    failed = []
    for module in IN_PROCESS:
        try:
            module.run()
        except Exception:
            failed.append(module.__name__)
            print(f"  FAILED: {module.__name__}", flush=True)
            traceback.print_exc()
    # The load's writer alone, cold: on an empty database of its own (a temporary one on the
    # same engine), as the library loaded above would make it warm.
    writer = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "bench_writer.py")], timeout=900, check=False
    )
    if writer.returncode:
        failed.append("bench_writer")
    result = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "load_faults.py")],
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        timeout=common.env_float("BENCH_LOAD_SECONDS", 60) + 300,
        check=False,
    )
    if result.returncode:
        failed.append("load_faults")
    print(f"\nAll benchmarks in {time.monotonic() - began:.0f} s", flush=True)
    if failed:
        print("Failed: " + ", ".join(failed), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
