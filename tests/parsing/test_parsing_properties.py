"""Whatever text it is given, the parser returns a resolution or raises ParseError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.parsing import ParsedResolution, ParseError, parse_resolution

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def parses_or_refuses(text: str) -> None:
    try:
        result = parse_resolution(text, "generated.md")
    except ParseError as error:
        # The parser's safety net turns crashes into ParseError; none should reach it.
        assert not error.message.startswith("internal error"), error.message
        return
    assert isinstance(result, ParsedResolution)
    result.to_json()


@SETTINGS
@given(st.text())
def test_arbitrary_text(text):
    parses_or_refuses(text)


LINES = st.sampled_from(
    [
        "*The General Assembly,*",
        "The General Assembly,",
        "### 79/1. Title",
        "A/RES/79/1",
        "79/1.",
        "1.",
        "2. *Decides* to act;",
        "(a) Meet;",
        "(i) Item;",
        "*Recalling* the Charter,<sup>1</sup>",
        "Recalling the Charter, 1",
        "Noting the report 1/",
        "<sup>1</sup> Ibid., vol. 2, No. 3.",
        "1/ Resolution 2200 A (XXI).",
        "__________________",
        "1",
        "2/3",
        "24-23093 (E)",
        "*2423093*",
        "---",
        "",
        "53rd plenary meeting",
        "17 December 2024",
        "                 indented text, 2",
        "resolution 64/293 and resolutions 1/2, 3/4 and A/C.3/55/3",
    ]
)


@SETTINGS
@given(st.lists(LINES | st.text(max_size=40), max_size=40))
def test_resolution_like_lines_in_any_order(lines):
    parses_or_refuses("\n".join(lines))


@SETTINGS
@given(data=st.data())
def test_the_bundled_text_with_lines_deleted_or_duplicated(bundled_text, data):
    lines = bundled_text.split("\n")
    edits = data.draw(
        st.lists(
            st.tuples(st.sampled_from(["delete", "duplicate"]), st.integers(0, len(lines) - 1)),
            min_size=1,
            max_size=6,
        )
    )
    for action, index in edits:
        index = min(index, len(lines) - 1)
        if action == "delete" and len(lines) > 1:
            del lines[index]
        else:
            lines.insert(index, lines[index])
    parses_or_refuses("\n".join(lines))
