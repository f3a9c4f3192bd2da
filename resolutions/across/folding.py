"""Text as compared across the library: folded (case, compatibility forms, hyphens and curly
apostrophes set aside) and cut into words, the same way for versions, agreed language and search."""

import re
import unicodedata
from dataclasses import dataclass


# A hyphen is a hyphen however typed: the UN's texts write "non-governmental" with a hyphen in
# one version and a non-breaking hyphen (U+2011) in the next.
def fold_marks(text: str) -> str:
    """Hyphens and curly apostrophes as typed on a keyboard. By replacing: `str.translate`
    takes some forty times as long on a paragraph."""
    return text.replace("\u2010", "-").replace("\u2011", "-").replace("\u2019", "'")


def fold(text: str) -> str:
    """Text as compared: compatibility forms, case, curly apostrophes and hyphens folded."""
    if text.isascii():  # the same, quicker: nothing to normalise or replace
        return text.lower()
    return fold_marks(unicodedata.normalize("NFKC", text).casefold())


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def words(text: str) -> list[str]:
    """Normalised words of a text for comparison: case and punctuation set aside. Chinese and
    Japanese characters count one each, as they are written without spaces."""
    out = []
    for word in re.findall(r"[\w'-]+", fold(text)):
        if CJK.search(word):
            out.extend(ch for ch in re.findall(r".", word) if ch.strip())
        else:
            out.append(word.strip("'-") or word)
    return out


WORD = re.compile(r"[\w'\u2019\u2010\u2011-]+", re.UNICODE)


@dataclass
class Span:
    """A normalised word and where it stands in the original text."""

    word: str
    start: int
    end: int


def spans(text: str) -> list[Span]:
    """The words of a text, normalised (case, curly apostrophes, width), each with its place in
    the text so matches can be marked there. CJK characters are words of their own."""
    out = []
    for match in WORD.finditer(text):
        raw = match.group()
        if CJK.search(raw):
            for k, ch in enumerate(raw):
                if ch.strip():
                    out.append(Span(fold(ch), match.start() + k, match.start() + k + 1))
            continue
        word = fold(raw).strip("'-")
        if word:
            out.append(Span(word, match.start(), match.end()))
    return out


def words_of(text: str) -> list[str]:
    """The normalised words of a text, as `spans` gives them, without their places: the fast
    path the index and the lookups take."""
    normalised = fold(text)
    if CJK.search(normalised):
        return words_beside_cjk(text)
    return [w for w in (raw.strip("'-") for raw in WORD.findall(normalised)) if w]


def words_beside_cjk(text: str) -> list[str]:
    """`spans`' words of a text with Chinese or Japanese characters, quicker: a run of word
    characters holding one is cut into its characters, each folded on its own. A run already in
    compatibility form whose case folding keeps its length is folded whole, which gives the
    same characters, as neither step then joins or splits them."""
    out = []
    for raw in WORD.findall(text):
        if not CJK.search(raw):
            word = fold(raw).strip("'-")
            if word:
                out.append(word)
            continue
        if unicodedata.is_normalized("NFKC", raw):
            folded = fold_marks(raw.casefold())
            if len(folded) == len(raw):
                out.extend(folded)
                continue
        out.extend(fold(ch) for ch in raw if ch.strip())
    return out
