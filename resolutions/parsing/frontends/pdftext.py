"""Text extracted from the official PDF: `pdftotext` (PdfTextFrontEnd), `pdftotext -layout`
(LayoutFrontEnd), and old UN plain text with `1/` footnotes (OldTextFrontEnd).

Hard-wrapped lines, page furniture (job numbers, date codes, barcodes, page numbers, running
headers) between them, footnotes under a rule of underscores. Every line is accounted for:
it is body text, a footnote, or furniture; footnote text that belongs to no footnote is refused.
"""

from __future__ import annotations

import re
import statistics

from resolutions.parsing.frontends.base import FrontEnd
from resolutions.parsing.inline import (
    Rendered,
    find_bare_markers,
    find_old_markers,
    heal_merged_line,
    heal_words,
    render_plain,
    vocabulary,
)
from resolutions.parsing.model import Span
from resolutions.parsing.source import SourceFootnote, SourceLine

_RULE = re.compile(r"^\s*(?:_{5,}|-{5,})\s*$")
_OLD_FOOTNOTE = re.compile(r"^\s*(\d{1,3})/\s+(\S.*)$")
_JOB = re.compile(r"^\d{2}-\d{5}(?:\s*\([A-Z]\))?$")
_DATE_CODE = re.compile(r"^\d{6}$")
_BARCODE = re.compile(r"^\*\d{5,}\*$")
_PAGE = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")
_LETTER = r"[^\W\d_]"


class PdfTextFrontEnd(FrontEnd):
    form = "pdftotext"
    old_footnotes = False

    def read(self, start, header, symbol, title):
        self.symbol = symbol
        self.symbol_short = symbol.removeprefix("A/RES/")
        self.title = _normalise(title)
        lines = self.lines
        kinds = [""] * len(lines)
        for index in range(start, len(lines)):
            kinds[index] = "blank" if not lines[index].strip() else self._classify(lines[index])
        # A title-like line is a running header only in a block of page furniture.
        index = start
        while index < len(lines):
            if kinds[index] == "blank":
                index += 1
                continue
            end = index
            while end < len(lines) and kinds[end] != "blank":
                end += 1
            furniture = all(kinds[i] in {"junk", "header", "title"} for i in range(index, end))
            for i in range(index, end):
                if kinds[i] == "title":
                    kinds[i] = "header" if furniture else "text"
            index = end

        body: list[SourceLine] = []
        footnotes: list[SourceFootnote] = []
        region: list[tuple[int, str]] | None = None
        regions: list[list[tuple[int, str]]] = []
        old_footnote: SourceFootnote | None = None
        after_blank = True
        for index in range(start, len(lines)):
            kind = kinds[index]
            stripped = lines[index].strip()
            if kind == "header":
                region = old_footnote = None
                continue
            if kind in {"junk", "blank"}:
                if kind == "blank":
                    old_footnote = None
                    after_blank = True
                continue
            if _RULE.match(stripped):
                region = []
                regions.append(region)
                continue
            old = _OLD_FOOTNOTE.match(stripped) if self.old_footnotes else None
            if old:
                old_footnote = SourceFootnote(int(old[1]), index + 1, [old[2]])
                footnotes.append(old_footnote)
                region = None
                continue
            if old_footnote is not None:
                old_footnote.lines.append(stripped)
                continue
            if region is not None:
                region.append((index + 1, stripped))
                continue
            body.append(
                SourceLine(
                    index + 1,
                    stripped,
                    stripped,
                    block_start=self._starts_block(index, after_blank),
                )
            )
            after_blank = False
        for found_region in regions:
            footnotes += self._pair_footnotes(found_region, footnotes)
        self._mark_merged_lines(body)
        return body, footnotes

    def _starts_block(self, index: int, after_blank: bool) -> bool:
        return False

    def _classify(self, line: str) -> str:
        """'junk' for page furniture, 'header' for running headers, 'text' otherwise."""
        pieces = [p for p in re.split(r"\s{3,}", line.strip()) if p]
        kinds = set()
        for piece in pieces:
            furniture = _JOB.match(piece) or _DATE_CODE.match(piece) or _BARCODE.match(piece)
            if furniture or (_PAGE.match(piece) and piece != self.symbol_short):
                kinds.add("junk")
            elif piece == self.symbol:
                kinds.add("header")
            elif self._is_title_fragment(piece):
                kinds.add("title")
            else:
                return "text"
        if "header" in kinds:
            return "header"
        if kinds == {"title"}:
            return "title"
        return "junk" if "junk" in kinds and "title" not in kinds else "header"

    def _is_title_fragment(self, piece: str) -> bool:
        piece = _normalise(piece)
        return bool(self.title) and len(piece) >= min(len(self.title), 12) and piece in self.title

    def _pair_footnotes(self, region, earlier: list[SourceFootnote]) -> list[SourceFootnote]:
        """Footnotes under one rule, where pdftotext may print numbers apart from their texts.

        A number followed by text owns that text; numbers left without text take, in order,
        the texts left without a number (pdftotext puts those first), split at sentence ends.
        Text under a rule with no number at all continues the last footnote of the page before.
        """
        items: list[tuple[str, int, str]] = []
        for line, text in region:
            number_only = re.fullmatch(r"(\d{1,3})", text)
            number_text = re.fullmatch(r"(\d{1,3})\s+(\S.*)", text)
            if number_text and not (number_text[2][0].isupper() or number_text[2][0] in '(“"«*'):
                number_text = None
            if number_only:
                items.append(("num", line, number_only[1]))
            elif number_text:
                items.append(("num", line, number_text[1]))
                items.append(("text", line, number_text[2]))
            else:
                items.append(("text", line, text))
        paired: list[SourceFootnote] = []
        loose_numbers: list[tuple[int, int]] = []
        loose_texts: list[tuple[int, str]] = []
        current: SourceFootnote | None = None
        for index, (kind, line, value) in enumerate(items):
            if kind == "num":
                following = items[index + 1][0] if index + 1 < len(items) else None
                if following == "text":
                    current = SourceFootnote(int(value), line, [])
                    paired.append(current)
                else:
                    current = None
                    loose_numbers.append((int(value), line))
            elif current is not None:
                current.lines.append(value)
            else:
                loose_texts.append((line, value))
        loose_numbers.sort()
        groups = _split_texts(loose_texts, len(loose_numbers))
        for (number, _), group in zip(loose_numbers, groups, strict=False):
            paired.append(SourceFootnote(number, group[0][0], [t for _, t in group]))
        if groups and not loose_numbers:
            before = earlier or paired
            if not before:
                line, text = groups[0][0]
                raise self.error(f"footnote text with no footnote number: {text[:60]!r}", line)
            before[-1].lines += [t for group in groups for _, t in group]
        elif len(groups) > len(loose_numbers):
            line, text = groups[len(loose_numbers)][0]
            raise self.error(f"footnote text with no footnote number: {text[:60]!r}", line)
        return paired

    def _mark_merged_lines(self, body: list[SourceLine]) -> None:
        lengths = [len(line.raw) for line in body if len(line.raw) > 20]
        if len(lengths) < 5:
            return
        typical = statistics.median(lengths)
        for line in body:
            line.merged = len(line.raw) > max(1.3 * typical, 90)

    # --- rendering -------------------------------------------------------------------------

    def _join(self, lines: list[SourceLine], vocab) -> str:
        text = ""
        for line in lines:
            piece = line.raw.strip()
            if line.merged and vocab is not None:
                piece = heal_merged_line(piece, vocab, self.unmerged_text)
            if not text:
                text = piece
            elif re.search(rf"{_LETTER} ?-$", text) and piece[:1].isalpha():
                # A line-end hyphen: keep it in compounds ("Secretary-\nGeneral").
                head = text.rstrip("- ")
                word = re.search(rf"{_LETTER}+$", head)[0] + re.match(rf"{_LETTER}+", piece)[0]
                if vocab is not None and vocab[word] and not vocab[f"{head}-{piece}"]:
                    text = head + piece
                else:
                    text = f"{head}-{piece}"
            else:
                text = f"{text} {piece}"
        return re.sub(rf"(?<={_LETTER}) -(?={_LETTER})", "-", text)

    def _markers(self, text: str, known: set[int], seen: list[int]):
        return find_bare_markers(text, known, seen, self.language)

    def render_paragraphs(self, paragraphs, footnote_texts: dict[int, str]) -> list[Rendered]:
        joined = [self._join(lines, None) for lines in paragraphs]
        self.unmerged_text = " ".join(
            re.sub(r"\s+", " ", line.raw)
            for lines in paragraphs
            for line in lines
            if not line.merged
        )
        self.vocab = vocabulary([*joined, *footnote_texts.values()])
        footnote_numbers = set(footnote_texts)
        seen = [0]
        result = []
        for lines in paragraphs:
            text = heal_words(self._join(lines, self.vocab), self.vocab, self.language)
            rendered = render_plain(text, self._markers(text, footnote_numbers, seen))
            opening = self.language.opening_pattern.match(rendered.text)
            rendered.emphasis = [Span(0, opening.end())] if opening else []
            result.append(rendered)
        return result

    def render_heading(self, lines: list[SourceLine]) -> str:
        return self._join(lines, None)

    def render_footnote(self, text: str) -> Rendered:
        return render_plain(heal_words(text, self.vocab, self.language), [])


class LayoutFrontEnd(PdfTextFrontEnd):
    """`pdftotext -layout`: columns kept, a paragraph's first line indented further."""

    form = "layout"

    def _starts_block(self, index: int, after_blank: bool) -> bool:
        indent = len(self.lines[index]) - len(self.lines[index].lstrip())
        for following in self.lines[index + 1 : index + 3]:
            if following.strip():
                return indent > len(following) - len(following.lstrip()) + 2
        return False


class OldTextFrontEnd(PdfTextFrontEnd):
    """Old UN plain text: footnotes "1/ text" at the end, markers "Convention 1/"."""

    form = "plaintext"
    old_footnotes = True

    def _starts_block(self, index: int, after_blank: bool) -> bool:
        return after_blank

    def _markers(self, text: str, known: set[int], seen: list[int]):
        return find_old_markers(text, known)


def _split_texts(texts: list[tuple[int, str]], count: int) -> list[list[tuple[int, str]]]:
    if not texts:
        return []
    if count <= 1:
        return [texts]
    candidates = [
        i
        for i in range(1, len(texts))
        if re.search(r"[.)]$", texts[i - 1][1]) and texts[i][1][:1].isupper()
    ]
    if len(candidates) < count - 1:
        candidates = sorted(set(candidates) | set(range(1, len(texts))))
    cuts = sorted(candidates[: count - 1])
    groups, start = [], 0
    for cut in cuts:
        groups.append(texts[start:cut])
        start = cut
    groups.append(texts[start:])
    return [g for g in groups if g]


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()
