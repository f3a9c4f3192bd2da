"""How a paragraph is named, cited and numbered: the one function every page, export and copy
uses, so that a paragraph is called everywhere what the document calls it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from resolutions.parsing.numbering import roman

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
    # Where the paragraph stands in the resolution, for a citation that names the resolution
    # some other way (`cited_as`).
    part: str = ""
    annex: int | None = None

    def cited_as(self, source: str) -> str:
        """The citation with the resolution called `source`: "A/RES/77/194, para. 12"."""
        return citation(source, self.part, self.annex, self.reference)


def citation(source: str, part: str, annex: int | None, reference: str) -> str:
    """A paragraph's citation: the resolution (`source`), its part and annex, the paragraph."""
    if part:
        source += f" {part.upper()}"
    if annex is not None:
        source = (
            _("%(source)s, annex %(annex)s") % {"source": source, "annex": roman(annex).upper()}
            if annex > 1
            else _("%(source)s, annex") % {"source": source}
        )
    return (f"{source}, {reference}" if reference else source).strip(", ")


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
        name = _("preambular paragraph %(number)s") % {"number": count}
        reference = _("preambular para. %(number)s") % {"number": count}
        # The document prints no number: the reader shows the id, small, as the permalink.
        shown = local
    elif kind == "operative":
        label = label.strip().rstrip(".")
        if label:
            name = _("operative paragraph %(number)s") % {"number": label}
            reference, shown = _("para. %(number)s") % {"number": label}, f"{label}."
        else:
            # The document prints no number: it is named for what it is and cited as the whole.
            name, reference, shown = _("unnumbered paragraph"), "", ""
    elif kind in ("subparagraph", "item"):
        own = bracketed(label)
        if kind == "item" and letter:
            own = f"({letter}) {own}"
        if number:
            name = _("operative paragraph %(number)s") % {"number": f"{number} {own}"}
            reference = _("para. %(number)s") % {"number": f"{number} {own}"}
        else:
            name = _("sub-paragraph %(label)s of an unnumbered paragraph") % {"label": own}
            reference = ""
        shown = bracketed(label)
    else:
        name = _("section heading %(number)s") % {"number": local.removeprefix("h")}
        reference, shown = "", ""
    source = (
        _("General Assembly resolution %(number)s")
        % {"number": f"{resolution.session}/{resolution.number}"}
        if resolution is not None
        else ""
    )
    if part:
        name = _("%(name)s of part %(part)s") % {"name": name, "part": part.upper()}
    if annex is not None:
        name = (
            _("%(name)s of annex %(annex)s") % {"name": name, "annex": annex}
            if annex > 1
            else _("%(name)s of the annex") % {"name": name}
        )
    cited = citation(source, part, annex, reference)
    return Names(name, cited, shown, reference, part, annex)
