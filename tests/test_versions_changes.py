"""What changed in a paragraph, as a negotiator reads it: phrases rather than alternating words,
and one line per paragraph telling a routine update from a change of substance, in English and
in French."""

import pytest

from resolutions import versions


def summary(old, new, language):
    from resolutions import changes

    return changes.summarise(versions.changes_between(old, new, language))


@pytest.mark.parametrize(
    ("language", "old", "new"),
    [
        (
            "en",
            "Decides to continue its consideration of the question at its seventy-seventh session.",
            "Decides to continue its consideration of the question at its seventy-ninth session.",
        ),
        (
            "fr",
            "Décide de poursuivre l\u2019examen de la question à sa soixante-dix-septième session.",
            "Décide de poursuivre l\u2019examen de la question à sa soixante-dix-neuvième session.",
        ),
        (
            "fr",
            "Décide d\u2019examiner la question à sa soixante-dix-neuvième session.",
            "Décide d\u2019examiner la question à sa soixante et onzième session.",
        ),
    ],
)
def test_a_new_session_ordinal_is_a_routine_update(language, old, new):
    found = summary(old, new, language)
    assert found.routine
    assert found.text == "session numbers updated"


@pytest.mark.parametrize(
    ("language", "old", "new", "line"),
    [
        (
            "en",
            "Invites Member States to consider ratifying the Protocol;",
            "Encourages Member States to consider ratifying the Protocol;",
            "Invites → Encourages",
        ),
        (
            "fr",
            "Invite les États Membres à envisager de ratifier le Protocole ;",
            "Engage les États Membres à envisager de ratifier le Protocole ;",
            "Invite → Engage",
        ),
    ],
)
def test_a_new_opening_verb_is_a_change_of_substance(language, old, new, line):
    found = summary(old, new, language)
    assert not found.routine
    assert found.text == line


def test_dates_years_and_symbols_are_routine_and_named_together():
    found = summary(
        "Recalling its resolution 73/146 of 17 December 2018 and the report (A/73/263),",
        "Recalling its resolution 75/158 of 16 December 2020 and the report (A/75/289),",
        "en",
    )
    assert found.routine
    assert found.text == "years, dates and document symbols updated"


def test_a_routine_update_beside_a_change_of_substance_is_counted_not_hidden():
    found = summary(
        "Requests the Secretary-General to report at its seventy-seventh session;",
        "Requests the Secretary-General to submit a detailed report at its seventy-ninth session;",
        "en",
    )
    assert not found.routine
    assert found.text == "added “submit a detailed”; 1 routine update"


def test_a_number_that_is_no_date_or_symbol_is_substance():
    assert not summary("Allocates 5 per cent;", "Allocates 10 per cent;", "en").routine


def test_a_rewritten_clause_reads_as_one_phrase_replaced_not_alternating_words():
    html = str(
        versions.word_diff(
            "Calls upon States to fund research on the causes;",
            "Calls upon States to combat trafficking on the causes;",
        )
    )
    assert html == (
        "Calls upon States to <del>fund research</del><ins>combat trafficking</ins> on the causes;"
    )
    html = str(
        versions.word_diff(
            "Urges States to fund and to research the causes;",
            "Urges States to combat and to end the causes;",
        )
    )
    # Short common words between two changes do not cut the phrase in two.
    assert html == (
        "Urges States to <del>fund and to research</del><ins>combat and to end</ins> the causes;"
    )
