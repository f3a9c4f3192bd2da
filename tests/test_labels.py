"""How a paragraph is named and cited everywhere: as the document labels it."""

from types import SimpleNamespace

import pytest

from resolutions.reader.labels import names

R = SimpleNamespace(session=75, number="161")


@pytest.mark.parametrize(
    ("pid", "kind", "label", "name", "citation", "shown"),
    [
        ("op6", "operative", "6", "operative paragraph 6", "75/161, para. 6", "6."),
        ("op6e", "subparagraph", "(e)", "operative paragraph 6 (e)", "75/161, para. 6 (e)", "(e)"),
        ("op5f", "subparagraph", "f", "operative paragraph 5 (f)", "75/161, para. 5 (f)", "(f)"),
        ("op5a", "subparagraph", "a)", "operative paragraph 5 a)", "75/161, para. 5 a)", "a)"),
        (
            "op14c-i",
            "item",
            "(i)",
            "operative paragraph 14 (c) (i)",
            "75/161, para. 14 (c) (i)",
            "(i)",
        ),
        ("s2-op3", "operative", "3", "operative paragraph 3", "75/161, para. 3", "3."),
        ("b-op3", "operative", "3", "operative paragraph 3 of part B", "75/161 B, para. 3", "3."),
        ("op-u4", "operative", "", "unnumbered paragraph", "75/161", ""),
        (
            "annex2-op1",
            "operative",
            "1",
            "operative paragraph 1 of annex 2",
            "75/161, annex II, para. 1",
            "1.",
        ),
        ("annex1-pp3", "operative", "", "unnumbered paragraph of the annex", "75/161, annex", ""),
        ("pp3", "preambular", "", "preambular paragraph 3", "75/161, preambular para. 3", "pp3"),
    ],
)
def test_a_paragraph_is_named_and_cited_as_the_document_labels_it(
    pid, kind, label, name, citation, shown
):
    found = names(pid, kind, label, R)
    assert found.name == name
    assert found.citation == f"General Assembly resolution {citation}"
    assert found.shown == shown
    # Cited by the resolution's symbol, as a note on another version is: the same places.
    assert found.cited_as("A/RES/75/161") == f"A/RES/{citation}"


def test_the_model_names_a_paragraph_through_the_same_function():
    from resolutions.models import Paragraph

    paragraph = Paragraph(pid="op5f", kind="subparagraph", label="(f)")
    assert paragraph.display_name == "operative paragraph 5 (f)"
    assert Paragraph(pid="op-u2", kind="operative", label="").display_name == (
        "unnumbered paragraph"
    )
