"""The Markdown form (like data/A_RES_79_154.md): blocks between blank lines, italics, <sup>
footnote markers, footnotes as `<sup>1</sup> text` blocks under a rule."""

from __future__ import annotations

import re

from resolutions.parsing.frontends.base import FrontEnd
from resolutions.parsing.inline import Rendered, render_markdown
from resolutions.parsing.source import SourceFootnote, SourceLine

_FOOTNOTE = re.compile(r"^\s*<sup>\s*(\d{1,4})\s*</sup>\s*(.*)$")
_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})")


def strip_markup(line: str) -> str:
    line = re.sub(r"<sup>\s*\d+\s*</sup>", "", line)
    line = re.sub(r"\[([^\[\]]*)\]\([^)\s]*\)", r"\1", line)
    line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", line)
    line = re.sub(r"^\s*#{1,6}\s+", "", line)
    return line.replace("*", "").rstrip()


class MarkdownFrontEnd(FrontEnd):
    form = "markdown"

    @staticmethod
    def visible(line: str) -> str:
        return strip_markup(line)

    def read(self, start, header, symbol, title):
        body: list[SourceLine] = []
        footnotes: list[SourceFootnote] = []
        block: list[tuple[int, str]] = []
        footnote: SourceFootnote | None = None

        def flush():
            if block:
                raw = " ".join(text for _, text in block)
                text = strip_markup(raw).strip()
                if text:
                    body.append(
                        SourceLine(
                            line=block[0][0],
                            raw=raw,
                            text=text,
                            emphasised=raw.lstrip().startswith("*") and text[:1].isupper(),
                            heading=bool(re.match(r"#{1,6}\s", raw))
                            or bool(re.fullmatch(r"\*\*[^*]+\*\*", raw)),
                            block_start=True,
                        )
                    )
            block.clear()

        for index in range(start, len(self.lines)):
            line = self.lines[index]
            stripped = line.strip()
            found = _FOOTNOTE.match(line)
            if found:
                flush()
                footnote = SourceFootnote(int(found[1]), index + 1, [found[2]])
                footnotes.append(footnote)
                continue
            if not stripped or _RULE.fullmatch(stripped):
                flush()
                footnote = None
                continue
            if footnote is not None:
                footnote.lines.append(stripped)
                continue
            if stripped.startswith("#"):
                # A heading is a block of its own even without blank lines around it.
                flush()
                block.append((index + 1, stripped))
                flush()
                continue
            block.append((index + 1, stripped))
        flush()
        return body, footnotes

    # --- rendering -------------------------------------------------------------------------

    def render_paragraphs(self, paragraphs, footnote_texts) -> list[Rendered]:
        return [
            render_markdown(" ".join(line.raw.strip() for line in lines)) for lines in paragraphs
        ]

    def render_heading(self, lines: list[SourceLine]) -> str:
        return " ".join(line.text for line in lines)

    def render_footnote(self, text: str) -> Rendered:
        return render_markdown(text)
