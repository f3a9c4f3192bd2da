"""Imports beside other people's writes, under gunicorn: the largest import the limits allow
(every note at its tag limit, with tags whose names share one slug) while other readers add
notes through the paragraph form, and the import of the security review (one note with 1,000
such tags), which must be refused at once.

BENCH_IMPORT_WRITERS (default 5 people writing notes), BENCH_IMPORT_ROUNDS (default 3 imports
one after the other), BENCH_IMPORT_PAUSE (default 1: seconds between a writer's notes, on
average), BENCH_WORKERS (default 4).
"""

import itertools
import json
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common
from benchmarks.bench_writes import PIDS, write_note


def colliding_names(count: int, prefix: str = "zq") -> list[str]:
    """Tag names that all slugify to `prefix`."""
    marks = (
        "".join(p) for k in itertools.count(1) for p in itertools.product("!#$%&*~^", repeat=k)
    )
    return [f"{prefix}{mark}" for mark in itertools.islice(marks, count)]


def collection(items: list[dict]) -> bytes:
    return json.dumps({"type": "AnnotationCollection", "items": items}).encode()


def largest_import(round_number: int, symbol: str) -> bytes:
    from annotations.models import MAX_TAGS_PER_NOTE
    from annotations.webannotation import IMPORT_MAX_ITEMS

    names = colliding_names(MAX_TAGS_PER_NOTE * 10, prefix=f"zq{round_number}")
    items = []
    for n in range(IMPORT_MAX_ITEMS):
        pid = PIDS[n % len(PIDS)]
        items.append(
            {
                "type": "Annotation",
                "created": "2025-01-02T03:04:05Z",
                "body": [
                    {
                        "type": "TextualBody",
                        "value": f"Note {round_number}-{n}. " + "Some *Markdown* text. " * 40,
                        "purpose": "commenting",
                    },
                    *(
                        {
                            "type": "TextualBody",
                            "value": names[(n + k) % len(names)],
                            "purpose": "tagging",
                        }
                        for k in range(MAX_TAGS_PER_NOTE)
                    ),
                ],
                "target": {
                    "source": f"https://reader.example.org/resolutions/{symbol}/{pid}/",
                    "selector": {"type": "FragmentSelector", "value": pid},
                },
            }
        )
    return collection(items)


def review_attack(symbol: str) -> bytes:
    """Issue 13, item 1: one note, 1,000 tags whose names all slugify to "zq"."""
    body = [
        {"type": "TextualBody", "value": name, "purpose": "tagging"}
        for name in colliding_names(1000)
    ]
    return collection(
        [
            {
                "type": "Annotation",
                "body": body,
                "target": {"source": f"https://reader.example.org/resolutions/{symbol}/op26/"},
            }
        ]
    )


def post_file(client: common.HttpClient, path: str, raw: bytes):
    """A multipart form with one file, as a browser sends the import form."""
    import http.client

    boundary = uuid.uuid4().hex
    token = client.cookies.get("csrftoken", "")
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="visibility"\r\n\r\n'
            f'private\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="notes.jsonld"\r\nContent-Type: application/ld+json\r\n\r\n'
        ).encode()
        + raw
        + f"\r\n--{boundary}--\r\n".encode()
    )
    conn = http.client.HTTPConnection("127.0.0.1", client.port, timeout=120)
    try:
        headers = {
            "Host": "127.0.0.1",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
            "X-CSRFToken": token,
        }
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        return response.status, content
    finally:
        conn.close()


def run() -> None:
    url = common.setup_django()
    common.heading(f"Imports beside other people's writes ({common.database_label()})")
    resolution = common.bundled_resolution()
    writers = common.env_int("BENCH_IMPORT_WRITERS", 5)
    rounds = common.env_int("BENCH_IMPORT_ROUNDS", 3)
    pause = common.env_float("BENCH_IMPORT_PAUSE", 1.0)
    usernames = common.synthetic_users(writers + 1)
    files = [largest_import(n, resolution.symbol) for n in range(rounds)]
    attack = review_attack(resolution.symbol)

    with common.Gunicorn(url) as server:
        clients = common.signed_in_clients(server.port, usernames)
        importer, others = clients[0], clients[1:]

        began = time.perf_counter()
        status, content = post_file(importer, "/annotations/import/", attack)
        refused = time.perf_counter() - began
        common.figure(
            "one note with 1,000 tags sharing a slug (the review's import)",
            f"answered {status} in {common.ms(refused)}"
            + (", refused" if status == 400 and b"at most 20" in content else ""),
            goal="refused, or done, in under 2 s",
            met=refused < 2 and status in (302, 400),
        )

        baseline = writes_while(others, resolution.symbol, pause, lambda: time.sleep(15))
        common.figure(f"{len(others)} people writing notes, nothing else", common.timing(baseline))

        import_times, statuses = [], []

        def imports():
            for raw in files:
                started = time.perf_counter()
                status, _ = post_file(importer, "/annotations/import/", raw)
                import_times.append(time.perf_counter() - started)
                statuses.append(status)

        during = writes_while(others, resolution.symbol, pause, imports)
        size = len(files[0]) / 1e6
        common.figure(
            f"largest import allowed ({size:.1f} MB: 1,000 notes x 20 tags sharing slugs)",
            ", ".join(f"{seconds:.2f} s" for seconds in import_times)
            + f"; answered {', '.join(map(str, statuses))}",
        )
        p95 = common.percentile(during, 95)
        common.figure(
            f"{len(others)} people writing notes during those imports",
            common.timing(during),
            goal="p95 under 200 ms",
            met=p95 < 0.2,
        )
    longest_transaction(resolution.symbol, usernames[0])


def longest_transaction(symbol: str, username: str) -> None:
    """How long one import holds the database at a time: each batch's transaction, timed."""
    from django.contrib.auth import get_user_model

    from annotations import webannotation

    user = get_user_model().objects.get(username=username)
    durations = []
    write = webannotation._write

    def timed(batch, tags):
        began = time.perf_counter()
        write(batch, tags)
        durations.append(time.perf_counter() - began)

    webannotation._write = timed
    try:
        began = time.perf_counter()
        webannotation.import_collection(largest_import(99, symbol), user)
        total = time.perf_counter() - began
    finally:
        webannotation._write = write
    common.figure(
        "the largest import, in this process",
        f"{total:.2f} s in all; {len(durations)} transactions, the longest "
        f"{common.ms(max(durations))}, {common.ms(sum(durations))} in all",
        goal="no transaction over 200 ms",
        met=max(durations) < 0.2,
    )


def writes_while(clients, symbol: str, pause: float, task) -> list[float]:
    """Each client adds a note every `pause` seconds (on average) while `task` runs; the
    latency of each write."""
    import random

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    done = threading.Event()

    def writer(number: int, client) -> None:
        rng = random.Random(number)
        n = 0
        while not done.is_set():
            time.sleep(rng.uniform(0, 2 * pause))
            began = time.perf_counter()
            try:
                pid = PIDS[n % len(PIDS)]
                status, uuid = write_note(client, symbol, pid, f"beside {number}-{n}")
            except OSError as error:
                status, uuid = type(error).__name__, None
            with lock:
                latencies.append(time.perf_counter() - began)
                if uuid is None:
                    errors.append(str(status))
            n += 1

    threads = [
        threading.Thread(target=writer, args=(i, c), daemon=True) for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    try:
        task()
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=60)
    if errors:
        kinds = ", ".join(f"{e} x{errors.count(e)}" for e in sorted(set(errors)))
        common.figure("  errors among those writes", f"{len(errors)} ({kinds})", met=False)
    return latencies


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
