"""Bytes a reader downloads: the reader page's HTML and every script and style sheet it loads,
as sent and gzip-compressed. Goal: JavaScript and CSS together under 30 KB gzip."""

import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common

ASSET = re.compile(
    rb"<script[^>]*\ssrc=\"(?P<script>[^\"]+)\"|<link[^>]*rel=\"stylesheet\"[^>]*href=\"(?P<css>[^\"]+)\""
)


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def run() -> None:
    common.setup_django()
    common.heading("Bytes")
    if not common.url_exists(common.READER_PATH):
        common.skipped("reader page bytes", f"{common.READER_PATH} is not served yet")
        return
    from django.test import Client

    common.bundled_resolution()
    client = Client()
    page = client.get(common.READER_PATH)
    html = page.content
    common.figure("reader HTML", f"{kb(len(html))}, {kb(len(gzip.compress(html)))} gzip")
    assets_raw = assets_gz = 0
    for match in ASSET.finditer(html):
        url = (match["script"] or match["css"]).decode()
        response = client.get(url)
        if response.status_code != 200:
            common.figure(url, f"not found ({response.status_code})")
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        packed = len(gzip.compress(body, 9))
        assets_raw += len(body)
        assets_gz += packed
        common.figure(f"  {url}", f"{kb(len(body))}, {kb(packed)} gzip")
    common.figure(
        "JavaScript and CSS together",
        f"{kb(assets_raw)}, {kb(assets_gz)} gzip",
        goal="under 30 KB gzip",
        met=assets_gz < 30 * 1024,
    )


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
