"""Paths to the texts the parser tests read, and a parse-this-file helper."""

from pathlib import Path

import pytest

from resolutions.parsing import parse_resolution

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data" / "A_RES_79_154.md"
SAMPLES = REPO / "tests" / "fixtures" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _parse(path: Path):
    return parse_resolution(path.read_text(encoding="utf-8"), path.name)


@pytest.fixture(scope="session")
def bundled():
    return _parse(BUNDLED)


@pytest.fixture(scope="session")
def bundled_text() -> str:
    return BUNDLED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample():
    """Parse one of tests/fixtures/samples by file name."""
    return lambda name: _parse(SAMPLES / name)


@pytest.fixture(scope="session")
def fixture_text():
    """The text of one of tests/parsing/fixtures by file name."""
    return lambda name: (FIXTURES / name).read_text(encoding="utf-8")
