"""Staff browse everything the library holds in the admin, language versions and votes too."""

import pytest


@pytest.mark.parametrize(
    "model",
    ["resolution", "paragraph", "paragraphtext", "footnote", "instrument", "subject",
     "memberstate", "vote", "citation"],
)  # fmt: skip
def test_staff_open_every_list_of_the_library(admin_client, bundled, model):
    response = admin_client.get(f"/admin/resolutions/{model}/")
    assert response.status_code == 200


def test_a_resolution_page_lists_its_language_versions(admin_client, bundled):
    response = admin_client.get(f"/admin/resolutions/resolution/{bundled.pk}/change/")
    assert response.status_code == 200
    assert "Resolution texts" in response.text or "Resolution text" in response.text


def test_readers_who_are_not_staff_are_sent_to_sign_in(client, db):
    response = client.get("/admin/resolutions/vote/")
    assert response.status_code == 302 and "/login/" in response["Location"]
