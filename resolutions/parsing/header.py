"""Reading a resolution's header (symbol, title, dates, agenda items, report) from the pieces
of text a front end found before the opening line, with the words of its language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from resolutions.parsing import citations
from resolutions.parsing.languages import Language
from resolutions.parsing.model import ParseError
from resolutions.parsing.source import HeaderPiece

_NUMBER_LINE = re.compile(r"^\W*(?P<number>(?:ES-|S-)?\d{1,4}/\d{1,4})\s*\.\s*(?P<title>.*)$")
_RES_SYMBOL = re.compile(r"\bA/RES/(?:ES-|S-)?\d{1,4}/\d{1,4}\b")
_PAGE = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")
_PART_LETTER = re.compile(r"^[A-Z]$")


@dataclass
class Header:
    symbol: str
    session: int
    number: str
    title: str
    distributed: date | None = None
    adopted: date | None = None
    agenda_items: list[tuple[str, str]] = field(default_factory=list)
    committee: str | None = None
    report_symbol: str | None = None
    report_paragraph: str | None = None
    # A multi-part resolution names its first part, "A" and its title, before the opening line.
    first_part: tuple[str, str] | None = None


def read_header(
    header: list[HeaderPiece], language: Language, source: str, opening_line: int
) -> Header:
    pieces = [piece.text for piece in header]
    joined = " ".join(piece for piece in pieces if piece)
    symbol = next((p for p in pieces if _RES_SYMBOL.fullmatch(p)), None)
    number_index = next(
        (i for i, p in enumerate(pieces) if _NUMBER_LINE.match(p) and not _PAGE.match(p)), None
    )
    if symbol is None and number_index is not None:
        symbol = "A/RES/" + _NUMBER_LINE.match(pieces[number_index])["number"]
    if symbol is None:
        mention = _RES_SYMBOL.search(joined)
        symbol = mention[0] if mention else None
    if symbol is None:
        raise ParseError("no resolution symbol (such as A/RES/79/154) found", opening_line, source)
    m = re.match(r"A/RES/(?:ES-|S-)?(\d+)/(\d+)", symbol)

    title_parts: list[str] = []
    first_part = None
    if number_index is not None:
        title_parts.append(_NUMBER_LINE.match(pieces[number_index])["title"])
        following = [p for p in pieces[number_index + 1 :] if p]
        letter = next((i for i, p in enumerate(following) if _PART_LETTER.match(p)), None)
        if letter is not None:
            first_part = (following[letter], _clean(" ".join(following[letter + 1 :])))
            following = following[:letter]
        title_parts += following
    result = Header(
        symbol=symbol, session=int(m[1]), number=m[2], title=_clean(" ".join(title_parts))
    )
    result.first_part = first_part

    distr = re.search(language.distributed, joined, re.I)
    if distr:
        result.distributed = language.find_date(distr[1])
    adopted = re.search(language.adopted, joined, re.I)
    if adopted:
        result.adopted = language.find_date(adopted[1])
    result.agenda_items = _agenda_items(pieces, language)
    report = re.search(language.on_report, joined)
    if report:
        result.committee = report["committee"].strip()
        _read_report(result, report["inside"], language)
    elif without := re.search(language.without_reference, joined):
        _read_report(result, without["inside"], language)
    return result


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" #*")


def _read_report(header: Header, inside: str, language: Language) -> None:
    symbols = citations.find_documents(inside)
    header.report_symbol = symbols[0].symbol if symbols else None
    paragraph = re.search(language.report_paragraph, inside)
    header.report_paragraph = paragraph[1].strip() if paragraph else None


def _agenda_items(pieces: list[str], language: Language) -> list[tuple[str, str]]:
    for index, piece in enumerate(pieces):
        m = re.match(language.agenda_items, piece)
        if not m:
            continue
        numbers = [
            n.strip()
            for n in re.split(rf",\s*|\s+(?:{'|'.join(language.conjunctions)})\s+", m["numbers"])
            if re.match(r"\d+(?:\s*\([a-z]+\))?$", n.strip())
        ]
        titles: list[list[str]] = [[]]
        for following in pieces[index + 1 :]:
            if re.match(rf"(\[|\d+/\d+\.|{language.adoption_line})", following, re.I):
                break
            if not following:
                if titles[-1]:
                    titles.append([])
                continue
            titles[-1].append(following)
        titles = [t for t in titles if t]
        if len(numbers) > 1 and len(titles) == 1 and len(titles[0]) == len(numbers):
            titles = [[line] for line in titles[0]]
        if len(titles) > len(numbers) and numbers:
            titles = [
                *titles[: len(numbers) - 1],
                [x for t in titles[len(numbers) - 1 :] for x in t],
            ]
        names = [" ".join(t) for t in titles]
        return [(n, names[i] if i < len(names) else "") for i, n in enumerate(numbers)]
    return []
