"""What the parser says about a text it cannot read: the file, the line, the reason."""

import pytest

from resolutions.parsing import ParseError, parse_resolution

HEADER = "### 78/1. A title\n\n*The General Assembly,*\n\n"


def error_for(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_resolution(text, "A_RES_1.md")
    return caught.value


def test_an_empty_file():
    error = error_for("   \n\n")
    assert str(error) == "A_RES_1.md, line 1: the text is empty"
    assert isinstance(error, ValueError)


def test_no_general_assembly_line():
    error = error_for("### 78/1. A title\n\n1. *Decides* something.\n")
    assert error.line == 1
    assert "The General Assembly," in error.message


def test_no_symbol():
    error = error_for("Some heading\n\n*The General Assembly,*\n\n1. *Decides* something.\n")
    assert error.line == 3
    assert "symbol" in error.message


def test_no_operative_paragraphs():
    error = error_for(HEADER + "*Recalling* its resolutions,\n\n*Noting* the report,\n")
    assert str(error) == "A_RES_1.md, line 3: no operative paragraphs found"


def test_a_footnote_marker_with_no_footnote():
    error = error_for(HEADER + "*Recalling* the Charter,<sup>1</sup>\n\n1. *Decides* to act.\n")
    assert error.line == 5
    assert error.source == "A_RES_1.md"
    assert "footnote marker 1" in error.message


def test_an_operative_paragraph_with_no_text():
    error = error_for(HEADER + "*Recalling* the Charter,\n\n1.\n")
    assert error.line == 7
    assert "op1" in error.message


def test_a_footnote_given_twice():
    text = HEADER + "1. *Decides* to act.<sup>1</sup>\n\n<sup>1</sup> A/1.\n\n<sup>1</sup> A/2.\n"
    assert "footnote 1 appears twice" in error_for(text).message


def test_operative_numbering_that_does_not_start_at_one():
    error = error_for(HEADER + "3. *Decides* to act.\n")
    assert error.line == 5
