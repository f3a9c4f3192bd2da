"""What changed in a paragraph between two versions, as a negotiator reads it: the word diff
gathered into phrases, and one line that says what changed and whether it is a routine update
(session numbers, years, dates, document symbols) or a change of substance."""

import itertools
import re
from dataclasses import dataclass
from functools import cache

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy

from resolutions.across.folding import CJK, fold_marks
from resolutions.parsing.languages import by_code, es, ru


@dataclass(frozen=True)
class RoutineWords:
    """The words of one language that a routine update changes, or that a rewritten phrase
    keeps between its changed words."""

    # A session's ordinal as written in running text ("seventy-ninth", "soixante et onzième",
    # "семьдесят девятой", "التاسعة والسبعين", "第七十九届"), in one word or several: the words
    # it covers are matched whole, in any case.
    ordinal: str
    # Short words that a rewritten phrase keeps without making it two changes: "to" in
    # "fund to research" -> "combat to trafficking" is read as one phrase replaced.
    common: frozenset[str]
    # A date's day and month where the day does not stand beside its month ("16 de diciembre")
    # or the parser has no table of the language's months.
    date: str = ""


_EN_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_EN_TEENS = "tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"  # noqa: E501
_EN_TENS = "twent|thirt|fort|fift|sixt|sevent|eight|ninet"
_FR_UNITS = "premier|première|unième|deuxième|second|seconde|troisième|quatrième|cinquième|sixième|septième|huitième|neuvième"  # noqa: E501
_FR_TEENS = "dixième|onzième|douzième|treizième|quatorzième|quinzième|seizième|dix-septième|dix-huitième|dix-neuvième"  # noqa: E501
_FR_TENS = "vingt|trente|quarante|cinquante|soixante|soixante-dix|quatre-vingt|quatre-vingt-dix"
_FR_TENTHS = "vingtième|trentième|quarantième|cinquantième|soixantième|quatre-vingtième"
# Spanish ordinals agree with their noun ("septuagésimo noveno período", "septuagésima
# reunión") and "primero"/"tercero" lose their last letter before it ("octogésimo primer").
_ES_UNITS = r"(?:primer|tercer)(?:o|a|os|as)?|(?:segund|cuart|quint|sext|s[ée]ptim|octav|noven)(?:o|a|os|as)"  # noqa: E501
_ES_TEENS = r"(?:d[ée]cim|und[ée]cim|duod[ée]cim)(?:o|a|os|as)|decimo(?:primer|tercer)(?:o|a)?|decimo(?:segund|cuart|quint|sext|s[ée]ptim|octav|noven)(?:o|a)"  # noqa: E501
_ES_TENS = r"(?:vig[ée]sim|trig[ée]sim|cuadrag[ée]sim|quincuag[ée]sim|sexag[ée]sim|septuag[ée]sim|octog[ée]sim|nonag[ée]sim|cent[ée]sim)(?:o|a|os|as)"  # noqa: E501
# Russian ordinals take the case of their noun ("семьдесят девятая сессия", "на ее семьдесят
# девятой сессии", "на семьдесят девятую сессию", "на шестьдесят седьмой и шестьдесят восьмой
# сессиях"); the tens before them are cardinal and do not change.
_RU_STEMS = (
    "перв|втор|трет|четверт|пят|шест|седьм|восьм|девят|десят|одиннадцат|двенадцат|тринадцат"
    "|четырнадцат|пятнадцат|шестнадцат|семнадцат|восемнадцат|девятнадцат|двадцат|тридцат"
    "|сороков|пятидесят|шестидесят|семидесят|восьмидесят|девяност|сот"
)
_RU_ENDINGS = (
    "ый|ий|ой|ая|ое|ую|ого|ому|ым|ом|ые|ых|ыми|ей|ья|ье|ью|ьи|ьего|ьему|ьим|ьем|ьей|ьих|ьими"
)
_RU_TENS = "двадцать|тридцать|сорок|пятьдесят|шестьдесят|семьдесят|восемьдесят|девяносто|сто"
# Arabic: the unit first, its tens joined by و ("التاسعة والسبعين"), with or without the
# article, in either gender; the tens alone are an ordinal too ("الثمانين"); "عشرة" follows a
# unit in the teens ("الخامسة عشرة").
_AR_UNITS = "(?:ال)?(?:حادي|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر)ة?|الأول|الأولى"
_AR_TENS = "ال(?:عشر|ثلاث|[أا]ربع|خمس|ست|سبع|ثمان|تسع)(?:ين|ون)"
_AR_MONTHS = (
    "كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني"
    "|كانون الأول|يناير|فبراير|مارس|أبريل|مايو|يونيه|يونيو|يوليه|يوليو|أغسطس|سبتمبر|أكتوبر"
    "|نوفمبر|ديسمبر"
)
_ZH_NUMERALS = "〇零一二三四五六七八九十百两0-9０-９"

WORDS = {
    "en": RoutineWords(
        ordinal=rf"(?:{_EN_UNITS}|{_EN_TEENS}|(?:{_EN_TENS})ieth|(?:{_EN_TENS})y-(?:{_EN_UNITS}))",
        common=frozenset(
            re.findall(r"\S+", "a an and as at by for from in its of on or the their to with")
        ),
    ),
    "fr": RoutineWords(
        # "soixante-dix-neuvième", "vingt et unième", "soixante et onzième", "quatre-vingtième".
        ordinal=(
            rf"(?:{_FR_UNITS}|{_FR_TEENS}|{_FR_TENTHS}|centième"
            rf"|(?:{_FR_TENS})-(?:{_FR_UNITS}|{_FR_TEENS})"
            rf"|(?:{_FR_TENS})\s+et\s+(?:unième|onzième))"
        ),
        common=frozenset(
            re.findall(r"\S+", "à au aux d de des du en et l la le les leur leurs ou par pour")
            + re.findall(r"\S+", "sa ses son sur un une")
        ),
    ),
    "es": RoutineWords(
        # "septuagésimo noveno", "octogésimo", "octogésimo primer", and in figures "66º".
        ordinal=(
            rf"(?:(?:{_ES_TENS})(?:\s+(?:{_ES_UNITS}))?|{_ES_TEENS}|{_ES_UNITS}"
            r"|\d+(?:º|°|ª|er|o|a))"
        ),
        common=frozenset(
            re.findall(r"\S+", "a al con de del e el en la las lo los o para por su sus un una y")
        ),
        date=rf"\d{{1,2}}\s+de\s+(?:{'|'.join(es.MONTHS)})",
    ),
    "ru": RoutineWords(
        ordinal=rf"(?:(?:{_RU_TENS})\s+)?(?:{_RU_STEMS})(?:{_RU_ENDINGS})",
        common=frozenset(
            re.findall(r"\S+", "а в во для до его ее её за и из или их к на о об от по с со")
            + re.findall(r"\S+", "своей своих свой своем своего")
        ),
        date=rf"\d{{1,2}}\s+(?:{'|'.join(ru.MONTHS)})",
    ),
    "ar": RoutineWords(
        ordinal=(
            rf"(?:(?:{_AR_UNITS})(?:\s+عشرة?|\s+و(?:{_AR_TENS}))?|و?(?:{_AR_TENS})"
            rf"|و(?:{_AR_UNITS})(?:\s+و(?:{_AR_TENS}))?)"
        ),
        common=frozenset(re.findall(r"\S+", "في من على إلى عن مع أو و ما التي الذي")),
        date=rf"\d{{1,2}}\s+(?:{_AR_MONTHS})(?:\s*/\s*(?:{_AR_MONTHS}))?",
    ),
    "zh": RoutineWords(
        # Written without spaces: "第七十九届会议", "第六十七届和第六十八届会议".
        ordinal=rf"第[{_ZH_NUMERALS}]+届",
        common=frozenset("的和及与并或在对"),
        date=r"\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日",
    ),
}


def words_for(language: str) -> RoutineWords:
    """The table of a language; English's for a language without one."""
    return WORDS.get(language, WORDS["en"])


# The ends of a word, for the patterns above: none of them starts or ends inside one. Chinese
# has no spaces, so there an ordinal is found wherever it stands.
_EDGE_BEFORE = r"(?<![\w-])"
_EDGE_AFTER = r"(?![\w-])"


@cache
def _ordinal(language: str) -> re.Pattern:
    if language == "zh":
        return re.compile(words_for(language).ordinal)
    return re.compile(rf"{_EDGE_BEFORE}{words_for(language).ordinal}{_EDGE_AFTER}", re.IGNORECASE)


@cache
def _date(language: str) -> re.Pattern | None:
    table = words_for(language).date
    return re.compile(table, re.IGNORECASE) if table else None


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


class Side:
    """One of the two texts compared, as the routine check reads it: its tokens, where each
    starts, and where its session ordinals and dates stand, found in the whole text because an
    ordinal may take several words ("семьдесят девятой", "التاسعة والسبعين") or, in Chinese,
    several characters (第七十九届)."""

    def __init__(self, tokens: list[str], language: str):
        self.tokens = tokens
        self.language = language
        self.starts = [0, *itertools.accumulate(len(t) for t in tokens)]
        # Hyphens as typed, one character for one, so the places found are the tokens' own.
        text = fold_marks("".join(tokens))
        self.ordinals = [m.span() for m in _ordinal(language).finditer(text)]
        date = _date(language)
        self.dates = [m.span() for m in date.finditer(text)] if date else []

    def _within(self, k: int, spans) -> bool:
        start, end = self.starts[k], self.starts[k + 1]
        return any(s <= start and end <= e for s, e in spans)

    def in_ordinal(self, k: int) -> bool:
        return self._within(k, self.ordinals)

    def kind(self, k: int) -> str:
        """What kind of routine update the k-th token takes part in, or "" when it is a word
        of substance. A token beside a slash is part of a document symbol (77/194, A/79/322)."""
        tokens, token = self.tokens, self.tokens[k]
        if not WORD.search(token):
            return PUNCTUATION if not token.isspace() else ""
        if YEAR.match(token):
            return YEARS
        if self._within(k, self.dates):
            return DATES
        if "/" in tokens[max(k - 1, 0) : k] or "/" in tokens[k + 1 : k + 2]:
            return SYMBOLS
        if self.in_ordinal(k):
            return SESSIONS
        months = _months(self.language)
        if token.casefold() in months:
            return DATES
        # A day's number, written beside its month ("17 December", "le 17 décembre").
        beside = (tokens[n] for n in (k - 2, k + 2) if 0 <= n < len(tokens))
        if DIGITS.match(token) and len(token) <= 2 and any(t.casefold() in months for t in beside):
            return DATES
        return ""


def classify(a: Side, b: Side, i1, i2, j1, j2) -> str:
    """The routine kind of one changed run (tokens a[i1:i2] became b[j1:j2]), or "" when any of
    its words is a word of substance."""
    kinds = set()
    for side, start, end in ((a, i1, i2), (b, j1, j2)):
        for k in range(start, end):
            if side.tokens[k].isspace():
                continue
            kind = side.kind(k)
            if not kind:
                return ""
            kinds.add(kind)
    for kind in KINDS:
        if kind in kinds:
            return kind
    return PUNCTUATION


def phrases(a: list[str], b: list[str], opcodes, language: str):
    """The diff's opcodes with changed runs gathered into phrases: two changes separated only
    by spaces, short common words ("to", "de"), a symbol's slash or the unchanged part of an
    ordinal (十 in 第七十九届 -> 第八十届) are one phrase replaced. Yields ("equal", i1, i2, j1,
    j2) and ("change", i1, i2, j1, j2, routine kinds)."""
    common = words_for(language).common
    old, new = Side(a, language), Side(b, language)
    pending = None  # [i1, i2, j1, j2, kinds]
    ops = list(opcodes)
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            bridge = pending is not None and n + 1 < len(ops) and _bridges(new, j1, j2, common)
            if bridge:
                continue
            if pending is not None:
                yield _closed(old, new, pending)
                pending = None
            yield ("equal", i1, i2, j1, j2)
            continue
        if pending is None:
            pending = [i1, i2, j1, j2, []]
        pending[1], pending[3] = i2, j2
        pending[4].append((i1, i2, j1, j2))
    if pending is not None:
        yield _closed(old, new, pending)


def _bridges(side: Side, j1: int, j2: int, common: frozenset[str]) -> bool:
    """Whether what two changes have between them leaves them one phrase: spaces, at most two
    short common words, the slash of a symbol whose numbers both changed (75/158 -> 77/194), or
    words of the ordinal both changes are in."""
    said = [k for k in range(j1, j2) if not side.tokens[k].isspace()]
    if [side.tokens[k] for k in said] == ["/"]:
        return True
    if said and all(side.in_ordinal(k) for k in said):
        return True
    return len(said) <= 2 and all(side.tokens[k].casefold() in common for k in said)


def _closed(a: Side, b: Side, pending):
    i1, i2, j1, j2, parts = pending
    kinds = [classify(a, b, *part) for part in parts]
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
    said = text.strip(" ,;:.，；：。").split()
    if CJK.search(text):
        # Written without spaces: a character counts as half a word.
        said = "".join(said)
        cut = 2 * QUOTED_WORDS
        return said[:cut] + (" …" if len(said) > cut else "")
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
