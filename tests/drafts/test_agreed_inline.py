"""Agreed language inline: each proposal's wording and the words it inserts, found where the
library adopted them before (symbol, paragraph, year, link) or marked as new language; looked
up once per wording, so a compilation shown again asks nothing of the library."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from drafts import agreed
from drafts.models import DraftParagraph, Proposal
from tests.drafts.negotiation_rows import draft_from, propose, two_versions
from tests.library_rows import TRAFFICKING, make

OLD_OP25 = (
    "Encourages Member States to consider the root causes that make women and girls "
    "vulnerable to trafficking in persons;"
)
# Words of A/RES/77/194 that A/RES/79/154 no longer has.
FROM_77 = "including through the provision of legal assistance and psychosocial support"
NEW_WORDS = "with particular attention to displaced migrant domestic workers in conflict zones"


@pytest.fixture
def library(db):
    return two_versions(
        "op25",
        f"Urges Member States to strengthen victim services, {FROM_77}, for all victims of "
        "trafficking;",
        OLD_OP25,
    )


@pytest.fixture
def draft(library, team, author):
    return draft_from(library["79"], team, author)


@pytest.fixture
def op25(draft):
    return DraftParagraph.objects.select_related("draft").get(draft=draft, pid="op25")


def amended(words):
    return OLD_OP25.replace("in persons;", f"in persons, {words};")


def test_inserted_words_adopted_before_name_the_resolution_paragraph_and_year(op25, author):
    proposal = propose(op25, author, amended(FROM_77))
    found = agreed.check(proposal, "en")
    assert [lookup.words for lookup in found.inserted] == [FROM_77]
    (source,) = found.inserted[0].sources
    assert source.citation == "A/RES/77/194, para. 25"
    assert (source.symbol, source.year) == ("A/RES/77/194", 2022)
    assert source.url == "/resolutions/A/RES/77/194/op25/"
    assert found.agreed and not found.new_language


def test_inserted_words_found_nowhere_are_new_language(op25, author):
    proposal = propose(op25, author, amended(NEW_WORDS))
    found = agreed.check(proposal, "en")
    assert found.new_language == [NEW_WORDS]
    assert not found.agreed


def test_the_paragraph_the_draft_started_from_is_no_precedent_for_itself(op25, author):
    proposal = propose(op25, author, amended(NEW_WORDS))
    found = agreed.check(proposal, "en")
    assert "A/RES/79/154, para. 25" not in [s.citation for s in found.sources]


def test_a_few_common_inserted_words_are_not_looked_up(op25, author):
    proposal = propose(op25, author, OLD_OP25.replace("women and girls", "women, and girls"))
    found = agreed.check(proposal, "en")
    assert found.inserted == ()


def test_a_new_paragraph_near_adopted_wording_is_close_and_a_copy_is_agreed(op25, author):
    text = f"Urges Member States to strengthen victim services, {FROM_77}, for all victims;"
    proposal = propose(op25, author, text, kind=Proposal.Kind.ADD_AFTER)
    found = agreed.check(proposal, "en")
    assert [s.citation for s in found.nearly] == ["A/RES/77/194, para. 25"]
    assert not found.agreed
    word_for_word = (
        f"Urges Member States to strengthen victim services, {FROM_77}, for all victims of "
        "trafficking;"
    )
    copied = propose(op25, author, word_for_word, kind=Proposal.Kind.ADD_AFTER)
    found = agreed.check(copied, "en")
    assert [s.citation for s in found.sources] == ["A/RES/77/194, para. 25"]
    assert found.agreed


def test_deletion_and_retention_have_nothing_to_check(op25, author):
    deletion = propose(op25, author, "", kind=Proposal.Kind.DELETE)
    assert agreed.check(deletion, "en") is None
    assert agreed.checks([deletion], "en") == {}


def test_a_wording_checked_once_is_not_looked_up_again(op25, author):
    first = propose(op25, author, amended(FROM_77))
    same_words = propose(op25, author, amended(FROM_77), delegation="Canada")
    agreed.checks([first], "en")
    with CaptureQueriesContext(connection) as asked:
        found = agreed.checks([first, same_words], "en")
    # The library's state alone: the two proposals share their words, looked up before.
    assert len(asked) == 1
    assert found[first.pk] == found[same_words.pk]
    assert found[first.pk].inserted[0].sources[0].citation == "A/RES/77/194, para. 25"


def test_a_budget_leaves_the_rest_to_look_up_later(op25, author):
    proposals = [
        propose(op25, author, amended(f"{NEW_WORDS} number {n}"), delegation="Canada")
        for n in range(3)
    ]
    found = agreed.checks(proposals, "en", budget=1)
    assert len(found) == 1
    assert len(agreed.checks(proposals, "en", budget=0)) == 1


def test_a_new_resolution_in_the_library_is_seen_by_the_next_check(op25, author):
    from resolutions.cache import pages as pagecache

    proposal = propose(op25, author, amended(NEW_WORDS))
    assert agreed.check(proposal, "en").new_language
    make("A/RES/80/10", TRAFFICKING, [("op1", f"Acts {NEW_WORDS};")])
    call_command("index_wording", stdout=io.StringIO())
    pagecache.changed(pagecache.LIBRARY)
    assert agreed.check(proposal, "en").agreed


def test_the_footnote_reads_as_negotiators_write_it(op25, author):
    proposal = propose(op25, author, amended(FROM_77))
    source = agreed.check(proposal, "en").inserted[0].sources[0]
    assert agreed.footnote_text(source, "en") == "Agreed language: A/RES/77/194, para. 25"
