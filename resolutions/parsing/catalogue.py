"""The instrument catalogue: treaties known by their United Nations Treaty Series reference."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "data" / "instruments.json"


@dataclass(frozen=True)
class CatalogueEntry:
    slug: str
    kind: str
    title: str
    short_name: str
    unts_volume: int | None
    unts_number: int | None
    adopted: date | None
    url: str
    # Abbreviations and other short names people know it by: "CEDAW", "Palermo Protocol".
    acronyms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it goes by: its acronyms, short name and title."""
        return (*self.acronyms, self.short_name, self.title)


@dataclass(frozen=True)
class Catalogue:
    entries: tuple[CatalogueEntry, ...]

    def by_treaty(self, volume: int, number: int) -> CatalogueEntry | None:
        for entry in self.entries:
            if entry.unts_volume == volume and entry.unts_number == number:
                return entry
        return None

    def by_slug(self, slug: str) -> CatalogueEntry | None:
        return next((entry for entry in self.entries if entry.slug == slug), None)

    def named(self, name: str) -> list[CatalogueEntry]:
        """The entries one of whose names is `name`, ignoring case and spacing."""
        wanted = " ".join(name.split()).casefold()
        return [e for e in self.entries if wanted in (n.casefold() for n in e.names)]


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Read resolutions/data/instruments.json (or the file given)."""
    if path is None:
        return _default_catalogue()
    return _read(Path(path))


@cache
def _default_catalogue() -> Catalogue:
    return _read(CATALOGUE_PATH)


def _read(path: Path) -> Catalogue:
    raw = json.loads(path.read_text(encoding="utf-8"))
    entries = tuple(
        CatalogueEntry(
            slug=item["slug"],
            kind=item.get("kind", "treaty"),
            title=item["title"],
            short_name=item.get("short_name", item["title"]),
            unts_volume=item.get("unts_volume"),
            unts_number=item.get("unts_number"),
            adopted=date.fromisoformat(item["adopted"]) if item.get("adopted") else None,
            url=item.get("url", ""),
            acronyms=tuple(item.get("acronyms", ())),
        )
        for item in raw["instruments"]
    )
    return Catalogue(entries)
