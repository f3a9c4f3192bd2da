"""Reading a library of resolutions in the layout the UN publishes its AKN4UN XML in:
`NNsession/<Language>/*.xml`, as a folder or a `.tar.xz` archive, in any number; and the
official PDFs (`*.pdf`) anywhere in it, whose language is read from the text itself."""

import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# The folder names of the UN's six official languages, in the order a resolution's versions
# are loaded: English first, so that it is the primary text from the start.
LANGUAGE_FOLDERS = {
    "English": "en",
    "French": "fr",
    "Spanish": "es",
    "Russian": "ru",
    "Arabic": "ar",
    "Chinese": "zh",
}
LOAD_ORDER = list(LANGUAGE_FOLDERS.values())


# The symbol on a file's cover page, to pass over files a load does not want without parsing
# them; the parse still reads the symbol properly from the files it loads.
COVER_SYMBOL = re.compile(rb"<docNumber[^>]*>\s*([^<\s][^<]*?)\s*</docNumber>")


# A multi-part resolution's cover names its parts ("A/RES/77/264 A-C"); it is one resolution.
PART_RANGE = re.compile(r"\s+[A-Z]\s*[-\u2013]\s*[A-Z]$")


def cover_symbol(data: bytes) -> str | None:
    match = COVER_SYMBOL.search(data)
    if not match:
        return None
    return PART_RANGE.sub("", match[1].decode("utf-8", "replace").upper())


class LibraryError(ValueError):
    """A path that is neither a folder nor a readable .tar.xz archive."""


@dataclass
class SourceFile:
    """One XML file of the library: where it came from and its bytes."""

    name: str  # archive-or-folder/relative/path.xml, for messages
    session: int | None
    folder_language: str  # the language folder's name, e.g. "French"
    data: bytes

    @property
    def is_pdf(self) -> bool:
        return self.name.lower().endswith(".pdf")

    @property
    def language(self) -> str | None:
        """The official language its folder names, or None for any other folder; a PDF outside
        a language folder says its language in its text ("" until it is parsed)."""
        if self.is_pdf and self.folder_language not in LANGUAGE_FOLDERS:
            return ""
        return LANGUAGE_FOLDERS.get(self.folder_language)

    @property
    def sort_key(self):
        order = LOAD_ORDER.index(self.language) if self.language else len(LOAD_ORDER) - 1
        return (-(self.session or 0), order, self.name)


def _describe(relative: PurePosixPath, origin: str) -> SourceFile | None:
    suffix = relative.suffix.lower()
    if suffix == ".pdf":
        folder_language = relative.parts[-2] if len(relative.parts) > 1 else ""
    elif suffix != ".xml" or len(relative.parts) < 2:
        return None
    else:
        folder_language = relative.parts[-2]
    session = None
    for part in relative.parts[:-2]:
        digits = part.removesuffix("session")
        if digits.isdigit():
            session = int(digits)
    return SourceFile(f"{origin}:{relative}", session, folder_language, b"")


def read_library(path: Path) -> Iterator[SourceFile]:
    """Every XML and PDF file under a folder, or in a .tar.xz archive, with its bytes."""
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.suffix.lower() in {".xml", ".pdf"}):
            source = _describe(PurePosixPath(file.relative_to(path).as_posix()), str(path))
            if source is not None:
                source.data = file.read_bytes()
                yield source
        return
    if not path.exists():
        raise LibraryError(f"{path}: no such file or folder")
    if not path.name.endswith((".tar.xz", ".txz", ".tar")):
        raise LibraryError(f"{path}: not a folder or a .tar.xz archive of one")
    try:
        # Read in one pass: seeking back in an xz stream would decompress it again.
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                source = _describe(PurePosixPath(member.name), str(path))
                if source is None:
                    continue
                handle = archive.extractfile(member)
                source.data = handle.read() if handle else b""
                yield source
    except (tarfile.TarError, EOFError, OSError) as error:
        raise LibraryError(f"{path}: cannot read the archive: {error}") from error
