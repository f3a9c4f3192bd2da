"""The words of one language a resolution text is written in, one table per language.

The parser's back end reads structure (numbers, letters, punctuation) the same way in every
language; whatever it needs to know about words comes from a `Language` table.
"""

from __future__ import annotations

from resolutions.parsing.languages.tables import RIGHT_TO_LEFT, CitationWords, Language, direction

__all__ = [
    "RIGHT_TO_LEFT",
    "CitationWords",
    "Language",
    "by_code",
    "citation_words",
    "direction",
    "languages",
]


def languages() -> list[Language]:
    from resolutions.parsing.languages import en, es, fr

    return [en.LANGUAGE, fr.LANGUAGE, es.LANGUAGE]


def citation_words(code: str) -> CitationWords:
    """The citation words of a language; English for a language without a table."""
    from resolutions.parsing.languages import ar, en, es, fr, ru, zh

    tables = {m.CITATIONS.code: m.CITATIONS for m in (ar, en, es, fr, ru, zh)}
    return tables.get(code, en.CITATIONS)


def by_code(code: str) -> Language:
    for language in languages():
        if language.code == code:
            return language
    raise KeyError(code)
