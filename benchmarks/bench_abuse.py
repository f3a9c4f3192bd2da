"""What the worst anonymous request of each kind costs the server, before the bounds of issue 23
(the same request with its bound lifted: the old page size, no phrase check, no page cache)
and after (the request as it is answered now): an
export with 15,000 public notes, a quoted phrase of single letters, an agreed-language phrase of
one 1,000-letter hyphenated word, a comparison of two resolutions; and the page cache's memory
after 1,000 requests with a junk parameter.

BENCH_ABUSE_NOTES (default 15000) public notes; BENCH_ABUSE_REQUESTS (default 5) timings per
figure; BENCH_ABUSE_JUNK (default 1000) junk-parameter requests.
"""

import logging
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common

LETTERS = '"' + " ".join("abcdefghijklmnopqrstuvwxyz0123456789") + '"'
LONG_WORD = "-".join("abcdefghij" * 50)  # 999 characters, one word to a hyphen-blind reader
# A bound the old code lacked, kept as it was for the "before" figures: LocMemCache's entries.
OLD_CACHE_ENTRIES = 300


_client = None


def anonymous(path, data=None):
    """A request from a visitor who is not signed in, through one test client (a new one per
    request would load the middleware every time), with no cookie kept between requests."""
    global _client
    if _client is None:
        from django.test import Client

        _client = Client()
    _client.cookies.clear()
    return _client.get(path, data)


def timed(fn, times):
    samples, result = [], None
    for _ in range(times):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return samples, result


def worst(samples) -> str:
    middle = sorted(samples)[len(samples) // 2]
    middle = sorted(samples)[len(samples) // 2]
    return f"worst {common.ms(max(samples))}, median {common.ms(middle)}"


def run() -> None:
    common.setup_django()
    common.heading(f"What an anonymous visitor can cost ({common.database_label()})")
    from django.test import override_settings

    from annotations import views as annotation_views
    from annotations.models import Annotation, build_note
    from resolutions.across import views as library_views
    from resolutions.cache import pages as pagecache
    from resolutions.search import views as search_views

    resolution = common.bundled_resolution()
    times = common.env_int("BENCH_ABUSE_REQUESTS", 5)
    wanted = common.env_int("BENCH_ABUSE_NOTES", 15000)
    junk = common.env_int("BENCH_ABUSE_JUNK", 1000)
    author = _author()
    have = Annotation.objects.filter(visibility="public", deleted_at__isnull=True).count()
    paragraphs = list(resolution.paragraphs.filter(in_text=True).exclude(kind="heading"))
    if have < wanted:
        Annotation.objects.bulk_create(
            (
                build_note(
                    paragraph=paragraphs[n % len(paragraphs)],
                    author=author,
                    note=f"Public note {n} for the abuse benchmark, with some words in it.",
                    visibility="public",
                )
                for n in range(wanted - have)
            ),
            batch_size=1000,
        )
        pagecache.changed(pagecache.resolution_scope(resolution.pk))
    public = Annotation.objects.filter(visibility="public", deleted_at__isnull=True).count()
    # Generous budgets while measuring the work itself; the 429 is measured on its own.
    generous = dict.fromkeys(("export", "lookup", "import", "invite"), (10**6, 60))

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 429s measured below

    # --- exports
    with override_settings(RATE_LIMITS={**_limits(), **generous}):
        for kind in ("csv", "jsonld"):
            export = f"/annotations/export.{kind}"
            with mock.patch.object(annotation_views, "EXPORT_PAGE", 10**9):
                before, old = timed(lambda export=export: anonymous(export), 1)
            after, response = timed(lambda export=export: anonymous(export), times)
            common.figure(
                f"anonymous export.{kind}, {public:,} public notes",
                f"before (all of them): {worst(before)}, {len(old.content) / 1e6:.1f} MB; after "
                f"(a page of 1,000): {worst(after)}, {len(response.content) / 1e6:.1f} MB",
                goal="bounded by the page, not the library",
                met=max(after) < max(before),
            )

    # --- phrase search and agreed language
    with override_settings(RATE_LIMITS={**_limits(), **generous}):
        phrase_before_and_after(
            "phrase search of 26 letters and 10 digits", search_views, "/search/", LETTERS, times
        )
        looked_up = '"' + " ".join("abcdefghijklmnopqrstuvw") + ' trafficking"'
        after, response = timed(lambda: anonymous("/search/", {"q": looked_up}), times)
        common.figure(
            "worst phrase still looked up (23 single letters and one informative word)",
            f"{worst(after)} (status {response.status_code})",
        )
        phrase_before_and_after(
            "agreed-language phrase of one 1,000-character hyphenated word",
            library_views,
            f"/resolutions/{resolution.symbol}/{paragraphs[-1].pid}/agreed/",
            LONG_WORD,
            times,
        )

    # --- comparison
    older, newer = _comparison_pair(resolution)
    url = f"/resolutions/{newer.symbol}/compare/{older.symbol}/"
    with override_settings(RATE_LIMITS={**_limits(), **generous}):
        before = []
        for _ in range(times):
            pagecache.STORE.clear()
            started = time.perf_counter()
            anonymous(url)
            before.append(time.perf_counter() - started)
        after, _ = timed(lambda: anonymous(url), times)
    common.figure(
        f"comparison {newer.symbol} with {older.symbol}",
        f"before (built for every request): {worst(before)}; after (from the page cache): "
        f"{worst(after)}",
        goal="built once",
        met=max(after) < min(before),
    )
    with override_settings(RATE_LIMITS={**_limits(), "lookup": (1, 60)}):
        pagecache.STORE.clear()
        anonymous(url + "?show=changed")
        refused, response = timed(lambda: anonymous(url + "?show=new"), times)
    common.figure(
        "a new pair past the address's budget of lookups",
        f"{worst(refused)} (status {response.status_code})",
        goal="429 at once",
        met=response.status_code == 429,
    )

    # --- page cache memory
    pagecache.STORE.clear()
    reader = f"/resolutions/{resolution.symbol}/"
    started = time.perf_counter()
    for n in range(junk):
        anonymous(reader, {"cb": n})
    elapsed = time.perf_counter() - started
    entry = pagecache.STORE.bytes // max(1, len(pagecache.STORE))
    old = min(junk, OLD_CACHE_ENTRIES) * entry
    common.figure(
        f"page cache after {junk:,} junk-parameter requests to the reader",
        f"before: {min(junk, OLD_CACHE_ENTRIES)} pages, {old / 1e6:.1f} MB per worker; after: "
        f"{len(pagecache.STORE)} page, {pagecache.STORE.bytes / 1e6:.2f} MB "
        f"(cap {_page_cache_bytes() / 1e6:.0f} MB); {common.ms(elapsed / junk)} a request",
        goal="one page",
        met=len(pagecache.STORE) == 1,
    )


def phrase_before_and_after(label, view_module, path, phrase, times) -> None:
    """The phrase asked anonymously with the view's check lifted (before) and as it is now."""

    def ask():
        return anonymous(path, {"q": phrase})

    with mock.patch.object(view_module, "phrase_refusal", lambda phrase: ""):
        before, _ = timed(ask, max(1, times // 2))
    after, response = timed(ask, times)
    common.figure(
        label,
        f"before: {worst(before)}; after: {worst(after)} ({_answer(response)})",
        goal="answered at once",
        met=statistics.median(after) < statistics.median(before) / 2,
    )


def _answer(response) -> str:
    text = response.content.decode()
    for words in ("Too common to look up", "No paragraph holds a word", "at most 40 words"):
        if words in text:
            return f"refused: {words.lower()}"
    return f"looked up, status {response.status_code}"


def _limits():
    from django.conf import settings

    return settings.RATE_LIMITS


def _page_cache_bytes():
    from django.conf import settings

    return settings.PAGE_CACHE_BYTES


def _author():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-abuse-importer")
    return user


def _comparison_pair(resolution):
    """79/154 and its previous version when the sessions are loaded; else a copy of 79/154 with
    a word changed in every paragraph, as an older version of it."""
    from resolutions.across.series import earlier_versions
    from resolutions.models import Paragraph, ParagraphText, Resolution

    earlier = earlier_versions(resolution)
    if earlier:
        return earlier[0], resolution
    older = Resolution.objects.filter(symbol="A/RES/77/9154").first()
    if older is None:
        older = Resolution.objects.create(
            symbol="A/RES/77/9154",
            session=77,
            number="9154",
            number_int=9154,
            title=resolution.title,
        )
        for p in resolution.paragraphs.all():
            copy = Paragraph.objects.create(
                resolution=older,
                pid=p.pid,
                kind=p.kind,
                label=p.label,
                position=p.position,
                text=p.text.replace(" the ", " this ", 1),
                in_text=p.in_text,
            )
            ParagraphText.objects.create(
                paragraph=copy, language=resolution.primary_language, text=copy.text
            )
    return older, resolution


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
