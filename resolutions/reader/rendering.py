"""Turns a paragraph's or footnote's plain text and its spans into safe HTML.

Everything in the text is escaped; markup comes only from the spans (italic and bold runs,
footnote markers, links), which may overlap: the text is cut at every span boundary and each
piece is wrapped in what covers it, links outside emphasis, markers never inside a link.
"""

from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Link:
    """A run of text that links somewhere (a cited document, an instrument's panel) or, without
    an href, is marked (the words citing an instrument, on that instrument's page)."""

    start: int
    end: int
    href: str
    # Extra attributes, already trusted names with values that will be escaped.
    attrs: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def tag(self) -> str:
        return "a" if self.href else "mark"


@dataclass(frozen=True)
class Marker:
    """A zero-width footnote marker at an offset of the text."""

    offset: int
    html: SafeString


def footnote_marker_html(anchor: str, href: str, number: int) -> SafeString:
    """The superscript number that opens its footnote in the panel beside the text; the page
    then shows the footnote's own URL (reader.js), so Back closes the panel and the link can be
    shared."""
    return format_html(
        '<sup class="fn-ref"><a id="{}" href="{}" hx-get="{}" hx-target="#panel" '
        'data-opens-panel aria-label="{}">{}</a></sup>',
        anchor,
        href,
        href,
        _("Footnote %(number)s") % {"number": number},
        number,
    )


def _open_link(link: Link) -> str:
    attrs = "".join(format_html(' {}="{}"', name, value) for name, value in link.attrs.items())
    if not link.href:
        return "<mark" + attrs + ">"
    return format_html('<a href="{}"', link.href) + attrs + ">"


def render_text(text, emphasis=(), markers=(), links=()) -> SafeString:
    """The text as HTML: `emphasis` is a list of [start, end] italic and [start, end, "bold"]
    bold spans, `markers` footnote markers, `links` linked runs. Spans outside the text are
    clipped; of two overlapping links the earlier wins."""
    length = len(text)

    def clip(n):
        return max(0, min(int(n), length))

    italics, bolds = [], []
    for span in emphasis or ():
        start, end = clip(span[0]), clip(span[1])
        if start < end:
            (bolds if len(span) > 2 and span[2] == "bold" else italics).append((start, end))
    chosen: list[Link] = []
    for link in sorted(links, key=lambda k: (k.start, -k.end)):
        start, end = clip(link.start), clip(link.end)
        if start < end and all(end <= c.start or start >= c.end for c in chosen):
            chosen.append(Link(start, end, link.href, link.attrs))
    markers_at: dict[int, list[Marker]] = {}
    for marker in markers:
        markers_at.setdefault(clip(marker.offset), []).append(marker)

    points = sorted(
        {0, length}
        | {n for span in italics + bolds for n in span}
        | {n for c in chosen for n in (c.start, c.end)}
        | set(markers_at)
    )
    out: list[str] = []
    link_open: Link | None = None
    strong_open = em_open = False
    for index, at in enumerate(points):
        following = points[index + 1] if index + 1 < len(points) else at
        here = markers_at.get(at, [])
        running = following > at
        want_link = next((c for c in chosen if c.start <= at < c.end), None) if running else None
        want_strong = running and any(s <= at < e for s, e in bolds)
        want_em = running and any(s <= at < e for s, e in italics)
        link_changes = bool(here) or want_link is not link_open
        strong_changes = link_changes or want_strong != strong_open
        if em_open and (not want_em or strong_changes):
            out.append("</em>")
            em_open = False
        if strong_open and (not want_strong or link_changes):
            out.append("</strong>")
            strong_open = False
        if link_open and link_changes:
            out.append(f"</{link_open.tag}>")
            link_open = None
        out.extend(marker.html for marker in here)
        if want_link and link_open is None:
            out.append(_open_link(want_link))
            link_open = want_link
        if want_strong and not strong_open:
            out.append("<strong>")
            strong_open = True
        if want_em and not em_open:
            out.append("<em>")
            em_open = True
        out.append(escape(text[at:following]))
    if em_open:
        out.append("</em>")
    if strong_open:
        out.append("</strong>")
    if link_open:
        out.append(f"</{link_open.tag}>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text escaped above
