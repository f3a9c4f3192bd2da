"""A resolution with many annexes: each is named by its roman number in the reader and in
citations, whatever the count (a thirteenth annex once stopped the page)."""

import pytest
from django.core.management import call_command

from resolutions.models import Paragraph, Resolution
from resolutions.reader.labels import names
from tests.parsing.test_akn_features import meta, para, statement


def annexes(count: int) -> str:
    docs = "".join(
        f"""<attachment><doc name="annex">{meta()}<mainBody>
          {para(1, f"The {number}th annex commits.")}
        </mainBody></doc></attachment>"""
        for number in range(1, count + 1)
    )
    return f"<attachments>{docs}</attachments>"


@pytest.fixture
def forty(db, tmp_path):
    path = tmp_path / "A_RES_77_194.xml"
    text = statement(para(1, "Adopts the annexes."), attachments=annexes(40))
    path.write_text(text, encoding="utf-8")
    call_command("ingest_resolution", str(path))
    return Resolution.objects.get(symbol="A/RES/77/194")


@pytest.mark.parametrize(("number", "roman"), [(13, "XIII"), (20, "XX"), (40, "XL")])
def test_the_thirteenth_twentieth_and_fortieth_annex_are_read_and_named(
    client, forty, number, roman
):
    assert forty.paragraphs.filter(annex=number, pid=f"annex{number}-op1").exists()
    response = client.get("/resolutions/A/RES/77/194/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="annex{number}-op1"' in html
    assert f">Annex {roman}<" in html
    paragraph = Paragraph.objects.get(resolution=forty, pid=f"annex{number}-op1")
    cited = names(paragraph.pid, paragraph.kind, paragraph.label, forty)
    assert cited.citation == f"General Assembly resolution 77/194, annex {roman}, para. 1"
