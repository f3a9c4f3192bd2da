"""Finding a quoted span again in a paragraph's text: plain Python, no Django."""

import re


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the remembered context still stand next to this occurrence."""
    before = text[:start]
    after = text[end:]
    score = 0
    for a, b in zip(reversed(before), reversed(prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def find_span(text: str, exact: str, prefix: str = "", suffix: str = "") -> tuple[int, int] | None:
    """Where `exact` stands in `text` (start, end), choosing among repeats the one whose
    surroundings best match `prefix` and `suffix`; spacing may differ. None when the words are
    no longer there. The one search for a quote: the pages give the browser its place."""
    if not exact.strip():
        return None
    words = exact.split()
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    matches = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not matches:
        return None
    return max(matches, key=lambda span: _context_score(text, *span, prefix, suffix))
