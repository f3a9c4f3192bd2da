"""The UN's regional groups of Member States (resolutions/data/regional_groups.json): which
group a State votes with, every Member State's name, and one name for a State the voting
records spell several ways ("TURKEY", "TÜRKİYE", "TÜRKIYE")."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "regional_groups.json"


@dataclass(frozen=True)
class Group:
    slug: str
    name: str
    members: tuple[str, ...]  # as the records name them, in capitals


@cache
def _data() -> dict:
    return json.loads(DATA.read_text("utf-8"))


@cache
def groups() -> tuple[Group, ...]:
    return tuple(Group(g["slug"], g["name"], tuple(g["members"])) for g in _data()["groups"])


@cache
def _group_of() -> dict[str, Group]:
    return {member: group for group in groups() for member in group.members}


def canonical_name(name: str) -> str:
    """The one name of a State the records spell several ways; any other name as given."""
    key = " ".join(name.split()).upper()
    alias = _data()["aliases"].get(key)
    return alias if alias else name


def key(name: str) -> str:
    return canonical_name(name).upper()


def group_of(name: str) -> Group | None:
    return _group_of().get(key(name))


def member_count() -> int:
    return len(_group_of())
