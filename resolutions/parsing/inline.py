"""Turning one paragraph's raw source into plain text, emphasis spans and footnote markers."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from resolutions.parsing.languages import Language
from resolutions.parsing.model import Span


@dataclass
class Rendered:
    text: str
    emphasis: list[Span] = field(default_factory=list)
    markers: list[tuple[int, int]] = field(default_factory=list)  # (number, offset)


class _Builder:
    """Collects characters with an italic flag and marker positions, then tidies whitespace."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.italic: list[bool] = []
        self.markers: list[tuple[int, int]] = []

    def add(self, text: str, italic: bool = False) -> None:
        for char in text:
            self.chars.append(char)
            self.italic.append(italic)

    def mark(self, number: int) -> None:
        self.markers.append((number, len(self.chars)))

    def build(self) -> Rendered:
        out: list[str] = []
        out_italic: list[bool] = []
        mapping: list[int] = []
        pending_space = False
        for char, italic in zip(self.chars, self.italic, strict=True):
            if char.isspace():
                pending_space = bool(out)
                mapping.append(len(out))
                continue
            if pending_space:
                out.append(" ")
                out_italic.append(False)
                pending_space = False
            mapping.append(len(out))
            out.append(char)
            out_italic.append(italic)
        mapping.append(len(out))
        text = "".join(out)
        emphasis: list[Span] = []
        start = None
        for index, flag in enumerate([*out_italic, False]):
            if flag and start is None:
                start = index
            elif not flag and start is not None:
                span = _trim(text, start, index)
                if span:
                    emphasis.append(span)
                start = None
        markers = []
        for number, position in self.markers:
            offset = mapping[position]
            # A marker stands right after the word or punctuation it follows.
            while offset > 0 and text[offset - 1] == " ":
                offset -= 1
            markers.append((number, min(offset, len(text))))
        return Rendered(text, _merge(text, emphasis), markers)


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start] in " ,;:":
        start += 1
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return Span(start, end) if end > start else None


def _merge(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and text[merged[-1].end : span.start].strip() == "":
            merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


_MD_TOKEN = re.compile(
    r"<sup>\s*(?P<sup>\d{1,4})\s*</sup>"
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+\-.!<>|~\"'])"
    r"|\[(?P<link>[^\[\]]*)\]\([^)\s]*\)"
    r"|(?P<bold>\*\*|__)"
    r"|(?P<star>\*)"
    r"|(?P<br><br\s*/?>)"
    r"|(?P<tag></?[a-zA-Z][^>]{0,40}>)"
)


def render_markdown(raw: str) -> Rendered:
    """Plain text of a Markdown paragraph: links unwrapped, escapes undone, italics as spans."""
    builder = _Builder()
    italic = False
    _render_markdown_into(raw, builder, [italic])
    return builder.build()


def _render_markdown_into(raw: str, builder: _Builder, state: list[bool]) -> None:
    position = 0
    for match in _MD_TOKEN.finditer(raw):
        builder.add(raw[position : match.start()], state[0])
        position = match.end()
        if match["sup"] is not None:
            builder.mark(int(match["sup"]))
        elif match["escaped"] is not None:
            builder.add(match["escaped"], state[0])
        elif match["link"] is not None:
            _render_markdown_into(match["link"], builder, state)
        elif match["star"] is not None:
            state[0] = not state[0]
        elif match["br"] is not None:
            builder.add(" ", state[0])
    builder.add(raw[position:], state[0])


# A bare-number footnote marker of pdftotext: "Development, 2", "Goals 5 and", ",12 ".
_BARE = re.compile(r"(?<=[\s,;\u201d\u2019\")])(?<!\d,)(?P<n>\d{1,3})(?=[\s,;:]|\.(?!\d)|$)")
_OLD = re.compile(r"(?<=[\w,;.\u201d\u2019\")\]])\s*(?P<n>\d{1,3})/(?=[\s,;.:)]|$)")


def find_bare_markers(
    text: str, known: set[int], seen: list[int], language: Language
) -> list[tuple[int, int, int]]:
    """Footnote markers written as bare numbers: (number, start, end) of each, in order.

    `seen` holds the highest new footnote number met so far in the document: a new
    footnote's marker is always the next number, while an earlier one may be cited again.
    """
    found = []
    for match in _BARE.finditer(text):
        number = int(match["n"])
        if number not in known or number > seen[0] + 1:
            continue
        before = text[: match.start()].rstrip()
        previous_word = re.search(r"([^\W\d_]+)\.?$", before)
        called_before_punctuation = (
            language.marker_before_punctuation
            and number == seen[0] + 1
            and text[match.end() :].lstrip()[:1] in {",", ";", ".", ":"}
        )
        if (
            previous_word
            and previous_word[1].lower() in language.not_before_marker
            and before[-1:] not in ",;:"
            and not called_before_punctuation
        ):
            continue
        if previous_word and previous_word[1] in language.not_marker_after_name:
            continue
        after = text[match.end() :].lstrip()
        next_word = re.match(r"[^\s,;.:]+", after)
        # The next new footnote is the likeliest reading of a number where a count cannot
        # stand: right after a year ("Framework 2015-2030 3 can", "septembre 2022 1, et"),
        # or right before a symbol or a year ("of 10 May 2006, 2 2008/1 of").
        next_new = number == seen[0] + 1
        after_year = next_new and bool(re.search(r"(?<!\d)(?:19|20)\d\d$", before))
        if re.search(r"\d$", before) and not after_year:
            continue
        if next_word and (
            next_word[0].lower() in language.not_after_marker
            or next_word[0].lower() in language.lower_months
        ):
            continue
        if (
            next_word
            and next_word[0][:1].isdigit()
            and not (next_new and re.fullmatch(r"(?:19|20)\d\d|\d{1,4}/\d+", next_word[0]))
        ):
            continue
        # "5 to 7", "2 or 3": a range, unless the number follows a year ("2010 3 and 6 August").
        if re.match(r"(?:and|or|to|et|ou|à)\s+\d", after) and not after_year:
            continue
        found.append((number, match.start(), match.end()))
        seen[0] = max(seen[0], number)
    return found


def find_old_markers(text: str, known: set[int]) -> list[tuple[int, int, int]]:
    """Old UN plain-text markers "Convention 1/": (number, start, end)."""
    return [(int(m["n"]), m.start(), m.end()) for m in _OLD.finditer(text) if int(m["n"]) in known]


def render_plain(text: str, markers: list[tuple[int, int, int]]) -> Rendered:
    builder = _Builder()
    position = 0
    for number, start, end in sorted(markers, key=lambda m: m[1]):
        builder.add(text[position:start])
        builder.mark(number)
        position = end
    builder.add(text[position:])
    return builder.build()


# --- healing what text extraction broke -------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def vocabulary(texts: list[str]) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        counts.update(_WORD.findall(text))
    return counts


def _word_tables(vocab: Counter) -> tuple[Counter, dict[str, str]]:
    """The document's words in lower case, and its hyphenated words by their unhyphenated
    spelling: made once per document, not once per paragraph."""
    tables = getattr(vocab, "word_tables", None)
    if tables is None:
        lower: Counter = Counter()
        for word, count in vocab.items():
            lower[word.lower()] += count
        hyphenated = {word.replace("-", ""): word for word in vocab if "-" in word}
        tables = vocab.word_tables = (lower, hyphenated)
    return tables


def heal_words(text: str, vocab: Counter, language: Language) -> str:
    """Re-join words a stray space broke ("Latin Amer ica") and hyphens a join dropped.

    Only where the joined word occurs elsewhere in the same document and one of the
    fragments does not, so two real words are never glued together.
    """
    lower, hyphenated = _word_tables(vocab)

    def known(word: str) -> bool:
        # A fragment of a broken word occurs once, in the break itself; and no single
        # letter but "a" is an English word.
        if len(word) == 1:
            return word in language.one_letter_words
        return lower[word.lower()] >= 2

    tokens = text.split(" ")
    healed: list[str] = []
    for token in tokens:
        if healed:
            first = re.search(r"(?:^|[^\w-]|[\d_])([^\W\d_]+)$", healed[-1])
            second = re.match(r"([^\W\d_A-ZÀ-Ý]+)(?=[^\w-]|[\d_]|$)", token)
            if first and second and not healed[-1].endswith(("-", "/")):
                whole = first[1] + second[1]
                if whole.lower() in lower and not (known(first[1]) and known(second[1])):
                    healed[-1] += token
                    continue
        healed.append(token)
    text = " ".join(healed)

    def rehyphen(match: re.Match) -> str:
        return hyphenated.get(match[0], match[0])

    return re.sub(r"\b[^\W\d_]{6,}\b", rehyphen, text)


def heal_merged_line(line: str, vocab: Counter, elsewhere: str = "") -> str:
    """In a line pdftotext merged at a line-end hyphen, "Secretary General" -> "-General".

    Only for pairs the document writes hyphenated and never spaced (`elsewhere` is the
    rest of the document), so "to scale up" stays as written.
    """

    def fix(match: re.Match) -> str:
        pair = f"{match[1]} {match[2]}"
        if vocab[f"{match[1]}-{match[2]}"] and pair not in elsewhere:
            return f"{match[1]}-"
        return match[0]

    return re.sub(r"\b([^\W\d_]+) (?=([^\W\d_]+)\b)", fix, line)
