"""Tags: as written, one tag whatever the case, suggested as one types, listed with counts,
renamed by their user."""

import pytest

from annotations.models import Annotation, Tag, normalise_tag, parse_tags


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("ILO", "ILO"), ("  Human\t  Rights ", "Human Rights"), ("ÉTAT", "ÉTAT")],
)
def test_tags_keep_their_case_and_lose_extra_spacing(typed, stored):
    assert normalise_tag(typed) == stored


def test_a_list_of_tags_is_split_on_commas_without_duplicates_or_blanks():
    assert parse_tags("Data, data , , Follow-up,DATA") == ["Data", "Follow-up"]


def test_the_same_tag_typed_differently_is_one_tag(as_user, author, op26):
    client = as_user(author)
    for typed in ("Human Rights", "human  rights"):
        client.post(
            "/resolutions/A/RES/79/154/op26/notes/",
            {"note": "x", "tags": typed, "visibility": "private"},
        )
    assert list(Tag.objects.values_list("name", "slug")) == [("Human Rights", "human-rights")]


def test_the_tags_page_lists_visible_tags_with_counts(as_user, client, author, make_note):
    make_note(tags=["data"], visibility="public")
    make_note(tags=["data"], visibility="public")
    make_note(tags=["secret plan"])
    page = as_user(author).get("/tags/")
    assert "data" in page.text and "(2 notes)" in page.text and "secret plan" in page.text
    client.logout()
    anonymous = client.get("/tags/")
    assert "data" in anonymous.text and "secret plan" not in anonymous.text


def test_tag_suggestions_come_as_datalist_options_completing_the_last_tag(
    as_user, author, outsider, make_note
):
    make_note(tags=["trafficking", "travel", "data"])
    make_note(tags=["trade secrets"], by=outsider)
    response = as_user(author).get("/tags/", {"tags": "data, Tra"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert '<option value="data, trafficking">trafficking</option>' in response.text
    assert '<option value="data, travel">travel</option>' in response.text
    assert "trade secrets" not in response.text
    assert "<html" not in response.text


def test_a_tag_page_lists_the_paragraphs_carrying_it_across_resolutions(
    as_user, author, make_note, resolution
):
    from resolutions.models import Paragraph, Resolution

    other = Resolution.objects.create(symbol="A/RES/78/1", session=78, number="1", title="Other")
    elsewhere = Paragraph.objects.create(
        resolution=other, pid="op3", kind="operative", label="3", position=1, text="Elsewhere."
    )
    make_note(note="Here", tags=["data"])
    make_note(elsewhere, note="There", tags=["data"])
    make_note(note="Not tagged")
    page = as_user(author).get("/tags/data/")
    assert "A/RES/79/154, operative paragraph 26" in page.text
    assert "A/RES/78/1, operative paragraph 3" in page.text
    assert "Not tagged" not in page.text


def test_the_tag_page_makes_a_fixed_number_of_queries(
    as_user, author, make_note, django_assert_num_queries
):
    client = as_user(author)
    make_note(tags=["data"])
    with django_assert_num_queries(5):
        client.get("/tags/data/")
    for _ in range(10):
        make_note(tags=["data", "more"])
    with django_assert_num_queries(5):  # session, user, tag, notes, their tags
        client.get("/tags/data/")


def test_a_user_renames_their_tag_on_their_notes_only(as_user, author, teammate, team, make_note):
    mine = make_note(tags=["traffiking"], visibility="team", team=team)
    theirs = make_note(tags=["traffiking"], by=teammate, visibility="team", team=team)
    response = as_user(author).post("/tags/traffiking/rename/", {"name": "Trafficking"})
    assert response.status_code == 302 and response.url == "/tags/trafficking/"
    assert mine.tag_names() == ["Trafficking"]
    assert theirs.tag_names() == ["traffiking"]
    mine.refresh_from_db()
    assert mine.version == 2
    assert mine.revisions.get().tags == ["traffiking"]


def test_renaming_a_tag_one_does_not_use_is_a_404(as_user, outsider, make_note):
    make_note(tags=["data"], visibility="public")
    response = as_user(outsider).post("/tags/data/rename/", {"name": "facts"})
    assert response.status_code == 404
    assert not Tag.objects.filter(name="facts").exists()
    assert Annotation.objects.get().tag_names() == ["data"]


def test_a_tag_keeps_the_case_each_note_was_written_in_and_matches_any_case(as_user, author, op26):
    client = as_user(author)
    for typed in ("ILO", "ilo"):
        client.post(
            "/resolutions/A/RES/79/154/op26/notes/",
            {"note": typed, "tags": typed, "visibility": "private"},
        )
    assert list(Tag.objects.values_list("name", "slug")) == [("ILO", "ilo")]
    assert [a.tag_names() for a in Annotation.objects.order_by("id")] == [["ILO"], ["ilo"]]
    page = client.get("/tags/ilo/")
    assert page.status_code == 200 and "ILO" in page.text
    suggestions = client.get("/tags/?q=il", headers={"HX-Request": "true"})
    assert "ILO" in suggestions.text


def test_a_hyphen_and_a_space_make_the_same_tag(db):
    assert parse_tags("Follow-up, follow up, FOLLOW  UP") == ["Follow-up"]
    (tag,) = Tag.objects.get_or_create_all(["Follow-up", "follow up"])
    assert (tag.name, tag.slug) == ("Follow-up", "follow-up")
