"""Faults found in the UN's markup of a text, told in a reader's words (what is affected),
never as the checker's file name and line number."""

import re

from django.utils.translation import gettext as _

# The checks' wording (parsing/checks.py, parsing/akn.py), after "<file>, line N: " and "<pid>: ".
_PLACE = re.compile(r"^.*?(?:, page \d+)?(?:, line \d+)?: (?:[a-z]+[\w-]*: )?(?=[a-z])")
_NUMBERING = re.compile(
    r"operative paragraph (?P<number>\d+) follows (?P<after>\d+|nothing)"
    r"(?: in (?P<scope>annex|part) (?P<name>[\w.]+))?"
)
_MARKER = re.compile(r"footnote marker (?P<number>\d+) has no footnote text")
_UNUSED = re.compile(r"footnote (?P<number>\d+) is never referred to in the text")


def describe(problem: str) -> str:
    """One sentence saying what a fault affects, for a reader of the text."""
    text = _PLACE.sub("", problem, count=1)
    if text.startswith("not well-formed XML"):
        return _(
            "The UN's file for this text is not closed properly at its end; "
            "the text is shown as the file has it."
        )
    if match := _NUMBERING.search(text):
        where = _scope(match["scope"], match["name"])
        number = int(match["number"])
        first = 1 if match["after"] == "nothing" else int(match["after"]) + 1
        if number <= first - 1:
            return _(
                "The UN's file for this text numbers operative paragraph %(number)s twice"
                "%(where)s; the text is shown as the file has it."
            ) % {"number": number, "where": where}
        if number - 1 > first:
            return _(
                "The UN's file for this text skips operative paragraphs %(first)s to "
                "%(last)s%(where)s; the text is shown as the file has it."
            ) % {"first": first, "last": number - 1, "where": where}
        return _(
            "The UN's file for this text skips operative paragraph %(number)s%(where)s; "
            "the text is shown as the file has it."
        ) % {"number": first, "where": where}
    if match := _MARKER.search(text):
        return _(
            "The UN's file for this text refers to footnote %(number)s but does not include "
            "its text."
        ) % {"number": match["number"]}
    if match := _UNUSED.search(text):
        return _(
            "The UN's file for this text includes footnote %(number)s but nothing in the text "
            "refers to it."
        ) % {"number": match["number"]}
    return _("The UN's file for this text has a fault in its markup; the text is shown as is.")


def describe_all(problems: list[str]) -> list[str]:
    """Each distinct fault once, in the order found."""
    return list(dict.fromkeys(describe(problem) for problem in problems))


def _scope(kind: str | None, name: str | None) -> str:
    if kind == "annex":
        return _(" in annex %(name)s") % {"name": name}
    if kind == "part":
        return _(" in part %(name)s") % {"name": name}
    return ""
