"""The pages of a draft beside the library: revisions issued, read and compared; agreed language
on each proposal with its footnote in one click; the adopted resolution linked and the team's
notes carried to it. Every route answers the permission matrix, plain and htmx."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Annotation
from drafts import agreed, revisions, workspace
from drafts.models import DraftFootnote, DraftParagraph
from tests.drafts.negotiation_rows import accept, draft_from, propose, two_versions
from tests.library_rows import ROOT_CAUSES, TRAFFICKING, make

FROM_77 = "including through the provision of legal assistance and psychosocial support"
STRONGER = ROOT_CAUSES.replace("strengthen measures", "strengthen and implement measures")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def library(db):
    return two_versions(
        "op2",
        f"Urges Member States to strengthen victim services, {FROM_77};",
        ROOT_CAUSES,
        linked=True,
    )


@pytest.fixture
def draft(library, team, author):
    return draft_from(library["79"], team, author)


def op(draft, pid="op2"):
    return DraftParagraph.objects.get(draft=draft, pid=pid)


def url(name, draft, *args):
    return reverse(f"drafts:{name}", args=[draft.slug, *args])


# --- Who may see and do what --------------------------------------------------------------------


READ_ROUTES = [
    ("revisions", ()),
    ("revision", (0,)),
    ("revision", (1,)),
    ("compare", (0, 1)),
    ("adopted", ()),
    ("agreed", ("op2",)),
]


@pytest.fixture
def issued(draft, author):
    accept(propose(op(draft), author, STRONGER), author)
    revisions.issue(draft, author)
    return draft


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("name,args", READ_ROUTES)
def test_an_outsider_learns_nothing_of_any_page(client, issued, outsider, name, args, headers):
    client.force_login(outsider)
    assert client.get(url(name, issued, *args), **headers).status_code == 404
    client.logout()
    assert client.get(url(name, issued, *args), **headers).status_code == 404


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("name,args", READ_ROUTES)
def test_members_and_the_read_only_link_read_every_page(
    client, issued, teammate, facilitator, author, name, args, headers
):
    for user in (teammate, facilitator, author):
        client.force_login(user)
        assert client.get(url(name, issued, *args), **headers).status_code == 200
    client.logout()
    issued.share_token = uuid.uuid4()
    issued.save()
    response = client.get(f"{url(name, issued, *args)}?key={issued.share_token}", **headers)
    assert response.status_code == 200
    assert client.get(f"{url(name, issued, *args)}?key={uuid.uuid4()}").status_code == 404


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_only_facilitators_issue_revisions(client, draft, teammate, facilitator, author, headers):
    issue = url("revisions", draft)
    client.force_login(teammate)
    assert client.post(issue, {"version": draft.version}, **headers).status_code == 403
    assert not draft.revisions.exists()
    for number, user in enumerate((facilitator, author), start=1):
        draft.refresh_from_db()
        client.force_login(user)
        response = client.post(issue, {"version": draft.version}, **headers)
        assert response.status_code in (200, 302)
        assert draft.revisions.filter(number=number).exists()


def test_a_shared_link_reader_may_not_issue_nor_link_nor_add_footnotes(client, issued):
    issued.share_token = uuid.uuid4()
    issued.save()
    key = f"?key={issued.share_token}"
    assert client.post(url("revisions", issued) + key, {"version": 1}).status_code == 403
    assert client.post(url("adopted", issued) + key, {"symbol": "A/RES/77/194"}).status_code == 403
    assert client.post(url("add_footnote", issued, "op2") + key, {}).status_code == 403
    assert issued.revisions.count() == 1


def test_pages_refuse_methods_they_do_not_answer(client, issued, author):
    client.force_login(author)
    assert client.post(url("revision", issued, 1)).status_code == 405
    assert client.post(url("compare", issued, 0, 1)).status_code == 405
    assert client.get(url("add_footnote", issued, "op2")).status_code == 405


# --- Revisions ----------------------------------------------------------------------------------


def test_issuing_rev1_shows_it_frozen_with_the_accepted_wording(client, draft, author):
    accept(propose(op(draft), author, STRONGER), author)
    propose(op(draft, "op1"), author, "Welcomes the report;", delegation="Canada")
    draft.refresh_from_db()
    client.force_login(author)
    response = client.post(url("revisions", draft), {"version": draft.version, "note": "Rev.1"})
    assert response.status_code == 302
    assert response["Location"] == url("revision", draft, 1)
    page = client.get(response["Location"]).content.decode()
    assert "strengthen and implement measures" in page
    assert "Welcomes the report" not in page


def test_a_facilitator_who_read_an_older_draft_gets_a_conflict_and_their_note_back(
    client, draft, author
):
    seen = draft.version
    accept(propose(op(draft), author, STRONGER), author)
    client.force_login(author)
    response = client.post(url("revisions", draft), {"version": seen, "note": "After informals"})
    assert response.status_code == 409
    assert "After informals" in response.content.decode()
    assert not draft.revisions.exists()


def test_rev1_compared_with_the_base_marks_inserted_words_and_names_the_texts(
    client, issued, author
):
    client.force_login(author)
    response = client.get(url("compare", issued, 0, 1))
    page = response.content.decode()
    assert "Rev.1 compared with A/RES/79/154" in page
    assert "<ins>and implement</ins>" in page
    assert response.context["counts"]["changed"] == 1


def test_a_comparison_asked_backwards_goes_to_its_one_address(client, issued, author):
    client.force_login(author)
    response = client.get(url("compare", issued, 1, 0))
    assert response.status_code == 302 and response["Location"] == url("compare", issued, 0, 1)


def test_a_revision_not_issued_is_not_found(client, issued, author):
    client.force_login(author)
    assert client.get(url("revision", issued, 7)).status_code == 404
    assert client.get(url("compare", issued, 0, 7)).status_code == 404
    assert client.get(url("compare", issued, 1, 1)).status_code == 404


def test_the_paragraph_page_follows_its_wording_from_the_base_through_rev1(client, issued, author):
    client.force_login(author)
    page = client.get(reverse("drafts:paragraph", args=[issued.slug, "op2"])).content.decode()
    assert "Through the revisions" in page
    assert "<ins>and implement</ins>" in page


def test_the_revision_pages_make_a_fixed_number_of_queries(
    client, issued, author, django_assert_max_num_queries
):
    client.force_login(author)
    client.get(url("compare", issued, 0, 1))  # sessions and the like settled
    with django_assert_max_num_queries(8) as few:
        client.get(url("compare", issued, 0, 1))
    for n in range(3):
        accept(
            propose(op(issued, "op1"), author, f"Takes note with thanks {n};", delegation="Peru"),
            author,
        )
        revisions.issue(issued, author)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("compare", issued, 0, 4))


# --- Agreed language ----------------------------------------------------------------------------


@pytest.fixture
def amendment(draft, author):
    return propose(
        op(draft), author, ROOT_CAUSES.replace("trafficking;", f"trafficking, {FROM_77};")
    )


def test_the_compilation_names_where_inserted_words_were_adopted(client, draft, amendment, author):
    client.force_login(author)
    page = client.get(draft.get_absolute_url()).content.decode()
    # Never checked: the check loads as the proposal comes into view.
    lazy = f"/drafts/{draft.slug}/op2/agreed/?proposal={amendment.pk}"
    assert f'hx-get="{lazy}" hx-trigger="intersect once"' in page
    fragment = client.get(lazy, **HTMX).content.decode()
    assert "A/RES/77/194, para. 2" in fragment
    assert 'href="/resolutions/A/RES/77/194/op2/"' in fragment
    assert "(2022)" in fragment
    # Checked once, it stands in the compilation itself.
    draft.touch()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "A/RES/77/194, para. 2" in page
    assert "Check agreed language" not in page


def test_new_words_are_marked_new_language(client, draft, author):
    propose(
        op(draft), author, ROOT_CAUSES.replace("trafficking;", "trafficking in lunar colonies;")
    )
    client.force_login(author)
    page = client.get(url("agreed", draft, "op2")).content.decode()
    assert "New language" in page


def test_the_compilation_itself_never_looks_anything_up(client, draft, amendment, author):
    client.force_login(author)
    with CaptureQueriesContext(connection) as asked:
        page = client.get(draft.get_absolute_url()).content.decode()
    assert not [q for q in asked.captured_queries if "resolutions_wording" in q["sql"]]
    assert "Check agreed language" in page


def test_one_click_adds_the_agreed_language_footnote(client, draft, amendment, author):
    client.force_login(author)
    found = agreed.check(amendment, draft.language)
    cited = found.inserted[0].sources[0]
    draft.refresh_from_db()
    version = draft.version
    response = client.post(
        url("add_footnote", draft, "op2"),
        {"proposal": amendment.pk, "source": cited.paragraph},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Footnote added: A/RES/77/194, para. 2" in response.content.decode()
    (footnote,) = DraftFootnote.objects.filter(paragraph=op(draft))
    assert footnote.text == "Agreed language: A/RES/77/194, para. 2"
    assert footnote.proposal == amendment
    draft.refresh_from_db()
    assert draft.version == version + 1
    # A second click adds nothing more.
    client.post(
        url("add_footnote", draft, "op2"), {"proposal": amendment.pk, "source": cited.paragraph}
    )
    assert DraftFootnote.objects.filter(paragraph=op(draft)).count() == 1
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Agreed language: A/RES/77/194, para. 2" in page


def test_a_footnote_citing_what_the_check_did_not_find_is_refused(client, draft, amendment, author):
    client.force_login(author)
    other = draft.base.paragraphs.get(pid="op1")
    response = client.post(
        url("add_footnote", draft, "op2"), {"proposal": amendment.pk, "source": other.pk}
    )
    assert response.status_code == 400
    assert not DraftFootnote.objects.exists()
    response = client.post(
        url("add_footnote", draft, "op2"), {"proposal": amendment.pk, "source": "x"}
    )
    assert response.status_code == 400


def test_a_proposal_checked_as_it_comes_into_view(client, draft, amendment, author):
    client.force_login(author)
    response = client.get(f"{url('agreed', draft, 'op2')}?proposal={amendment.pk}", **HTMX)
    assert response.status_code == 200
    assert "A/RES/77/194, para. 2" in response.content.decode()
    assert (
        client.get(f"{url('agreed', draft, 'op1')}?proposal={amendment.pk}", **HTMX).status_code
        == 404
    )


# --- The adopted resolution ---------------------------------------------------------------------


def test_a_facilitator_links_the_adopted_resolution_and_the_notes_carry_over(
    client, draft, author, teammate
):
    workspace.add_note(op(draft), note="Keep **legal assistance**.", user=teammate)
    adopted = make(
        "A/RES/81/160",
        TRAFFICKING,
        [
            ("op1", "Takes note of the report of the Secretary-General;"),
            ("op2", "Welcomes the new coordination mechanism;"),
            ("op3", ROOT_CAUSES),
        ],
        adopted=datetime.date(2026, 12, 17),
        previous_version=draft.base,
    )
    client.force_login(author)
    page = client.get(url("adopted", draft)).content.decode()
    assert "A/RES/81/160" in page  # offered as the likely one
    response = client.post(url("adopted", draft), {"candidate": "A/RES/81/160"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.adopted == adopted
    (carried,) = Annotation.objects.filter(paragraph__resolution=adopted)
    # Renumbered in the adopted text: the note follows the words, to op3.
    assert carried.paragraph.pid == "op3"
    assert carried.author == teammate
    assert carried.visibility == "team" and carried.team == draft.team
    assert "Keep **legal assistance**." in carried.note
    # Linked again: nothing carried twice.
    client.post(url("adopted", draft), {"symbol": "A/RES/81/160"})
    assert Annotation.objects.filter(paragraph__resolution=adopted).count() == 1


def test_a_symbol_not_in_the_library_is_refused_with_what_was_typed(client, draft, author):
    client.force_login(author)
    response = client.post(url("adopted", draft), {"symbol": "A/RES/99/1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "No resolution A/RES/99/1 in the library." in page
    assert 'value="A/RES/99/1"' in page
    draft.refresh_from_db()
    assert draft.adopted is None


def test_a_member_may_read_but_not_link_the_adopted_resolution(client, draft, teammate):
    client.force_login(teammate)
    assert client.get(url("adopted", draft)).status_code == 200
    assert client.post(url("adopted", draft), {"symbol": "A/RES/77/194"}).status_code == 403


def test_the_next_version_arriving_in_the_library_links_itself(draft, author):
    from drafts import adopted as adoption

    make(
        "A/RES/81/160",
        TRAFFICKING,
        [("op1", ROOT_CAUSES)],
        adopted=datetime.date(2026, 12, 17),
        previous_version=draft.base,
    )
    assert adoption.link_arrivals() == 1
    draft.refresh_from_db()
    assert draft.adopted.symbol == "A/RES/81/160"
    assert adoption.link_arrivals() == 0


def test_loading_the_next_version_into_the_library_links_the_draft(draft, author):
    from resolutions.across.series import link_versions

    make("A/RES/81/160", TRAFFICKING, [("op1", ROOT_CAUSES)], adopted=datetime.date(2026, 12, 17))
    link_versions()  # as every load ends: the title and the text make it the next version
    draft.refresh_from_db()
    assert draft.adopted is not None and draft.adopted.symbol == "A/RES/81/160"
