"""What changed in a paragraph between two versions, as a negotiator reads it: the word diff
gathered into phrases, and one line that says what changed and whether it is a routine update
(session numbers, years, dates, document symbols) or a change of substance."""

import re
from dataclasses import dataclass
from functools import cache

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy

from resolutions.parsing.languages import by_code


@dataclass(frozen=True)
class RoutineWords:
    """The words of one language that a routine update changes, or that a rewritten phrase
    keeps between its changed words."""

    # A session's ordinal ("seventy-ninth", "soixante-dix-neuvième"), matched whole.
    ordinal: str
    # Short words that a rewritten phrase keeps without making it two changes: "to" in
    # "fund to research" -> "combat to trafficking" is read as one phrase replaced.
    common: frozenset[str]
    # The words before "et" in an ordinal written in several words, and that "et".
    tens: frozenset[str] = frozenset()
    joins_tens: str = ""


_EN_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_EN_TEENS = "tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"  # noqa: E501
_EN_TENS = "twent|thirt|fort|fift|sixt|sevent|eight|ninet"
_FR_UNITS = "premier|première|unième|deuxième|second|seconde|troisième|quatrième|cinquième|sixième|septième|huitième|neuvième"  # noqa: E501
_FR_TEENS = "dixième|onzième|douzième|treizième|quatorzième|quinzième|seizième|dix-septième|dix-huitième|dix-neuvième"  # noqa: E501
_FR_TENS = "vingt|trente|quarante|cinquante|soixante|soixante-dix|quatre-vingt|quatre-vingt-dix"
_FR_TENTHS = "vingtième|trentième|quarantième|cinquantième|soixantième|quatre-vingtième"

WORDS = {
    "en": RoutineWords(
        ordinal=rf"(?:{_EN_UNITS}|{_EN_TEENS}|(?:{_EN_TENS})ieth|(?:{_EN_TENS})y-(?:{_EN_UNITS}))",
        common=frozenset(
            re.findall(r"\S+", "a an and as at by for from in its of on or the their to with")
        ),
    ),
    "fr": RoutineWords(
        # "soixante-dix-neuvième", "vingt et unième", "quatre-vingtième", "centième".
        ordinal=(
            rf"(?:{_FR_UNITS}|{_FR_TEENS}|{_FR_TENTHS}|centième"
            rf"|(?:{_FR_TENS})-(?:{_FR_UNITS}|{_FR_TEENS}))"
        ),
        # "soixante et onzième" is written in three words.
        tens=frozenset(_FR_TENS.split("|")),
        joins_tens="et",
        common=frozenset(
            re.findall(r"\S+", "à au aux d de des du en et l la le les leur leurs ou par pour")
            + re.findall(r"\S+", "sa ses son sur un une")
        ),
    ),
}


def words_for(language: str) -> RoutineWords:
    """The table of a language; English's for a language without one."""
    return WORDS.get(language, WORDS["en"])


@cache
def _ordinal(language: str) -> re.Pattern:
    return re.compile(rf"^{words_for(language).ordinal}$", re.IGNORECASE)


@cache
def _months(language: str) -> frozenset[str]:
    try:
        return frozenset(m.casefold() for m in by_code(language).months)
    except KeyError:
        return frozenset()


# What a routine update changes, in the order the summary names them.
SESSIONS = "session numbers"
YEARS = "years"
DATES = "dates"
SYMBOLS = "document symbols"
PUNCTUATION = "punctuation"
KINDS = (SESSIONS, YEARS, DATES, SYMBOLS, PUNCTUATION)
# How a summary line names each kind, in the reader's interface language.
KIND_NAMES = {
    SESSIONS: gettext_lazy("session numbers"),
    YEARS: gettext_lazy("years"),
    DATES: gettext_lazy("dates"),
    SYMBOLS: gettext_lazy("document symbols"),
    PUNCTUATION: gettext_lazy("punctuation"),
}

YEAR = re.compile(r"^(?:19|20)\d\d$")
DIGITS = re.compile(r"^\d+$")
WORD = re.compile(r"\w")


@dataclass
class Change:
    """One phrase changed: the words deleted and the words inserted (either may be empty), and
    what kinds of routine update it makes, if it is one."""

    deleted: str
    inserted: str
    routine: tuple[str, ...] = ()  # the kinds of routine update it makes; none for substance


@dataclass
class Summary:
    """One line on what changed in a paragraph, and whether all of it is routine. The line is
    lazy: comparisons are cached once for every reader, and each reader's page shows it in the
    interface's language."""

    text: str
    routine: bool


def listed(items: list) -> str:
    """ "a, b and c" in the interface's language, worked out when shown."""
    if len(items) == 1:
        return items[0]
    separator = pgettext_lazy("between items of a list", ", ")
    head = items[0]
    for item in items[1:-1]:
        head = format_lazy("{}{}{}", head, separator, item)
    return format_lazy(gettext_lazy("{first} and {last}"), first=head, last=items[-1])


def _kind(tokens: list[str], k: int, language: str) -> str:
    """What kind of routine update the k-th token takes part in, or "" when it is a word of
    substance. A token beside a slash is part of a document symbol (77/194, A/79/322)."""
    token = tokens[k]
    if not WORD.search(token):
        return PUNCTUATION if not token.isspace() else ""
    if "/" in tokens[max(k - 1, 0) : k] or "/" in tokens[k + 1 : k + 2]:
        return SYMBOLS
    if _ordinal(language).match(token) or _in_ordinal(tokens, k, language):
        return SESSIONS
    if YEAR.match(token):
        return YEARS
    months = _months(language)
    if token.casefold() in months:
        return DATES
    # A day's number, written beside its month ("17 December", "le 17 décembre").
    beside = (tokens[n] for n in (k - 2, k + 2) if 0 <= n < len(tokens))
    if DIGITS.match(token) and len(token) <= 2 and any(t.casefold() in months for t in beside):
        return DATES
    return ""


def _in_ordinal(tokens: list[str], k: int, language: str) -> bool:
    """Whether the token is a word of an ordinal written in several ("soixante et onzième")."""
    table = words_for(language)
    token = tokens[k].casefold()
    if token in table.tens:
        return k + 4 < len(tokens) and tokens[k + 2].casefold() == table.joins_tens
    if table.joins_tens and token == table.joins_tens:
        return k >= 2 and tokens[k - 2].casefold() in table.tens
    return False


def classify(a: list[str], b: list[str], i1, i2, j1, j2, language: str) -> str:
    """The routine kind of one changed run (tokens a[i1:i2] became b[j1:j2]), or "" when any of
    its words is a word of substance."""
    kinds = set()
    for tokens, start, end in ((a, i1, i2), (b, j1, j2)):
        for k in range(start, end):
            if tokens[k].isspace():
                continue
            kind = _kind(tokens, k, language)
            if not kind:
                return ""
            kinds.add(kind)
    for kind in KINDS:
        if kind in kinds:
            return kind
    return PUNCTUATION


def phrases(a: list[str], b: list[str], opcodes, language: str):
    """The diff's opcodes with changed runs gathered into phrases: two changes separated only
    by spaces, short common words ("to", "de") or a symbol's slash are one phrase replaced. Yields
    ("equal", i1, i2, j1, j2) and ("change", i1, i2, j1, j2, routine kinds)."""
    common = words_for(language).common
    pending = None  # [i1, i2, j1, j2, kinds]
    ops = list(opcodes)
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            bridge = pending is not None and n + 1 < len(ops) and _bridges(b[j1:j2], common)
            if bridge:
                continue
            if pending is not None:
                yield _closed(a, b, pending, language)
                pending = None
            yield ("equal", i1, i2, j1, j2)
            continue
        if pending is None:
            pending = [i1, i2, j1, j2, []]
        pending[1], pending[3] = i2, j2
        pending[4].append((i1, i2, j1, j2))
    if pending is not None:
        yield _closed(a, b, pending, language)


def _bridges(tokens: list[str], common: frozenset[str]) -> bool:
    """Whether what two changes have between them leaves them one phrase: spaces, at most two
    short common words, or the slash of a symbol whose numbers both changed (75/158 -> 77/194)."""
    said = [t for t in tokens if not t.isspace()]
    if said == ["/"]:
        return True
    return len(said) <= 2 and all(t.casefold() in common for t in said)


def _closed(a, b, pending, language):
    i1, i2, j1, j2, parts = pending
    kinds = [classify(a, b, *part, language) for part in parts]
    routine = tuple(k for k in KINDS if k in kinds) if all(kinds) else ()
    return ("change", i1, i2, j1, j2, routine)


def changes(a: list[str], b: list[str], opcodes, language: str) -> list[Change]:
    """The phrases changed, in the newer text's order."""
    out = []
    for op in phrases(a, b, opcodes, language):
        if op[0] == "change":
            _, i1, i2, j1, j2, routine = op
            out.append(Change("".join(a[i1:i2]).strip(), "".join(b[j1:j2]).strip(), routine))
    return out


def render(a: list[str], b: list[str], opcodes, language: str):
    """The newer text with each changed phrase as its deleted words then its inserted words,
    as safe HTML. Spaces at either end stand outside the marks, so a mark holds words."""
    html = []
    for op in phrases(a, b, opcodes, language):
        kind, i1, i2, j1, j2 = op[:5]
        if kind == "equal":
            html.append(escape("".join(b[j1:j2])))
            continue
        deleted, inserted = "".join(a[i1:i2]), "".join(b[j1:j2])
        shown = inserted or deleted
        lead = shown[: len(shown) - len(shown.lstrip())]
        trail = shown[len(shown.rstrip()) :] if shown.strip() else ""
        html.append(escape(lead))
        if deleted.strip():
            html.append(f"<del>{escape(deleted.strip())}</del>")
        if inserted.strip():
            html.append(f"<ins>{escape(inserted.strip())}</ins>")
        html.append(escape(trail))
    return mark_safe("".join(html))  # noqa: S308 - every piece of text above is escaped


# A phrase quoted in a summary line is cut to this many words at either side of the arrow.
QUOTED_WORDS = 6


def _quote(text: str) -> str:
    said = text.strip(" ,;:.").split()
    return " ".join(said[:QUOTED_WORDS]) + (" …" if len(said) > QUOTED_WORDS else "")


def summarise(found: list[Change]) -> Summary:
    """One line on a paragraph's changes: the first change of substance quoted ("Invites →
    Encourages"), with how many more; or, when every change is routine, what was updated
    ("session numbers and years updated")."""
    substantive = [c for c in found if not c.routine]
    if not found:
        return Summary(gettext_lazy("wording unchanged"), True)
    if not substantive:
        kinds = [KIND_NAMES[k] for k in KINDS if any(k in c.routine for c in found)]
        return Summary(format_lazy(gettext_lazy("{kinds} updated"), kinds=listed(kinds)), True)
    first = substantive[0]
    if first.deleted and first.inserted:
        text = format_lazy("{} → {}", _quote(first.deleted), _quote(first.inserted))
    elif first.inserted:
        text = format_lazy(gettext_lazy("added “{words}”"), words=_quote(first.inserted))
    else:
        text = format_lazy(gettext_lazy("deleted “{words}”"), words=_quote(first.deleted))
    pieces = [text]
    more = len(substantive) - 1
    if more:
        said = ngettext_lazy("; {n} more change", "; {n} more changes", more)
        pieces.append(format_lazy(said, n=more))
    routine = len(found) - len(substantive)
    if routine:
        said = ngettext_lazy("; {n} routine update", "; {n} routine updates", routine)
        pieces.append(format_lazy(said, n=routine))
    return Summary(format_lazy("{}" * len(pieces), *pieces), False)
