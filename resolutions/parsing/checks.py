"""The checks every parse passes before anything is written, whatever the source form.

A parse that fails one is refused with the place named (paragraph id and source line): a text
read only in part must never look like the whole resolution.
"""

from __future__ import annotations

from collections import defaultdict

from resolutions.parsing import ids, numbering
from resolutions.parsing.model import ParsedParagraph, ParsedResolution, ParseError


def check_document(parsed: ParsedResolution, source: str = "<text>") -> None:
    """Raise ParseError at the first place where the parse cannot be the whole text."""
    problems = find_problems(parsed, source)
    if problems:
        raise problems[0]


def find_problems(parsed: ParsedResolution, source: str = "<text>") -> list[ParseError]:
    """Every check's first failure, in the order the checks run (empty when all pass)."""
    problems = []
    for check in (_check_ids, _check_numbering, _check_footnotes, _check_letters):
        try:
            check(parsed, source)
        except ParseError as error:
            problems.append(error)
    return problems


def _fail(message: str, paragraph: ParsedParagraph | None, source: str) -> ParseError:
    if paragraph is None:
        return ParseError(message, None, source)
    return ParseError(f"{paragraph.pid}: {message}", paragraph.line or None, source)


def _check_ids(parsed: ParsedResolution, source: str) -> None:
    seen: dict[str, int] = {}
    for item in [*parsed.paragraphs, *parsed.headings]:
        if item.pid in seen:
            raise ParseError(
                f"{item.pid}: the id is given twice (first on line {seen[item.pid]})",
                item.line or None,
                source,
            )
        seen[item.pid] = item.line


def _check_numbering(parsed: ParsedResolution, source: str) -> None:
    groups: dict[tuple, list[tuple[int, ParsedParagraph]]] = defaultdict(list)
    for paragraph in parsed.paragraphs:
        if paragraph.kind != "operative" or paragraph.parent is not None:
            continue
        # "op12", "a-op3", "annex1-op4", "s2-op1": each run of numbers is checked on its own.
        found = ids.numbered(paragraph.pid)
        if found:
            scope, number = found
            groups[(paragraph.part, paragraph.annex, scope)].append((number, paragraph))
    for (_part, annex, _scope), numbered in groups.items():
        # An annex may quote paragraphs under their own numbers ("Amend paragraph 8 to read:").
        expected = numbered[0][0] if annex is not None else 1
        for number, paragraph in numbered:
            if number != expected:
                if number > expected:
                    missing = (
                        f"paragraph {expected} is missing"
                        if number == expected + 1
                        else f"paragraphs {expected} to {number - 1} are missing"
                    )
                else:
                    missing = f"paragraph {number} comes again after paragraph {expected - 1}"
                where = _scope_name(paragraph)
                raise _fail(
                    f"operative paragraph {number} follows {expected - 1 or 'nothing'}"
                    f"{where}: {missing}",
                    paragraph,
                    source,
                )
            expected = number + 1


def _scope_name(paragraph: ParsedParagraph) -> str:
    if paragraph.annex is not None:
        return f" in annex {paragraph.annex}"
    if paragraph.part is not None:
        return f" in part {paragraph.part.upper()}"
    return ""


def _check_footnotes(parsed: ParsedResolution, source: str) -> None:
    notes = {footnote.number for footnote in parsed.footnotes}
    marked: set[int] = {m.number for m in parsed.title_footnotes}
    for paragraph in parsed.paragraphs:
        for marker in paragraph.footnotes:
            if marker.number not in notes:
                raise _fail(
                    f"footnote marker {marker.number} has no footnote text", paragraph, source
                )
            marked.add(marker.number)
    for footnote in parsed.footnotes:
        if footnote.number not in marked:
            raise ParseError(
                f"footnote {footnote.number} is never referred to in the text",
                footnote.line or None,
                source,
            )


def _check_letters(parsed: ParsedResolution, source: str) -> None:
    children: dict[str, list[ParsedParagraph]] = defaultdict(list)
    for paragraph in parsed.paragraphs:
        if paragraph.parent is not None:
            children[paragraph.parent].append(paragraph)
    for items in children.values():
        labels = [item.label for item in items]
        if not any(labels):
            continue
        readings = [r for r in (_read_all(reading, labels) for reading in numbering.READINGS) if r]
        if not readings or any(r == list(range(1, len(r) + 1)) for r in readings):
            continue
        best = readings[0]
        for index, (value, item) in enumerate(zip(best, items, strict=True), start=1):
            if value != index:
                raise _fail(
                    f'sub-paragraph "{item.label}" stands where the {_ordinal(index)} '
                    "was expected: sub-paragraph letters do not run in order",
                    item,
                    source,
                )


def _read_all(reading, labels: list[str]) -> list[int] | None:
    values = []
    for label in labels:
        value = reading(numbering.label_core(label))
        if value is None:
            return None
        values.append(value)
    return values


def _ordinal(index: int) -> str:
    teens = 10 <= index % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(index % 10, "th")
    return f"{index}{suffix}"
