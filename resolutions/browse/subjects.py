"""Subjects as people read them: the SDGs by name, labels in natural order, and a resolution's
agenda items as subjects of their own."""

import json
import re
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def _sdg() -> dict:
    return json.loads((DATA / "sdg.json").read_text("utf-8"))


def sdg_name(code: str) -> str:
    """ "5" reads "Goal 5: Gender equality"; "10.6" reads "Target 10.6: …" (its number alone
    where the data file has no name for it)."""
    data = _sdg()
    if "." in code:
        name = data["targets"].get(code)
        return (
            _("Target %(code)s: %(name)s") % {"code": code, "name": name}
            if name
            else (_("Target %(code)s") % {"code": code})
        )
    name = data["goals"].get(code)
    if name:
        return _("Goal %(code)s: %(name)s") % {"code": code, "name": name}
    return _("Goal %(code)s") % {"code": code}


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Numbers in a label sort as numbers: Goal 2 before Goal 10, 10.6 after 10."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _DIGITS.split(text)
        if part
    )


def natural_sorted(subjects) -> list:
    return sorted(subjects, key=lambda s: s.sort_key)


LABEL_LENGTH = 300  # Subject.label's


def agenda_label(title: str) -> str:
    """An agenda item's subject: its title, without the full stop some headers end it with;
    the few longer than a label may be (334 characters) cut at a word, with an ellipsis."""
    label = " ".join(title.split()).rstrip(".")
    if len(label) > LABEL_LENGTH:
        label = label[: LABEL_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return label
