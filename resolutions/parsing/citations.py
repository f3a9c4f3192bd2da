"""Finding what a plain text cites: UN document symbols, Treaty Series references, sales numbers."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from resolutions.parsing import numbering
from resolutions.parsing.languages import CitationWords, citation_words
from resolutions.parsing.model import DocumentMention, ParsedFootnote, TreatyRef

# A UN document symbol: an organ or body prefix, then slash-separated parts, at least one digit.
# Covers A/79/322, A/C.3/55/3, A/HRC/56/60, E/2024/27, CTOC/COP/2020/10, A/77/53/Add.1, S/2024/1.
# Only a Latin letter or digit before it counts as glued to it: Chinese writes "见A/C.3/55/3".
_SYMBOL = re.compile(
    r"(?<![A-Za-z0-9_/.])(?P<symbol>[A-Z][A-Z]{0,7}\d*(?:\.\d+)?(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+)"
)

# "64/293", "S-26/2", "77/264 B".
_NEW_STYLE_NUMBER = r"(?:S-)?\d{1,4}/\d{1,4}(?:\s+[A-C](?![\w/]))?"


@dataclass(frozen=True)
class _Patterns:
    """A language's citation words compiled into the back end's patterns."""

    words: CitationWords
    new_style: re.Pattern
    new_more: re.Pattern
    old_style: re.Pattern
    old_more: re.Pattern
    organs: tuple[tuple[re.Pattern, str], ...]
    other_bodies: re.Pattern | None
    treaty: re.Pattern
    sales: re.Pattern
    sales_one: re.Pattern
    ibid: re.Pattern
    letters: dict[str, str]
    session_number: re.Pattern | None


@functools.cache
def _patterns(code: str) -> _Patterns:
    words = citation_words(code)
    date = f"(?:{words.date_tail})?" if words.date_tail else ""
    letters = dict(words.part_letters)
    letter = "|".join(map(re.escape, letters)) if letters else "[A-Z]"
    old_number = rf"\d{{1,4}}\s*(?:(?:{letter})(?:\s*-\s*(?:{letter}))?\s*)?{words.old_session}"
    joiner = words.list_joiner
    if words.resolution:
        organs = "|".join(
            f"(?P<organ{i}>{pattern})" for i, (pattern, _prefix) in enumerate(words.organs)
        )
        between = rf"(?:(?:{organs})\s+)?" if words.organ_position == "between" else ""
        kind = rf"(?<!\w)(?:(?P<res>{words.resolution})|(?P<dec>{words.decision}))\s+{between}"
        new_style = re.compile(rf"{kind}(?P<first>{_NEW_STYLE_NUMBER}){date}")
        old_style = re.compile(
            rf"(?<!\w)(?P<res>{words.resolution})\s+{between}(?P<first>{old_number})"
        )
        new_more = rf"{joiner}(?P<n>{_NEW_STYLE_NUMBER}){date}"
        old_more = rf"{joiner}(?P<n>{old_number})"
    else:
        # The number inside the words ("第47/19、48/16和72/4号决议"): the list is read first,
        # then its numbers one by one.
        before, after = words.number_before, words.decision_after
        kind = rf"(?:(?P<res>{words.resolution_after})|(?P<dec>{after}))"
        item = rf"(?:{_NEW_STYLE_NUMBER}){date}"
        new_style = re.compile(
            rf"{before}(?P<first>{_NEW_STYLE_NUMBER}){date}"
            rf"(?P<list>(?:(?:号)?{joiner}(?:{before})?{item})*){kind}"
        )
        old_style = re.compile(
            rf"{before}(?P<first>{old_number})"
            rf"(?P<list>(?:(?:号)?{joiner}(?:{before})?{old_number})*){words.resolution_after}"
        )
        new_more = rf"{joiner}(?:{before})?(?P<n>{_NEW_STYLE_NUMBER}){date}"
        old_more = rf"{joiner}(?:{before})?(?P<n>{old_number})"
    treaty = re.compile(
        rf"{words.volume_before}\s*(?P<vols>\d+(?:{words.volumes_joiner}\d+)*)\s*"
        rf"{words.volume_after}\s*[,،，]?\s*(?:{words.pages}\s*[,،，]\s*)?"
        rf"{words.number_word}\s*(?P<no>\d+)\s*{words.number_after}"
    )
    sales_one = r"[A-Z](?:/[A-Z])?\.\d{2}\.[IVXL]+(?:\.[A-Z0-9]+)+"
    sales = re.compile(
        rf"{words.sales}\s*(?P<nums>{sales_one}(?:{words.volumes_joiner}\s*{sales_one})*)"
    )
    return _Patterns(
        words=words,
        new_style=new_style,
        new_more=re.compile(new_more),
        old_style=old_style,
        old_more=re.compile(old_more),
        organs=tuple((re.compile(pattern), prefix) for pattern, prefix in words.organs),
        other_bodies=re.compile(words.other_bodies) if words.other_bodies else None,
        treaty=treaty,
        sales=sales,
        sales_one=re.compile(sales_one),
        ibid=re.compile(words.ibid),
        letters=letters,
        session_number=re.compile(words.session_number) if words.session_number else None,
    )


def find_documents(text: str, language: str = "en") -> list[DocumentMention]:
    """Every UN document the text names, in order of appearance, read with the citation words
    of the text's language (`language` is its code, "en", "fr", ...)."""
    patterns = _patterns(language)
    found: list[DocumentMention] = []
    taken: list[tuple[int, int]] = []

    def add(symbol: str | None, start: int, end: int) -> None:
        if symbol is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(DocumentMention(symbol, start, end))

    for old_style, pattern, more_pattern in (
        (True, patterns.old_style, patterns.old_more),
        (False, patterns.new_style, patterns.new_more),
    ):
        for match in pattern.finditer(text):
            numbers = [(match["first"], match.start(), match.end("first"))]
            if "list" in pattern.groupindex:
                # The whole list sits inside the match; its numbers are read from it.
                position = match.start("list")
                while more := more_pattern.match(text, position):
                    if more.end() > match.end("list"):
                        break
                    numbers.append((more["n"], more.start("n"), more.end("n")))
                    position = more.end()
                end = match.end()
            else:
                position = match.end()
                while more := more_pattern.match(text, position):
                    numbers.append((more["n"], more.start("n"), more.end("n")))
                    position = more.end()
                end = position
            prefix = _organ_prefix(patterns, text, match, end)
            if prefix is None:
                continue
            if match.groupdict().get("dec"):
                if old_style:
                    continue
                prefix = prefix.replace("/RES/", "/DEC/")
            for number, start, stop in numbers:
                if old_style:
                    symbol = prefix + _old_style_symbol(number, patterns)
                else:
                    symbol = _new_style_symbol(prefix, number)
                add(symbol, start, stop)

    for match in _SYMBOL.finditer(text):
        symbol = match["symbol"].rstrip(".,-")
        if not any(ch.isdigit() for ch in symbol) or "/" not in symbol:
            continue
        add(symbol, match.start(), match.start() + len(symbol))

    found.sort(key=lambda mention: mention.start)
    return found


def _organ_prefix(patterns: _Patterns, text: str, match: re.Match, end: int) -> str | None:
    """The symbol prefix of the body that adopted the resolutions a match names, by where the
    language names that body; None for a body whose resolutions have no symbol we know."""
    position = patterns.words.organ_position
    if position == "between":
        for index, (_pattern, prefix) in enumerate(patterns.organs):
            if match.groupdict().get(f"organ{index}"):
                return prefix
        return "A/RES/"
    around = text[max(0, match.start() - 60) : match.start()] if position == "before" else ""
    if position == "after":
        around = text[end : end + 100]
    for pattern, prefix in patterns.organs:
        if pattern.search(around):
            return prefix
    if patterns.other_bodies is not None and patterns.other_bodies.search(around):
        return None
    return "A/RES/"


def _new_style_symbol(prefix: str, number: str) -> str | None:
    number = re.sub(r"\s+", " ", number.strip())
    session = number.split("/")[0]
    # The General Assembly numbered its resolutions "session/number" from its thirty-first
    # session on; "resolution 10/1" in a note is another body's.
    general_assembly = prefix in {"A/RES/", "A/DEC/"} and not session.startswith("S-")
    if general_assembly and not (session.isdigit() and 31 <= int(session) <= 199):
        return None
    if prefix == "E/RES/" and len(session) != 4:
        return None
    return prefix + number


def _old_style_symbol(number: str, patterns: _Patterns) -> str:
    # "2200 A (XXI)", "2200A(XXI)", "2200 ألف (د-21)" -> "2200 A (XXI)"
    m = re.match(r"(\d+)\s*(\S+?(?:\s*-\s*\S+?)?)?\s*\((.+)\)", number)
    if not m:
        return number
    part = ""
    if m[2]:
        part = "-".join(
            patterns.letters.get(piece.strip(), piece.strip()) for piece in m[2].split("-")
        )
    session = m[3]
    digits = patterns.session_number.fullmatch(session) if patterns.session_number else None
    if digits and int(digits["number"]):
        emergency = "ES-" if digits["emergency"] else ""
        session = emergency + numbering.roman(int(digits["number"])).upper()
    return f"{m[1]} {part} ({session})" if part else f"{m[1]} ({session})"


def find_treaties(text: str, language: str = "en") -> list[TreatyRef]:
    """Treaty Series references: "vol. 2225, No. 39574"; "vols. 2171, 2173 and 2983, No. 27531";
    "vol. 2237, no 39574"; "第2237卷，第39574号"."""
    refs: list[TreatyRef] = []
    for match in _patterns(language).treaty.finditer(text):
        number = int(match["no"])
        for volume in re.findall(r"\d+", match["vols"]):
            ref = TreatyRef(int(volume), number)
            if ref not in refs:
                refs.append(ref)
    return refs


def find_publications(text: str, language: str = "en") -> list[str]:
    """United Nations sales numbers, e.g. "E.96.IV.13"; a language's own edition ("F.96.IV.13")
    is read as the English edition's number, so that every language cites one publication."""
    patterns = _patterns(language)
    letter = patterns.words.sales_letter
    found: list[str] = []
    for match in patterns.sales.finditer(text):
        for number in patterns.sales_one.findall(match["nums"]):
            if number.startswith(f"{letter}."):
                number = "E" + number[1:]
            if number not in found:
                found.append(number)
    return found


def cites_treaty_series(text: str, language: str = "en") -> bool:
    words = _patterns(language).words
    return any(name in text for name in words.treaty_series) and not any(
        name in text for name in words.league_series
    )


# Words that may stand inside the name of an instrument or body.
_NAME_WORDS = {
    "of", "on", "the", "to", "against", "for", "in", "by", "at", "with", "from", "thereto",
    "supplementing", "concerning", "relating", "between", "de", "and", "or", "a", "an",
}  # fmt: skip


def cited_words(text: str, offset: int, floor: int = 0) -> str:
    """The noun phrase a footnote marker at `offset` follows, e.g. "the Rome Statute of ..."."""
    before = text[floor:offset].rstrip(" ,;:")
    # Never reach back past a clause or sentence end ("No. 29" is not one).
    cuts = [m.end() for m in re.finditer(r"[;:]\s|(?<=[a-z]{2})\.\s+(?=[A-Z])", before)]
    if cuts:
        before = before[cuts[-1] :]
    tokens = before.split()
    kept: list[str] = []
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        word = token.strip(",()“”\"'")
        if not word:
            continue
        following = kept[0].strip(",()“”\"'") if kept else ""
        if word[0].isupper() or word[0].isdigit() or word == "No.":
            kept.insert(0, token)
        elif word == "and" and following[:1].isupper():
            if index > 0 and tokens[index - 1].endswith(","):
                break
            kept.insert(0, token)
        elif word in _NAME_WORDS and word != "and" and (kept or word == "thereto"):
            kept.insert(0, token)
        else:
            break
    # A phrase starts at its article or its first capitalised word, not at the verb.
    while kept and not (kept[0][:1].isupper() or kept[0] in {"the", "its", "their"}):
        kept.pop(0)
    if len(kept) > 1 and kept[1] in {"the", "its", "their"} and index <= 0:
        kept.pop(0)
    if len(kept) < 2:
        words = tokens[-15:]
        starts = [i for i, w in enumerate(words[:-1]) if w in {"the", "its", "their"}]
        kept = words[starts[0] :] if starts else words[-5:]
    return " ".join(kept).strip(" ,;:")


class FootnoteReader:
    """Reads a resolution's footnotes in order into ParsedFootnotes, the same for every source
    form: what each cites, with an "Ibid." taking the source of the footnote before it (and
    the *Treaty Series* it named) when it names none of its own."""

    def __init__(self, language: str = "en"):
        self.language = language
        self.ibid = _patterns(language).ibid
        self.previous: ParsedFootnote | None = None
        self.previous_treaty_series = False

    def read(self, number: int, text: str, emphasis, line: int) -> ParsedFootnote:
        ibid = bool(self.ibid.match(text))
        language = self.language
        treaty_series = cites_treaty_series(text, language) or (
            ibid and self.previous_treaty_series
        )
        treaties = find_treaties(text, language) if treaty_series else []
        documents = find_documents(text, language)
        publications = find_publications(text, language)
        previous = self.previous
        if ibid and previous is not None and not treaties:
            treaties = list(previous.treaties)
            documents = documents or list(previous.documents)
            publications = publications or list(previous.publications)
        footnote = ParsedFootnote(
            number=number,
            text=text,
            emphasis=emphasis,
            treaties=treaties,
            documents=documents,
            publications=publications,
            ibid=ibid,
            line=line,
        )
        self.previous, self.previous_treaty_series = footnote, treaty_series
        return footnote
