"""The one place paragraph and heading ids are made, for every source form (the contract is
DESIGN.md, "Paragraph ids"): `pp3`, `op5`, `op5a`, `op5a-ii`, `op-u2`, `b-op3`, `annex2-pp1`,
`s2-op1` and `h4`.

Ids come from structure only (order and the numbers the document prints), never from a
language's letters, so that every language version of a resolution gets the same ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resolutions.parsing import numbering

# "annex1-s2-" of "annex1-s2-op16": the part, annex and run an operative number counts in.
_NUMBERED = re.compile(r"^(?P<scope>.*?)op(?P<number>\d+)$")
_ANNEX_LOCAL = re.compile(r"^(?:s(?P<run>\d+)-)?op\d|^pp(?P<pp>\d+)")


def prefix(part: str | None, annex: int | None) -> str:
    """What every id of a part or an annex starts with: "b-", "annex2-", "" for the
    resolution's own text."""
    if annex is not None:
        return f"annex{annex}-"
    return f"{part}-" if part else ""


def part_key(place: int) -> str:
    """The letter of the `place`th part in ids, where the document's own label gives none."""
    return numbering.letter(place)


def next_part(label: str) -> str | None:
    """The label of the part after part `label`: "A" -> "B"; None after a label that is no
    letter."""
    place = numbering.letter_value(label.lower())
    return numbering.letter(place + 1).upper() if place else None


def operative(run_scope: str, number: int) -> str:
    """The id of paragraph `number` in the run whose ids start `run_scope` ("b-s2-")."""
    return f"{run_scope}op{number}"


def heading(count: int) -> str:
    return f"h{count}"


def subparagraph(parent: str, index: int) -> str:
    """The `index`th lettered sub-paragraph of `parent`: `op5` -> `op5a`, 27 -> `op5aa`."""
    return f"{parent}{numbering.letter(index)}"


def item(parent: str, index: int) -> str:
    """The `index`th numbered item of sub-paragraph `parent`: `op5a` -> `op5a-iv` for 4."""
    return f"{parent}-{numbering.roman(index)}"


def point(parent: str, depth: int, index: int) -> str:
    """The `index`th point of a list nested `depth` deep under a paragraph: letters at odd
    depths, roman numbers at even ones (`op5a`, `op5a-ii`, `op5a-ii-c`)."""
    if depth == 1:
        return subparagraph(parent, index)
    suffix = numbering.letter(index) if depth % 2 else numbering.roman(index)
    return f"{parent}-{suffix}"


def numbered(pid: str) -> tuple[str, int] | None:
    """ "annex1-s2-op16" -> ("annex1-s2-", 16): the run and the number of a numbered
    operative paragraph's id; None for any other id."""
    match = _NUMBERED.match(pid)
    return (match["scope"], int(match["number"])) if match else None


def run_scope(pid: str) -> str:
    """ "annex1-s2-" of "annex1-s2-op16": the id's part, annex and run, before "op"."""
    return pid[: pid.rindex("op")] if "op" in pid else ""


def renamed(pid: str | None, renames: dict[str, str]) -> str | None:
    """`pid` after the paragraphs in `renames` took new ids: a sub-paragraph goes with its
    paragraph (`op15a` with `op154` -> `op15`)."""
    if pid in renames:
        return renames[pid]
    for old, new in renames.items():
        if pid is not None and pid.startswith(old) and not pid[len(old)].isdigit():
            return new + pid[len(old) :]
    return pid


def moved_to_annex(pids: list[str], old: int, new: int) -> dict[str, str]:
    """New ids for paragraphs read as annex `old`'s that are annex `new`'s: its unnumbered
    paragraphs counted from 1 and its runs of numbers from the first."""
    start = prefix(None, old)
    locals_ = [pid.removeprefix(start) for pid in pids]
    found = [m for m in (_ANNEX_LOCAL.match(x) for x in locals_) if m]
    pps = [int(m["pp"]) for m in found if m["pp"]]
    runs = [int(m["run"]) if m["run"] else 1 for m in found if not m["pp"]]
    pp_shift = min(pps) - 1 if pps else 0
    run_shift = min(runs) - 1 if runs else 0

    def local(x: str) -> str:
        x = re.sub(r"^pp(\d+)", lambda m: f"pp{int(m[1]) - pp_shift}", x)
        run = re.match(r"^(?:s(\d+)-)?(?=op\d)", x)
        if run is not None and run_shift:
            x = _run_prefix((int(run[1]) if run[1] else 1) - run_shift - 1) + x[run.end() :]
        return x

    end = prefix(None, new)
    return {pid: end + local(x) for pid, x in zip(pids, locals_, strict=True)}


def _run_prefix(run: int) -> str:
    """ "" for the first run of numbers (counted from 0), "s2-" for the second."""
    return f"s{run + 1}-" if run else ""


@dataclass
class Scope:
    """One numbering scope, the resolution, one part or one annex, and the ids given in it."""

    part: str | None = None
    annex: int | None = None
    preambular: int = 0
    unnumbered: int = 0
    # The last number of each run of numbered paragraphs; a run starts where the numbering
    # starts again (a later section numbered from 1), and a number that continues an earlier
    # run (a list numbered 1-5 set out between paragraphs 7 and 8) goes back to it.
    runs: list[int] = field(default_factory=list)
    current: int = 0

    @property
    def prefix(self) -> str:
        return prefix(self.part, self.annex)

    @property
    def last(self) -> int:
        """The last number of the run being read; 0 before any."""
        return self.runs[self.current] if self.runs else 0

    def due(self) -> int:
        """The number the next paragraph of the current run carries."""
        return self.last + 1

    def continues(self, number: int) -> bool:
        """Whether `number` goes on from a run: the current one or an earlier one."""
        return number == self.due() or any(last + 1 == number for last in self.runs)

    def preambular_id(self) -> str:
        self.preambular += 1
        return f"{self.prefix}pp{self.preambular}"

    def unnumbered_id(self) -> str:
        """An operative paragraph without a number: `op-u3`; in an annex, where unnumbered
        paragraphs share the preamble-like numbering, `annex1-pp2`."""
        self.unnumbered += 1
        if self.annex is not None:
            return self.preambular_id()
        return f"{self.prefix}op-u{self.unnumbered}"

    def operative_id(self, number: int) -> str:
        """The paragraph numbered `number`, in the run it belongs to: `op4`, `s2-op1`."""
        return operative(self.prefix + _run_prefix(self._run_of(number)), number)

    def _run_of(self, number: int) -> int:
        if not self.runs:
            self.runs.append(number)
            return 0
        if number != self.runs[self.current] + 1:
            earlier = [k for k, last in enumerate(self.runs) if last + 1 == number]
            if earlier:
                self.current = earlier[-1]
            elif number <= self.runs[self.current]:
                self.runs.append(number)
                self.current = len(self.runs) - 1
        self.runs[self.current] = number
        return self.current
