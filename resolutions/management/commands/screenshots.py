"""Screenshots of the reader for review and for the README: the reader, a permalink, a footnote
panel, search and the notes margin, on a desk screen (1280 by 900) and a phone (390 by 844).

    python manage.py screenshots OUTDIR [--symbol A/RES/79/154] [--base-url http://…]

Without --base-url the pages are served from this process, from the database the settings name
(run `collectstatic` first). Needs Chromium (CHROMIUM_PATH, else /usr/bin/chromium).
"""

import os
import shutil
import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application

from resolutions.models import Paragraph, Resolution

SIZES = {"desk": (1280, 900), "phone": (390, 844)}


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Command(BaseCommand):
    help = "Screenshots of the reader, a permalink, a panel, search and the notes margin."

    def add_arguments(self, parser):
        parser.add_argument("outdir")
        parser.add_argument("--symbol", default="A/RES/79/154")
        parser.add_argument("--base-url", default="")
        parser.add_argument("--username", default="", help="Sign in as this user first")
        parser.add_argument("--password", default="")

    def handle(self, outdir, symbol, base_url, username, password, **options):
        from playwright.sync_api import sync_playwright

        resolution = Resolution.objects.filter(symbol=symbol).first()
        if resolution is None:
            raise CommandError(f"No resolution {symbol} in the library")
        with_notes = (
            Paragraph.objects.filter(resolution=resolution, annotations__isnull=False)
            .values_list("pid", flat=True)
            .first()
        )
        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        server = None
        if not base_url:
            server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
            server.set_app(get_wsgi_application())
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base_url = f"http://127.0.0.1:{server.server_port}"
        reader = f"{base_url}/resolutions/{symbol}/"
        pages = {
            "reader": (reader, None),
            "permalink": (f"{reader}op3/", None),
            "panel": (f"{reader}fn1/", None),
            "search": (f"{base_url}/search/?q=forced+labour", None),
            "notes-margin": (f"{reader}#{with_notes or 'op1'}", None),
        }
        chromium = (
            os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
        )
        written = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
                )
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    if username:
                        page.goto(f"{base_url}/accounts/login/")
                        page.get_by_label("Username").fill(username)
                        page.get_by_label("Password").fill(password)
                        page.get_by_role("button", name="Sign in").click()
                    for name, (url, _) in pages.items():
                        page.goto(url)
                        page.wait_for_load_state("networkidle")
                        path = out / f"{name}-{size}.png"
                        page.screenshot(path=str(path))
                        written.append(path)
                    context.close()
                browser.close()
        finally:
            if server is not None:
                server.shutdown()
        for path in written:
            self.stdout.write(str(path))
