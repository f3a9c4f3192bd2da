"""Every word a template shows is marked for translation: a page in Arabic has no English left in
its interface because nobody could forget to mark a string."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# A stand-in for what the template language fills in: variables, tags, translated strings.
FILLED = "\x00"
LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# Attributes a reader hears or sees.
SHOWN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "aria-description"}
# Meta tags whose content is a machine's value, not words.
MACHINE_META = {"viewport", "htmx-config", "og:type", "twitter:card"}
# Words that are the same in every language: names and symbols the UN itself does not translate.
ALLOWED = {
    "undocs.org",  # an address
    "JSON",  # formats
    "CSV",
    "JSON-LD",
    "Akoma Ntoso XML",
    "W3C",
}
# Symbols a page shows around what it fills in: the same in every language.
PUNCTUATION = " ·,;:()[]<>|/-\u2013\u2014\u2192\u2190\u21a9\u2026\u201c\u201d\"'."
# Pieces of a tag whose name a template chooses ("<h2{% else %}<h3{% endif %} class=…>"),
# which the HTML parser then reads as text.
TAG_PIECE = re.compile(r"^(?:h[1-6]|[\w-]+=.*)$")


def template_text(source: str) -> str:
    """The template with everything the template language supplies replaced by FILLED: what
    remains is what the template itself writes."""
    out: list[str] = []
    depth = 0  # inside {% blocktranslate %} … {% endblocktranslate %} or {% comment %}
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans", "comment"):
                depth += 1
            elif name in ("endblocktranslate", "endblocktrans", "endcomment"):
                depth -= 1
            out.append(FILLED)
        elif token.token_type == TokenType.TEXT and not depth:
            out.append(token.contents)
        else:
            out.append(FILLED)
    return "".join(out)


class ShownWords(HTMLParser):
    """Text nodes and shown attribute values that still hold letters."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        values = dict(attrs)
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES:
                self.check(value or "")
        if tag == "meta" and "content" in values:
            kind = values.get("name") or values.get("property") or ""
            if kind and kind not in MACHINE_META:
                self.check(values["content"] or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.check(data)

    def check(self, text: str) -> None:
        for piece in text.split(FILLED):
            words = " ".join(piece.split()).strip(PUNCTUATION)
            if (
                words
                and LETTERS.search(words)
                and words not in ALLOWED
                and not TAG_PIECE.match(words)
            ):
                self.found.append(words)


def unmarked(source: str) -> list[str]:
    parser = ShownWords()
    parser.feed(template_text(source))
    parser.close()
    return parser.found


def test_every_word_a_template_shows_is_marked_for_translation():
    templates = sorted(TEMPLATES.rglob("*.html"))
    # Every page of the site is read (fragments are partials of the pages they belong to).
    assert len(templates) > 30 and TEMPLATES / "resolutions" / "reader.html" in templates
    found = {
        str(path.relative_to(TEMPLATES)): words
        for path in templates
        if (words := unmarked(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_check_finds_an_unmarked_word_in_text_and_in_a_label():
    assert unmarked('<p>Hello <a href="{{ url }}">{{ name }}</a></p>') == ["Hello"]
    assert unmarked('<button aria-label="Close panel">+</button>') == ["Close panel"]
    assert unmarked('<meta name="description" content="A reader">') == ["A reader"]


def test_the_check_accepts_marked_words_variables_and_comments():
    source = (
        "{% load i18n %}<p>{% translate 'Hello' %} {{ name }}</p>{# a comment #}"
        "<a aria-label=\"{% translate 'Close' %}\">{% blocktranslate %}To {{ x }}"
        "{% endblocktranslate %}</a>{% comment %}Words{% endcomment %}<p>· 26</p><p>JSON</p>"
    )
    assert unmarked(source) == []
