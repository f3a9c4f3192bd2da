"""Notes are Markdown, rendered by a maintained parser and cleaned by a maintained sanitiser:
nothing anyone writes runs script in another reader's browser."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown


def test_emphasis_lists_and_links_render():
    html = render_markdown("*Note* **well**\n\n- one\n- two\n\n[UN](https://un.org)")
    assert "<em>Note</em> <strong>well</strong>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://un.org" rel="nofollow noopener">UN</a>' in html


class Elements(HTMLParser):
    """The elements and attributes a browser would build from the HTML."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_inert(html):
    for tag, attrs in Elements(html).found:
        assert tag in ALLOWED_TAGS, tag
        assert not any(name.startswith("on") for name in attrs), attrs
        assert set(attrs) <= ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, attrs
        if "href" in attrs:
            assert urlsplit(attrs["href"]).scheme in ("", "http", "https", "mailto"), attrs


@pytest.mark.parametrize(
    "attack",
    [
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java&#x09;script:alert(1))",
        "![x](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<iframe src=//evil></iframe>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<svg onload=alert(1)>",
    ],
)
def test_html_and_dangerous_links_come_out_inert(attack):
    assert_inert(render_markdown(attack))


def test_raw_html_is_shown_as_text_not_run():
    html = render_markdown("<img src=x onerror=alert(1)> <script>x</script>")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;" in html


def test_images_are_not_loaded_from_notes():
    assert "<img" not in render_markdown("![tracker](https://evil.example/pixel.gif)")


@given(st.text(max_size=300))
def test_no_text_renders_to_anything_but_inert_allowed_elements(text):
    assert_inert(render_markdown(text))


def test_a_note_is_stored_rendered_and_sanitised_and_edits_render_again(make_note, author):
    note = make_note(note="<script>alert(1)</script> *kept*")
    assert "<em>kept</em>" in note.note_html and "<script" not in note.note_html
    note.edit(
        by=author,
        expected_version=note.version,
        note="[x](javascript:alert(1)) **new**",
        tags=[],
        visibility="private",
        team=None,
    )
    note.refresh_from_db()
    assert "<strong>new</strong>" in note.note_html
    assert_inert(note.note_html)
