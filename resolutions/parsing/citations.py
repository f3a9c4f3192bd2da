"""Finding what a plain text cites: UN document symbols, Treaty Series references, sales numbers."""

from __future__ import annotations

import re

from .model import DocumentMention, ParsedFootnote, TreatyRef

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

# A UN document symbol: an organ or body prefix, then slash-separated parts, at least one digit.
# Covers A/79/322, A/C.3/55/3, A/HRC/56/60, E/2024/27, CTOC/COP/2020/10, A/77/53/Add.1, S/2024/1.
_SYMBOL = re.compile(
    r"(?<![\w/.])(?P<symbol>[A-Z][A-Z]{0,7}\d*(?:\.\d+)?(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+)"
)

_DATE_TAIL = rf"(?:\s+of\s+\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}})?"
# "resolution 64/293", "resolutions 47/19 of 24 November 1992, 48/16 ... and 72/4";
# "resolution S-26/2"; "decision 72/555".
_NEW_STYLE_NUMBER = r"(?:S-)?\d{1,4}/\d{1,4}(?:\s+[A-C](?![\w/]))?"
_NEW_STYLE = re.compile(
    rf"\b(?P<kind>[Rr]esolutions?|[Dd]ecisions?)\s+(?P<first>{_NEW_STYLE_NUMBER}){_DATE_TAIL}"
)
_LIST_MORE = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<n>{_NEW_STYLE_NUMBER}){_DATE_TAIL}")
# "resolution 2200 A (XXI)", "resolutions 217 A (III) and 2200 A (XXI)"
_OLD_STYLE_NUMBER = r"\d{1,4}\s*(?:[A-Z](?:\s*-\s*[A-Z])?\s*)?\((?:ES-|S-)?[IVXLC]+\)"
_OLD_STYLE = re.compile(rf"\b[Rr]esolutions?\s+(?P<first>{_OLD_STYLE_NUMBER})")
_OLD_LIST_MORE = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<n>{_OLD_STYLE_NUMBER})")

# Who adopted a resolution, when the words right before "resolution" name the organ.
_ORGANS = [
    (re.compile(r"Human Rights Council\s*$"), "A/HRC/RES/"),
    (re.compile(r"Security Council\s*$"), "S/RES/"),
    (re.compile(r"Economic and Social Council\s*$"), "E/RES/"),
    (re.compile(r"General Assembly\s*$"), "A/RES/"),
]
_NOT_GA = re.compile(
    r"(?:Health Assembly|Council|Commission|Conference|Board|Committee|Parties|"
    r"Organization|Assembly of the [A-Z]\w+|Union|Meeting)\s*$"
)

_TREATY = re.compile(
    r"\bvols?\.\s*(?P<vols>\d+(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)\d+)*)\s*,?\s*"
    r"(?:p{1,2}\.\s*[\d\s,\-\u2013]+,\s*)?No\.\s*(?P<no>\d+)"
)
_SALES = re.compile(
    r"Sales\s+(?:No|Nos)\.\s*(?P<nums>[A-Z](?:/[A-Z])?\.\d{2}\.[IVXL]+(?:\.[A-Z0-9]+)+"
    r"(?:\s*(?:,|and)\s*[A-Z](?:/[A-Z])?\.\d{2}\.[IVXL]+(?:\.[A-Z0-9]+)+)*)"
)
_SALES_ONE = re.compile(r"[A-Z](?:/[A-Z])?\.\d{2}\.[IVXL]+(?:\.[A-Z0-9]+)+")


def find_documents(text: str) -> list[DocumentMention]:
    """Every UN document the text names, in order of appearance."""
    found: list[DocumentMention] = []
    taken: list[tuple[int, int]] = []

    def add(symbol: str, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(DocumentMention(symbol, start, end))

    for match in _OLD_STYLE.finditer(text):
        prefix = _organ_prefix(text, match.start(), old_style=True)
        if prefix is None:
            continue
        add(prefix + _old_style_symbol(match["first"]), match.start(), match.end("first"))
        position = match.end()
        while more := _OLD_LIST_MORE.match(text, position):
            add(prefix + _old_style_symbol(more["n"]), more.start("n"), more.end("n"))
            position = more.end()

    for match in _NEW_STYLE.finditer(text):
        is_decision = match["kind"].lower().startswith("decision")
        prefix = _organ_prefix(text, match.start(), old_style=False)
        if prefix is None:
            continue
        if is_decision:
            prefix = prefix.replace("/RES/", "/DEC/")
        first = _new_style_symbol(prefix, match["first"])
        if first is not None:
            add(first, match.start(), match.end("first"))
        position = match.end()
        while more := _LIST_MORE.match(text, position):
            symbol = _new_style_symbol(prefix, more["n"])
            if symbol is not None:
                add(symbol, more.start("n"), more.end("n"))
            position = more.end()

    for match in _SYMBOL.finditer(text):
        symbol = match["symbol"].rstrip(".,-")
        if not any(ch.isdigit() for ch in symbol) or "/" not in symbol:
            continue
        add(symbol, match.start(), match.start() + len(symbol))

    found.sort(key=lambda mention: mention.start)
    return found


def _organ_prefix(text: str, start: int, old_style: bool) -> str | None:
    before = text[max(0, start - 60) : start]
    for pattern, prefix in _ORGANS:
        if pattern.search(before):
            return prefix
    if _NOT_GA.search(before):
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


def _old_style_symbol(number: str) -> str:
    # "2200 A (XXI)", "2200A(XXI)" -> "2200 A (XXI)"
    m = re.match(r"(\d+)\s*([A-Z](?:\s*-\s*[A-Z])?)?\s*\((.+)\)", number)
    if not m:
        return number
    letters = re.sub(r"\s+", "", m[2]) if m[2] else ""
    return f"{m[1]} {letters} ({m[3]})" if letters else f"{m[1]} ({m[3]})"


def find_treaties(text: str) -> list[TreatyRef]:
    """Treaty Series references: "vol. 2225, No. 39574"; "vols. 2171, 2173 and 2983, No. 27531"."""
    refs: list[TreatyRef] = []
    for match in _TREATY.finditer(text):
        number = int(match["no"])
        for volume in re.findall(r"\d+", match["vols"]):
            ref = TreatyRef(int(volume), number)
            if ref not in refs:
                refs.append(ref)
    return refs


def find_publications(text: str) -> list[str]:
    """United Nations sales numbers, e.g. "E.96.IV.13"."""
    found: list[str] = []
    for match in _SALES.finditer(text):
        for number in _SALES_ONE.findall(match["nums"]):
            if number not in found:
                found.append(number)
    return found


def cites_treaty_series(text: str) -> bool:
    return "Treaty Series" in text and "League of Nations" not in text


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

    def __init__(self, ibid: str = r"Ibid\b"):
        self.ibid = re.compile(ibid)
        self.previous: ParsedFootnote | None = None
        self.previous_treaty_series = False

    def read(self, number: int, text: str, emphasis, line: int) -> ParsedFootnote:
        ibid = bool(self.ibid.match(text))
        treaty_series = cites_treaty_series(text) or (ibid and self.previous_treaty_series)
        treaties = find_treaties(text) if treaty_series else []
        documents = find_documents(text)
        publications = find_publications(text)
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
