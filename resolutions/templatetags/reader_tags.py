"""Template filters for the reader: session names as the UN writes them, quotes for link
previews, the markup shared by every reader of a page, and the slots the notes fill."""

from django import template
from django.utils.text import Truncator

from resolutions.notes import notes
from resolutions.parsing.languages import direction as language_direction

register = template.Library()

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen"]
TEENS += ["fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINAL_UNITS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def cardinal(n: int) -> str:
    if n < 10:
        return UNITS[n]
    if n < 20:
        return TEENS[n - 10]
    if n < 100:
        tens, units = divmod(n, 10)
        return TENS[tens] + (f"-{UNITS[units]}" if units else "")
    hundreds, rest = divmod(n, 100)
    return f"{UNITS[hundreds]} hundred" + (f" and {cardinal(rest)}" if rest else "")


def ordinal(n: int) -> str:
    """79 → "seventy-ninth", the way the General Assembly names its sessions."""
    words = cardinal(n)
    head, sep, last = words.rpartition("-") if "-" in words else ("", "", words)
    if " " in last:
        head2, _, last = last.rpartition(" ")
        head, sep = (head + sep + head2).strip(), " "
    if last in ORDINAL_UNITS:
        last = ORDINAL_UNITS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


@register.filter
def session_name(session) -> str:
    """79 → "Seventy-ninth session"."""
    try:
        return f"{ordinal(int(session)).capitalize()} session"
    except (TypeError, ValueError):
        return ""


@register.filter
def quote_start(text, words=30) -> str:
    """The start of a paragraph, for a link preview."""
    return Truncator(" ".join(str(text).split())).words(int(words), truncate="…")


@register.filter
def direction(language) -> str:
    """ "rtl" or "ltr" for a language code, by the project's one rule (the language tables')."""
    return language_direction(str(language or ""))


class SharedNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        from django.utils.safestring import mark_safe

        from resolutions.cache import fragments

        key = context.get("shared_key")
        if key is None:
            return self.nodelist.render(context)
        key = (*key, *(part.resolve(context) for part in self.parts))
        html = fragments.STORE.get(key)
        if html is None:
            html = self.nodelist.render(context)
            fragments.STORE.set(key, html, len(html))
        return mark_safe(html)  # noqa: S308 - rendered by the template, escaped there


@register.tag
def shared(parser, token):
    """`{% shared "name" paragraph.pid %}…{% endshared %}`: markup the same for every reader of
    this page's document (resolutions/fragments.py), rendered once per worker under the page's
    `shared_key` and the values given; rendered every time where the page has no key. What is
    inside may depend only on the document and those values (`user.is_authenticated` where it
    differs for those signed in): never on who the viewer is."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, parts)


@register.filter
def count_for(counts, paragraph):
    """How many a paragraph has, from a dict by paragraph pk (the notes' counts)."""
    return (counts or {}).get(paragraph.pk, 0)


class NotesSlotNode(template.Node):
    def __init__(self, slot: str):
        self.slot = slot

    def render(self, context):
        name = notes().slots.get(self.slot)
        if not name:
            return ""
        # Found once per rendering, as `{% include %}` does, however many paragraphs ask.
        cache = context.render_context.dicts[0].setdefault(self, {})
        if name not in cache:
            cache[name] = context.template.engine.get_template(name)
        return cache[name].render(context)


@register.tag
def notes_slot(parser, token):
    """`{% notes_slot "toolbar" %}`: where the notes show on a page of the library, rendered
    with the page's context by the template the notes app registered for that slot
    (resolutions/notes.py); nothing when none is registered."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("notes_slot takes one quoted slot name")
    return NotesSlotNode(bits[1][1:-1])
