"""How a paragraph is named, cited and numbered: the one function every page, export and copy
uses, so that a paragraph is called everywhere what the document calls it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A paragraph id within its part or annex: "op12", "s2-op1", "op6a", "op6a-ii", "op-u3",
# "op-u3a", "pp4".
_LOCAL = re.compile(
    r"(?:s\d+-)?(?:op(?P<number>\d+)|op-u\d+|pp(?P<pp>\d+))(?P<letter>[a-z]*)(?:-(?P<roman>[a-z]+))?"
)
_PREFIX = re.compile(r"^(?:(?P<part>[a-z])-|annex(?P<annex>\d+)-)")


@dataclass(frozen=True)
class Names:
    """`name`: "operative paragraph 6 (e)"; `citation`: "General Assembly resolution 75/161,
    para. 6 (e)"; `shown`: what stands before the text ("6.", "(e)", nothing where the document
    prints no number); `reference`: the citation's own words ("para. 6 (e)"), empty where the
    document gives the paragraph none."""

    name: str
    citation: str
    shown: str
    reference: str


def where(pid: str) -> tuple[str, int | None, str]:
    """The part letter, annex number and the id within them: "b-op3" -> ("b", None, "op3")."""
    match = _PREFIX.match(pid)
    if not match:
        return "", None, pid
    annex = int(match["annex"]) if match["annex"] else None
    return match["part"] or "", annex, pid[match.end() :]


def bracketed(label: str) -> str:
    """A sub-paragraph's label as the document writes it, in brackets once: "(f)" and "f" are
    "(f)"; "a)" (the French way) stays."""
    label = label.strip()
    if not label:
        return ""
    return label if ("(" in label or ")" in label) else f"({label})"


def names(pid: str, kind: str, label: str, resolution=None) -> Names:
    """How people name the paragraph `pid` of `resolution` (any object with `session` and
    `number`; None for the name alone), how it is cited and the number shown before it."""
    part, annex, local = where(pid)
    match = _LOCAL.fullmatch(local)
    number = match["number"] if match else None
    letter = match["letter"] if match else ""
    if kind == "preambular":
        count = match["pp"] if match and match["pp"] else local.removeprefix("pp")
        name, reference = f"preambular paragraph {count}", f"preambular para. {count}"
        # The document prints no number: the reader shows the id, small, as the permalink.
        shown = local
    elif kind == "operative":
        label = label.strip().rstrip(".")
        if label:
            name, reference, shown = f"operative paragraph {label}", f"para. {label}", f"{label}."
        else:
            # The document prints no number: it is named for what it is and cited as the whole.
            name, reference, shown = "unnumbered paragraph", "", ""
    elif kind in ("subparagraph", "item"):
        own = bracketed(label)
        if kind == "item" and letter:
            own = f"({letter}) {own}"
        if number:
            name = f"operative paragraph {number} {own}"
            reference = f"para. {number} {own}"
        else:
            name, reference = f"sub-paragraph {own} of an unnumbered paragraph", ""
        shown = bracketed(label)
    else:
        name, reference, shown = f"section heading {local.removeprefix('h')}", "", ""
    source = (
        f"General Assembly resolution {resolution.session}/{resolution.number}"
        if resolution is not None
        else ""
    )
    if part:
        name += f" of part {part.upper()}"
        source += f" {part.upper()}"
    if annex is not None:
        name += f" of annex {annex}" if annex > 1 else " of the annex"
        source += f", annex {_roman(annex)}" if annex > 1 else ", annex"
    citation = f"{source}, {reference}" if reference else source
    return Names(name, citation.strip(", "), shown, reference)


def _roman(number: int) -> str:
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    return numerals[number - 1] if 0 < number <= len(numerals) else str(number)
