"""What changed in a paragraph, as a negotiator reads it: phrases rather than alternating words,
and one line per paragraph telling a routine update from a change of substance, in English and
in French."""

import pytest

from resolutions.across import diff
from resolutions.across.series import link_versions


def summary(old, new, language):
    from resolutions.across import changes

    return changes.summarise(diff.changes_between(old, new, language))


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
        diff.word_diff(
            "Calls upon States to fund research on the causes;",
            "Calls upon States to combat trafficking on the causes;",
        )
    )
    assert html == (
        "Calls upon States to <del>fund research</del><ins>combat trafficking</ins> on the causes;"
    )
    html = str(
        diff.word_diff(
            "Urges States to fund and to research the causes;",
            "Urges States to combat and to end the causes;",
        )
    )
    # Short common words between two changes do not cut the phrase in two.
    assert html == (
        "Urges States to <del>fund and to research</del><ins>combat and to end</ins> the causes;"
    )


# --- On the comparison page ---------------------------------------------------------------------

TITLE = "Trafficking in women and girls"


@pytest.fixture
def series(db):
    from tests.library_rows import make

    make(
        "A/RES/75/158",
        TITLE,
        [
            ("pp1", "Recalling its resolution 73/146 of 17 December 2018,"),
            ("pp2", "Reaffirming the Universal Declaration of Human Rights,"),
            ("op1", "Invites Member States to ratify the Protocol;"),
            ("op2", "Decides to consider the question at its seventy-seventh session."),
        ],
    )
    make(
        "A/RES/77/194",
        TITLE,
        [
            ("pp1", "Recalling its resolution 75/158 of 16 December 2020,"),
            ("pp2", "Reaffirming the Universal Declaration of Human Rights,"),
            ("op1", "Invites Member States to ratify and implement the Protocol;"),
            ("op2", "Decides to consider the question at its seventy-ninth session."),
        ],
        recalls=["A/RES/75/158"],
    )
    make(
        "A/RES/79/154",
        TITLE,
        [
            ("pp1", "Recalling its resolution 77/194 of 15 December 2022,"),
            ("pp2", "Reaffirming the Universal Declaration of Human Rights,"),
            ("op1", "Encourages Member States to ratify and implement the Protocol;"),
            ("op2", "Decides to consider the question at its eighty-first session."),
        ],
        recalls=["A/RES/77/194"],
    )
    link_versions()


COMPARE = "/resolutions/A/RES/79/154/compare/A/RES/77/194/"


def test_changed_paragraphs_come_first_with_their_summaries_and_the_unchanged_fold(client, series):
    html = client.get(COMPARE).content.decode()
    op1 = html.index("op1: Invites → Encourages")
    pp1 = html.index("pp1: years, dates and document symbols updated")
    op2 = html.index("op2: session numbers updated")
    folded = html.index("1 unchanged paragraph — show")
    assert pp1 < op1 < op2 < folded < html.index("Reaffirming the Universal Declaration")
    assert html.index("<details", folded - 200) < folded  # folded in a disclosure, no script
    assert html.count("Substantive</span>") == 1 and html.count("Routine</span>") == 2


def test_the_substantive_filter_leaves_out_routine_updates(client, series):
    html = client.get(COMPARE, {"show": "substantive"}).content.decode()
    assert "op1: Invites → Encourages" in html
    assert "session numbers updated" not in html and "Reaffirming" not in html
    assert "1 paragraph changed in substance; 2 routine updates left out." in html
    fragment = client.get(COMPARE, {"show": "substantive"}, headers={"HX-Request": "true"})
    assert "<h1>" not in fragment.content.decode()
    assert "Invites → Encourages" in fragment.content.decode()


def test_a_paragraph_s_wording_is_shown_in_every_version_of_the_series(client, series):
    html = client.get(COMPARE).content.decode()
    history = html[html.index('aria-label="Wording of operative paragraph 1 in each version"') :]
    history = history[: history.index("</ol>")]
    assert [s for s in ("A/RES/79/154", "A/RES/77/194", "A/RES/75/158") if s in history] == [
        "A/RES/79/154",
        "A/RES/77/194",
        "A/RES/75/158",
    ]
    assert history.index("A/RES/79/154") < history.index("A/RES/77/194")
    assert "<del>Invites</del><ins>Encourages</ins>" in history
    assert "ratify <ins>and implement</ins> the Protocol" in history
    assert "earliest version in the library" in history


def test_the_comparison_with_the_whole_series_makes_a_fixed_number_of_queries(client, series):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from resolutions.models import Resolution
    from tests.library_rows import make

    def add_earlier_version(symbol, before):
        make(symbol, TITLE, [("op1", "Invites States to ratify the Protocol;")])
        Resolution.objects.filter(symbol=before).update(
            previous_version=Resolution.objects.get(symbol=symbol)
        )

    def queries_and_page():
        with CaptureQueriesContext(connection) as captured:
            html = client.get(COMPARE).content.decode()
        return len(captured.captured_queries), html

    # The two resolutions and their paragraphs, the versions before and after, the other
    # versions' paragraphs (one query for all), the earlier versions' notes, the session, and
    # the page cache's tokens for the versions the page reads: the same count however many
    # versions the series has.
    counts = []
    for symbol, before in [
        ("A/RES/73/146", "A/RES/75/158"),
        ("A/RES/71/167", "A/RES/73/146"),
        ("A/RES/69/149", "A/RES/71/167"),
    ]:
        add_earlier_version(symbol, before)
        count, html = queries_and_page()
        assert f"{symbol}, operative paragraph 1" in html
        counts.append(count)
    # The first page also fills what later pages read from the cache (one query fewer then).
    assert counts[1] == counts[2] <= 16, counts


def test_a_symbol_replaced_reads_as_one_symbol_struck_and_one_inserted():
    html = str(
        diff.word_diff("Recalling its resolution 75/158,", "Recalling its resolution 77/194,")
    )
    assert html == "Recalling its resolution <del>75/158</del><ins>77/194</ins>,"


def test_one_summary_reads_in_each_readers_interface_language():
    from django.utils import translation

    # Computed once (comparisons are cached for every reader), read in two languages.
    found = summary(
        "Decides to consider the question at its seventy-seventh session in 2022.",
        "Decides to consider the question at its seventy-ninth session in 2024.",
        "en",
    )
    with translation.override("fr"):
        assert str(found.text) == "numéros de session et années mis à jour"
    with translation.override("en"):
        assert str(found.text) == "session numbers and years updated"
    changed = summary("Invites Member States to act.", "Encourages Member States to act.", "en")
    with translation.override("es"):
        assert str(changed.text) == "Invites → Encourages"


# --- In every language: real sentences of session 77 and the ordinal their next version takes --

# Each pair is a paragraph of the shared session 77 text (77/10 para. 48, "include in the
# provisional agenda of its seventy-ninth session", and 77/194's requests and encouragements)
# and the same paragraph as the next version words it: the session after, or another verb.
ROUTINE = [
    (
        "es",
        "Decide incluir en el programa provisional de su septuagésimo noveno período de sesiones "
        "el tema titulado “La situación en el Afganistán”.",
        "Decide incluir en el programa provisional de su octogésimo primer período de sesiones "
        "el tema titulado “La situación en el Afganistán”.",
    ),
    (
        "es",
        "Solicita al Secretario General que en su septuagésimo séptimo período de sesiones le "
        "presente un informe",
        "Solicita al Secretario General que en su septuagésimo noveno período de sesiones le "
        "presente un informe",
    ),
    (
        # A tens ordinal alone, then with its unit.
        "es",
        "Decide examinar la cuestión en su septuagésimo período de sesiones.",
        "Decide examinar la cuestión en su septuagésimo primer período de sesiones.",
    ),
    (
        "ru",
        "постановляет включить в предварительную повестку дня своей семьдесят девятой сессии "
        "пункт, озаглавленный «Положение в Афганистане».",
        "постановляет включить в предварительную повестку дня своей восемьдесят первой сессии "
        "пункт, озаглавленный «Положение в Афганистане».",
    ),
    (
        # Prepositional plural, and a two-word ordinal replaced by a one-word one.
        "ru",
        "рекомендует Комиссии по положению женщин рассмотреть вопрос о потребностях женщин и "
        "девочек на ее шестьдесят седьмой и шестьдесят восьмой сессиях",
        "рекомендует Комиссии по положению женщин рассмотреть вопрос о потребностях женщин и "
        "девочек на ее шестьдесят девятой и семидесятой сессиях",
    ),
    (
        # The session in a document's heading is nominative.
        "ru",
        "Семьдесят седьмая сессия",
        "Семьдесят девятая сессия",
    ),
    (
        "ar",
        "تقرر أن تدرج في جدول الأعمال المؤقت لدورتها التاسعة والسبعين البند المعنون "
        "”الحالة في أفغانستان“.",
        "تقرر أن تدرج في جدول الأعمال المؤقت لدورتها الحادية والثمانين البند المعنون "
        "”الحالة في أفغانستان“.",
    ),
    (
        # Two sessions joined by و, the second ordinal carrying it.
        "ar",
        "وإذ تشير إلى تقرير الأمين العام المقدم إلى الجمعية العامة في دورتيها الثامنة والسبعين "
        "والتاسعة والسبعين،",
        "وإذ تشير إلى تقرير الأمين العام المقدم إلى الجمعية العامة في دورتيها الثمانين "
        "والحادية والثمانين،",
    ),
    (
        "ar",
        "الدورة السابعة والسبعون",
        "الدورة التاسعة والسبعون",
    ),
    (
        "zh",
        "决定将题为“阿富汗局势”的项目列入大会第七十九届会议临时议程。",
        "决定将题为“阿富汗局势”的项目列入大会第八十一届会议临时议程。",
    ),
    (
        "zh",
        "鼓励妇女地位委员会第六十七届和第六十八届会议在优先主题的框架内考虑应对"
        "受贩运人口行为侵害的妇女和女童的需求；",
        "鼓励妇女地位委员会第六十九届和第七十届会议在优先主题的框架内考虑应对"
        "受贩运人口行为侵害的妇女和女童的需求；",
    ),
    (
        # French texts write the ordinal with a non-breaking hyphen in one version.
        "fr",
        "qu’elle a adoptée à la réunion de haut niveau de sa soixante\u2011seizième session,",
        "qu’elle a adoptée à la réunion de haut niveau de sa soixante-dix-huitième session,",
    ),
]


@pytest.mark.parametrize(("language", "old", "new"), ROUTINE)
def test_a_new_session_ordinal_is_routine_in_every_language(language, old, new):
    found = summary(old, new, language)
    assert found.routine, diff.changes_between(old, new, language)
    assert found.text == "session numbers updated"


SUBSTANCE = [
    (
        "es",
        "Solicita al Secretario General que en su septuagésimo noveno período de sesiones le "
        "presente un informe",
        "Alienta al Secretario General a que en su septuagésimo noveno período de sesiones le "
        "presente un informe",
        "Solicita → Alienta",
    ),
    (
        "ru",
        "просит Генерального секретаря представить Генеральной Ассамблее на ее семьдесят девятой "
        "сессии доклад",
        "рекомендует Генеральному секретарю представить Генеральной Ассамблее на ее семьдесят "
        "девятой сессии доклад",
        # The verb governs another case: its object changes with it.
        "просит Генерального секретаря → рекомендует Генеральному секретарю",
    ),
    (
        "ar",
        "تطلب إلى الأمين العام أن يقدم إلى الجمعية العامة في دورتها التاسعة والسبعين تقريرا",
        "تشجع الأمين العام على أن يقدم إلى الجمعية العامة في دورتها التاسعة والسبعين تقريرا",
        "تطلب إلى → تشجع",
    ),
    (
        "zh",
        "请秘书长向大会第七十九届会议提出报告",
        "鼓励秘书长向大会第七十九届会议提出报告",
        "请 → 鼓励",
    ),
]


@pytest.mark.parametrize(("language", "old", "new", "line"), SUBSTANCE)
def test_a_new_verb_is_substance_in_every_language(language, old, new, line):
    found = summary(old, new, language)
    assert not found.routine
    assert str(found.text).startswith(line), found.text


@pytest.mark.parametrize(
    ("language", "old", "new", "line"),
    [
        # A new verb beside a new session: the verb is quoted, the session counted as routine.
        (
            "ru",
            "просит Генерального секретаря представить на ее семьдесят седьмой сессии доклад",
            "поручает Генеральному секретарю представить на ее семьдесят девятой сессии доклад",
            "просит Генерального секретаря → поручает Генеральному секретарю; 1 routine update",
        ),
        (
            "zh",
            "请秘书长向大会第七十七届会议提出报告",
            "鼓励秘书长向大会第七十九届会议提出报告",
            "请 → 鼓励; 1 routine update",
        ),
    ],
)
def test_a_new_session_beside_a_new_verb_is_counted_apart(language, old, new, line):
    found = summary(old, new, language)
    assert not found.routine and str(found.text) == line


@pytest.mark.parametrize(
    ("language", "old", "new", "line"),
    [
        (
            "es",
            "Recordando su resolución 75/158, de 16 de diciembre de 2020,",
            "Recordando su resolución 77/194, de 15 de diciembre de 2022,",
            "years, dates and document symbols updated",
        ),
        (
            "ru",
            "ссылаясь на свою резолюцию 75/158 от 16 декабря 2020 года,",
            "ссылаясь на свою резолюцию 77/194 от 15 декабря 2022 года,",
            "years, dates and document symbols updated",
        ),
        (
            "ar",
            "وإذ تشير إلى قرارها 75/158 المؤرخ 16 كانون الأول/ديسمبر 2020،",
            "وإذ تشير إلى قرارها 77/194 المؤرخ 15 كانون الأول/ديسمبر 2022،",
            "years, dates and document symbols updated",
        ),
        (
            "zh",
            "回顾其2020年12月16日第75/158号决议，",
            "回顾其2022年12月15日第77/194号决议，",
            "years, dates and document symbols updated",
        ),
    ],
)
def test_dates_years_and_symbols_are_routine_in_every_language(language, old, new, line):
    found = summary(old, new, language)
    assert found.routine and str(found.text) == line


def test_a_chinese_ordinal_reads_as_one_number_replaced():
    html = str(diff.word_diff("大会第七十九届会议", "大会第八十届会议", "zh"))
    assert html == "大会第<del>七十九</del><ins>八十</ins>届会议"


@pytest.mark.parametrize(
    ("language", "old", "new"),
    [
        # A number that counts no session, year, day or symbol is a word like any other: a
        # count of reports, a Chinese number outside 第…届, a sum.
        ("ru", "просит представить два доклада", "просит представить три доклада"),
        ("zh", "请秘书长提交三份报告", "请秘书长提交五份报告"),
        ("es", "Decide asignar 5 millones", "Decide asignar 7 millones"),
        ("ar", "تقرر أن تعقد ثلاثة اجتماعات", "تقرر أن تعقد أربعة اجتماعات"),
    ],
)
def test_a_number_that_is_no_session_is_substance_in_every_language(language, old, new):
    assert not summary(old, new, language).routine
