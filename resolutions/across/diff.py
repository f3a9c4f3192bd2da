"""Two wordings of a paragraph compared word by word: the diff shown with `<ins>` and `<del>`, the
phrases it changed, and where a quoted span went."""

import bisect
import difflib
import functools
import itertools
import re

from django.utils.safestring import mark_safe

from resolutions.across import changes
from resolutions.across.folding import CJK, fold

TOKEN = re.compile(r"\s+|[\w\u2019\u2010\u2011'-]+|[^\w\s]", re.UNICODE)


# Within a run of word characters holding Chinese or Japanese: each such character, or a run
# of the others (the digits of "2022年12月15日", the "77" of "第77/194号").
BESIDE_CJK = re.compile(rf"{CJK.pattern}|(?:(?!{CJK.pattern}).)+")


def tokens(text: str) -> list[str]:
    """The text cut into words, spaces and punctuation, keeping every character, so a diff can
    be shown in the original text. CJK characters are tokens of their own; a number written
    among them stays one token, so a year or a symbol changes as a whole."""
    out = []
    for token in TOKEN.findall(text):
        if CJK.search(token) and len(token) > 1:
            out.extend(BESIDE_CJK.findall(token))
        else:
            out.append(token)
    return out


def _key(token: str) -> str:
    return " " if token.isspace() else fold(token)


class _SpacedMatcher(difflib.SequenceMatcher):
    """difflib's matcher, with the same answers, for texts cut by `tokens`: a space stands
    between most words, so the space is the commonest token by far, and difflib's longest-match
    search visits every space of the newer text at every space of the older one. Here the runs
    a space continues are carried forward, and the rest of the spaces stand for runs of one,
    looked up only when needed. Two spaces in a row (never made by `tokens`) fall back to
    difflib's own search."""

    def __init__(self, a, b):
        super().__init__(None, a, b, autojunk=False)
        self._spaces = [j for j, kind in enumerate(b) if kind == " "]
        self._doubled = any(
            seq[k] == " " and seq[k + 1] == " " for seq in (a, b) for k in range(len(seq) - 1)
        )

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        if self._doubled:
            return super().find_longest_match(alo, ahi, blo, bhi)
        a, b, b2j = self.a, self.b, self.b2j
        ahi = len(a) if ahi is None else ahi
        bhi = len(b) if bhi is None else bhi
        first = bisect.bisect_left(self._spaces, blo)
        first_space = self._spaces[first] if first < len(self._spaces) else bhi
        besti, bestj, bestsize = alo, blo, 0
        runs: dict[int, int] = {}  # j -> length of the common run ending at a[i] and b[j]
        after_space = False  # then each space of b in range not in runs ends a run of one
        for i in range(alo, ahi):
            if a[i] == " ":
                runs = {j + 1: k + 1 for j, k in runs.items() if j + 1 < bhi and b[j + 1] == " "}
                after_space = first_space < bhi
                if not after_space:
                    continue
                longest = max(runs.values(), default=1)
                if longest > bestsize:
                    # The first space of b reaching the longest run, as difflib finds it.
                    j = (
                        first_space
                        if longest == 1
                        else min(j for j, k in runs.items() if k == longest)
                    )
                    besti, bestj, bestsize = i - longest + 1, j - longest + 1, longest
                continue
            grown = {}
            for j in b2j.get(a[i], ()):
                if j < blo:
                    continue
                if j >= bhi:
                    break
                before = runs.get(j - 1)
                if before is None:
                    before = 1 if after_space and j - 1 >= blo and b[j - 1] == " " else 0
                k = grown[j] = before + 1
                if k > bestsize:
                    besti, bestj, bestsize = i - k + 1, j - k + 1, k
            runs = grown
            after_space = False
        return difflib.Match(besti, bestj, bestsize)


def _opcodes(old: str, new: str):
    a, b = tokens(old), tokens(new)
    return a, b, _SpacedMatcher([_key(t) for t in a], [_key(t) for t in b]).get_opcodes()


def word_diff(old: str, new: str, language: str = "en"):
    """The new text with what was inserted in `<ins>` and what was deleted in `<del>`, phrase
    by phrase (`changes.phrases`), as safe HTML."""
    return mark_safe(_diffed(old, new, language)[0])  # noqa: S308 - changes.render escapes


def changes_between(old: str, new: str, language: str = "en") -> list["changes.Change"]:
    """The phrases changed from the old text to the new, each routine or of substance."""
    return list(_diffed(old, new, language)[1])


def replaced(old: str, new: str, start: int, end: int) -> tuple[str, str] | None:
    """The words of `old` around old[start:end] that the word diff finds changed in `new`, and
    what stands in their place there, each widened to whole words ("" for nothing): for a note
    whose quoted words a later version reworded. None when nothing in that span changed."""
    a, b, opcodes = _opcodes(old, new)
    at_a, at_b = _offsets(a), _offsets(b)
    touched = [
        (i1, i2, j1, j2)
        for tag, i1, i2, j1, j2 in opcodes
        if tag != "equal"
        and (
            at_a[i1] < end and at_a[i2] > start  # replaced or deleted words in the span
            if i1 < i2
            else start < at_a[i1] < end  # words inserted inside it
        )
    ]
    if not touched:
        return None
    (i1, _, j1, _), (_, i2, _, j2) = touched[0], touched[-1]
    if i1 == i2:
        # Words put in: shown between the words either side, which the two texts share.
        before = next((k for k in range(i1 - 1, -1, -1) if not a[k].isspace()), i1)
        after = next((k + 1 for k in range(i2, len(a)) if not a[k].isspace()), i2)
        j1, j2 = j1 - (i1 - before), j2 + (after - i2)
        i1, i2 = before, after
    return _whole_words(old, at_a[i1], at_a[i2]), _whole_words(new, at_b[j1], at_b[j2])


def _offsets(tokens: list[str]) -> list[int]:
    """Where each token starts in the text, and the text's length last."""
    return [0, *itertools.accumulate(len(t) for t in tokens)]


def _whole_words(text: str, start: int, end: int) -> str:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return ""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip().strip(",;:.")


# The word diff is the dear part of a comparison page and depends on the two texts alone: kept
# for the pages shown again (a series' paragraphs, the same comparison asked twice).
@functools.lru_cache(maxsize=4096)
def _diffed(old: str, new: str, language: str) -> tuple[str, tuple]:
    a, b, opcodes = _opcodes(old, new)
    opcodes = list(opcodes)
    return str(changes.render(a, b, opcodes, language)), tuple(
        changes.changes(a, b, opcodes, language)
    )
