"""Every word the drafts templates show is marked for translation, as the project's own templates
are (the project-wide check reads `templates/` alone)."""

from pathlib import Path

from tests.test_i18n_marked import unmarked

DRAFTS_TEMPLATES = Path(__file__).resolve().parents[2] / "drafts" / "templates"


def test_every_word_a_drafts_template_shows_is_marked_for_translation():
    templates = sorted(DRAFTS_TEMPLATES.rglob("*.html"))
    assert templates
    found = {str(p.relative_to(DRAFTS_TEMPLATES)): unmarked(p.read_text()) for p in templates}
    assert {name: words for name, words in found.items() if words} == {}
