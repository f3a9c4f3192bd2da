"""What one phrase may ask of the database: a phrase too common or too strange to look up is
answered so at once, before any search path is chosen, rather than by reading every text."""

from django.utils.translation import gettext, gettext_lazy

from resolutions.across.folding import CJK, words_of

# A word of fewer letters than this, or one of these, is in nearly every paragraph: it narrows
# nothing, and a phrase of such words alone would be checked against every text.
INFORMATIVE_LENGTH = 3
COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "that",
        "with",
        "its",
        "all",
        "are",
        "has",
        "not",
        "was",
        "but",
        "this",
        "from",
        "which",
        "les",
        "des",
        "une",
        "dans",
        "pour",
        "par",
        "sur",
        "aux",
        "est",
        "qui",
        "que",
        "son",
        "ses",
        "los",
        "las",
        "del",
        "con",
        "por",
        "una",
        "sus",
        "para",
        "que",
    ]
)
TOO_COSTLY = gettext_lazy(
    "This phrase would take too long to look up: narrow it (a session, a language, a subject) "
    "or add a less common word."
)
# Longer than any word in the UN's texts: such a word is in no paragraph.
LONGEST_WORD = 64
# Words in a phrase at most: longer wording is what "Where else this wording was adopted" is for.
MOST_WORDS = 40


def informative(word: str) -> bool:
    return bool(CJK.search(word)) or (len(word) >= INFORMATIVE_LENGTH and word not in COMMON)


def phrase_refusal(phrase: str) -> str:
    """Why the phrase is not looked up, in words for the reader; "" when it is."""
    words = words_of(phrase)
    if any(len(word) > LONGEST_WORD for word in words):
        return gettext(
            "No paragraph holds a word of more than %(longest)s letters: shorten "
            "the words of the phrase."
        ) % {"longest": LONGEST_WORD}
    if len(words) > MOST_WORDS:
        return gettext("A phrase is looked up with at most %(most)s words: shorten it.") % {
            "most": MOST_WORDS
        }
    cjk = [word for word in words if CJK.search(word)]
    if (cjk and len(cjk) < 2) or not any(informative(word) for word in words):
        return gettext(
            "Too common to look up: every word of this phrase is in nearly every paragraph. "
            "Add a less common word."
        )
    return ""
