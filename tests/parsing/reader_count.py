"""What a reader of a resolution sees in one AKN4UN file, counted from the XML alone.

Written apart from the parser (resolutions/parsing/akn.py), with lxml and the rules a person
reading the printed document applies: a heading is not a paragraph however it is marked up,
nor is a table (it belongs to the paragraph before it) or a note under a table; a letter
written at the start of a text letters a sub-paragraph as a `num` would; the closing meeting
line is not a paragraph. The corpus test compares this count with the parser's.
"""

from __future__ import annotations

import re
import unicodedata

A = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": A}
SKIPPED = {"authorialNote", "num", "heading", "subheading", "table", "crossHeading"}

_ROMANS = [
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
    "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx",
]  # fmt: skip
_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_CJK = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"]
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LABEL = re.compile(r"^[\s\u200e\u200f\u061c]*(\([^()\s]{1,5}\)|[^()\s\d]{1,4}\)|[\u3220-\u3229])")
_NUMBER = re.compile(
    r"^[\s\u200e\u200f\u061c]*\d{1,3}"
    r"(?:\s*[.\-\u2012-\u2014][\u200e\u200f\u061c]*[ \t\u00a0]|[\u200e\u200f]*\t"
    # "9-членами": the number glued to what is left of a word the markup cut short.
    r"|-(?=[^\W\d]))"
)


def local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def written(el, enough: int | None = None) -> str:
    """Text of the element outside its notes, number, headings and tables, as written (its
    tabs kept); the first `enough` characters or so where that is all that is asked."""
    out = []

    def walk(node):
        if local(node) in SKIPPED or (enough and sum(len(t) for t in out) > enough):
            return
        out.append(node.text or "")
        for child in node:
            walk(child)
            out.append(child.tail or "")

    walk(el)
    return "".join(out)


def own_text(el) -> str:
    return " ".join(written(el).split())


def styled_text(el, style: str) -> str:
    out = []
    for span in el.iter(f"{{{A}}}span"):
        if style in (span.get("class") or "").split() and not any(
            local(a) == "span" and style in (a.get("class") or "").split()
            for a in span.iterancestors()
        ):
            out.append("".join(t for t in span.itertext()))
    return " ".join(" ".join(out).split())


def values(label: str) -> tuple[int | None, int | None]:
    """(letter, roman) a sub-paragraph label stands for: "(b)" (2, None), "(ii)" (None, 2)."""
    core = re.sub(r"[\s()\u200e\u200f.]", "", unicodedata.normalize("NFKC", label))
    core = core.replace("\u0640", "").replace("а", "a").replace("с", "c").replace("е", "e")  # noqa: RUF001
    core = core.replace("ا", "أ").replace("ة", "ه").replace("إ", "أ")  # noqa: RUF001
    letter = roman = None
    if re.fullmatch(r"([a-z])\1*", core):
        letter = (len(core) - 1) * 26 + ord(core[0]) - 96
    if len(core) == 1 and core in _ABJAD:
        letter = _ABJAD.index(core) + 1
    if len(core) == 1 and core in _BRANCHES:
        letter = _BRANCHES.index(core) + 1
    if core in _ROMANS:
        roman = _ROMANS.index(core) + 1
    if core in _CJK:
        roman = _CJK.index(core) + 1
    if len(core) == 1 and 0x3220 <= ord(core) <= 0x3229:
        roman = ord(core) - 0x3220 + 1
    return letter, roman


def is_label(label: str) -> bool:
    return bool(re.fullmatch(r"\(?[^()\s]{1,5}\)|[\u3220-\u3229]", label.strip()))


class Count:
    def __init__(self):
        self.preambular = 0
        self.numbered = 0
        self.unnumbered = 0
        self.lettered = 0
        self.annex_paragraphs = 0
        self.headings = 0
        self.tables = 0
        self.table_notes = 0

    def as_dict(self, annexes: int, parts: int) -> dict:
        return {
            "preambular": self.preambular,
            "numbered operative": self.numbered,
            "unnumbered operative": self.unnumbered,
            "lettered": self.lettered,
            "annexes": annexes,
            "annex paragraphs": self.annex_paragraphs,
            "parts": parts,
        }


class _Scope:
    """One numbering scope (the resolution, a part, an annex) read in document order."""

    def __init__(self, count: Count, annex: bool):
        self.count = count
        self.annex = annex
        self.last = None  # "paragraph", "table" or None: what a table or its note follows
        self.letters = 0  # the open run of sub-paragraph letters under the last paragraph
        self.romans = 0
        self.parent = False
        # An unlabelled paragraph amid lettered ones: the letters go on after it, or start
        # again at "(a)" under it.
        self.loose = False
        self.headed = False  # a heading since the last paragraph
        self.last_text = ""

    def heading(self) -> None:
        self.count.headings += 1
        self.headed = True

    def paragraph(self, kind: str, text: str = "") -> None:
        self.headed, self.last_text = False, text
        if self.annex:
            self.count.annex_paragraphs += 1
        elif kind == "numbered":
            self.count.numbered += 1
        elif kind == "unnumbered":
            self.count.unnumbered += 1
        elif kind == "lettered":
            self.count.lettered += 1
        self.last = "paragraph"
        if kind == "unnumbered" and self.letters:
            self.loose = True
        elif kind in ("numbered", "unnumbered"):
            self.parent, self.letters, self.romans, self.loose = True, 0, 0, False
        else:
            self.loose = False

    def lettered(self, label: str) -> bool:
        """Whether `label` continues the run of letters (or of roman numbers under a letter)."""
        if self.annex or not self.parent:
            return False
        letter, roman = values(label)
        if letter == 1 and self.loose:
            self.letters, self.romans = 1, 0
            return True
        if letter == self.letters + 1:
            self.letters, self.romans = letter, 0
            return True
        if self.letters and roman == self.romans + 1:
            self.romans = roman
            return True
        return False


def count_file(root) -> dict:
    count = Count()
    top = next(c for c in root if local(c) in ("statement", "documentCollection"))
    statements = root.xpath(
        "a:components/a:component/*[self::a:statement or self::a:doc]", namespaces=NS
    )
    parts = len(statements)
    statements = statements or [top]
    annexes = 0
    for statement in statements:
        due = 1
        for preamble in statement.xpath("a:preamble", namespaces=NS):
            containers = preamble.xpath("a:container|a:crossHeading", namespaces=NS)
            for index, el in enumerate(containers):
                # "1.<tab>Reaffirms ...": the first operative paragraph, left in the preamble.
                found = re.match(r"\s*(\d{1,3})[.\t]", written(el, 40))
                items = el.xpath("a:blockList/a:item", namespaces=NS)
                labels = [
                    "".join(num.itertext()).strip()
                    for item in items
                    for num in item.xpath("a:num", namespaces=NS)
                ]
                if local(el) == "container" and found and int(found[1]) == due:
                    count.numbered += 1
                    due += 1
                elif (
                    index == len(containers) - 1
                    and items
                    and labels == [f"{n}." for n in range(due, due + len(items))]
                ):
                    # "Resolves that:" with items "1.", "2.": the operative part opened as a
                    # list in the preamble's last container.
                    intro = el.xpath("a:blockList/a:listIntroduction", namespaces=NS)
                    count.unnumbered += bool(intro and own_text(intro[0]))
                    count.numbered += len(items)
                    due += len(items)
                else:
                    count.preambular += 1
        for body in statement.xpath("a:mainBody", namespaces=NS):
            scope = _Scope(count, annex=False)
            if due > 1:  # the operative paragraphs begun in the preamble go on here
                scope.parent, scope.last = True, "paragraph"
            _read(body, scope, root)
    for statement in statements:
        for doc in statement.xpath("a:attachments/a:attachment/a:doc", namespaces=NS):
            annexes += annexes_in(doc)
            count.annex_paragraphs += len(
                doc.xpath("a:preamble/a:container|a:preamble/a:crossHeading", namespaces=NS)
            )
            for body in doc.xpath("a:mainBody", namespaces=NS):
                _read(body, _Scope(count, annex=True), root)
    return count.as_dict(annexes, parts)


def annexes_in(doc) -> int:
    """One, or as many as the attachment has headings worded as its first ("Annex I", "Annex
    II"; "附件一", "附件二"): the UN sometimes sets several annexes out in one attachment."""
    titles = []
    for el in doc.iter(f"{{{A}}}heading", f"{{{A}}}subheading", f"{{{A}}}paragraph"):
        if local(el) in ("heading", "subheading"):
            titles.append(" ".join("".join(el.itertext()).split()))
        elif not el.xpath("a:num", namespaces=NS):
            text = own_text(el)
            if text and len(text) <= 30 and styled_text(el, "bold") == text:
                titles.append(text)
    if not titles:
        return 1

    def stem(text):
        words = text.split()
        if len(words) == 2 and len(text) <= 30:
            return words[0]
        found = re.fullmatch(r"(\D{1,4}?)[一二三四五六七八九十]{1,3}", text)
        return found[1] if found else None

    first = stem(titles[0])
    if first is None:
        return 1
    return 1 + len({t for t in titles[1:] if stem(t) == first and t != titles[0]})


def _read(container, scope: _Scope, root) -> None:
    children = list(container)
    for index, el in enumerate(children):
        name = local(el)
        if name in ("section", "part", "title", "chapter", "subsection", "division"):
            _read(el, scope, root)
        elif name == "crossHeading":
            scope.count.preambular += not scope.annex
            scope.count.annex_paragraphs += scope.annex
            scope.last = "paragraph"
        elif name == "paragraph":
            _paragraph(el, scope, root, last=index == len(children) - 1)
        elif name in ("container", "blockList", "table", "p"):
            text = own_text(el)
            if not text and any(True for _ in el.iter(f"{{{A}}}table")):
                _table(scope)
            elif text:
                scope.paragraph("unnumbered", text)


def _table(scope: _Scope) -> None:
    introduced = scope.last is not None and (
        not scope.headed or scope.last_text.rstrip().endswith((":", "\uff1a"))
    )
    if not introduced:
        # Nothing before it introduces it: the table stands as a paragraph of its own.
        scope.paragraph("unnumbered")
    else:
        scope.count.tables += 1
    scope.last = "table"


def _paragraph(el, scope: _Scope, root, last: bool) -> None:
    for _cross in el.xpath("a:crossHeading", namespaces=NS):
        scope.count.preambular += not scope.annex
        scope.count.annex_paragraphs += scope.annex
    text = own_text(el)
    nums = el.xpath("a:num", namespaces=NS)
    label = " ".join("".join(nums[0].itertext()).split()) if nums else ""
    has_list = bool(el.xpath("a:list", namespaces=NS))
    has_note = bool(el.xpath(".//a:authorialNote", namespaces=NS))
    has_table = bool(el.xpath(".//a:table", namespaces=NS))
    if not text:
        if has_table:
            _table(scope)
        elif not has_list:
            scope.heading()
        return
    css = el.get("class") or ""
    if css == "FootnoteText" and scope.last == "table":
        scope.count.table_notes += 1
        return
    if not label and _NUMBER.match(_opening(el)):
        label = "1"
    digits = bool(re.fullmatch(r"\W*\d+\W*", label))
    heading_style = re.fullmatch(r"H(\d{1,2}|Ch|M)", css) and not digits
    if heading_style and not has_list and not has_note:
        scope.heading()
        return
    if not label and not has_list and not has_note and not has_table:
        if (
            re.fullmatch(r"[*_\s]+", text)
            or re.fullmatch(r"(?:[IVXL]{1,6}|[A-Z]|[一二三四五六七八九十]{1,3})[.、]?", text)
            or (len(text) <= 300 and styled_text(el, "bold") == text)
        ):
            scope.heading()
            return
        if (
            last
            and not scope.annex
            and local(el.getparent()) == "mainBody"
            and len(text) <= 60
            and re.search(r"\d\W*$", text)
            and styled_text(el, "italic") == text
        ):
            return  # the closing meeting line
    if not label:
        found = _LABEL.match(_opening(el))
        if found and scope.lettered(found[1]):
            scope.paragraph("lettered", text)
            _points(el, scope)
            return
    elif is_label(label) and scope.lettered(label):
        scope.paragraph("lettered", text)
        _points(el, scope)
        return
    # Before any operative paragraph, ending with a comma as the preamble's do: a preambular
    # paragraph set out in the main body.
    if (
        not label
        and not scope.annex
        and not scope.parent
        and not has_list
        and text.rstrip().endswith((",", "\u060c", "\uff0c"))
    ):
        scope.count.preambular += 1
        return
    # What the paragraph says last, a heading nested as its last point aside ("... in the
    # table below:" then "A. Pension Administration"): whether it introduces a table.
    for point in reversed(el.xpath(".//a:point", namespaces=NS)):
        if not _heading_point(point) or not text.endswith(own_text(point)):
            break
        text = text[: -len(own_text(point))].rstrip()
    scope.paragraph("numbered" if digits else "unnumbered", text)
    _points(el, scope)


def _opening(el) -> str:
    return written(el, 40)


def _heading_point(point) -> bool:
    """A section heading ("II." and a bold title) nested as a point."""
    nums = point.xpath("a:num", namespaces=NS)
    label = "".join(nums[0].itertext()).strip() if nums else ""
    text = own_text(point)
    return bool(
        re.fullmatch(r"(?:[IVXL]+|[A-Z])\.", label)
        and text
        and styled_text(point, "bold") == text
        and not point.xpath("a:list|a:sublist", namespaces=NS)
    )


def _points(el, scope: _Scope) -> None:
    every = el.xpath(".//a:point", namespaces=NS)
    points = sum(not _heading_point(p) for p in every)
    if points < len(every):
        scope.heading()
    if scope.annex:
        scope.count.annex_paragraphs += points
    else:
        scope.count.lettered += points
    # Lettered paragraphs after the list go on with its letters.
    direct = el.xpath("a:list/a:point", namespaces=NS)
    if direct and scope.parent and not scope.letters:
        items = direct[-1].xpath(
            "a:list/a:point|a:sublist/a:point|following-sibling::a:sublist/a:point",
            namespaces=NS,
        )
        scope.letters, scope.romans = len(direct), len(items)
