"""Chinese: the words that name what a resolution in Chinese cites, and its numerals."""

from resolutions.parsing.languages.tables import CitationWords

# The digits one to nine and ten: "十一" is eleven, "二十" twenty; items are numbered (一), (二)
# where others write (i), (ii), and annexes 附件一, 附件二.
DIGITS = "一二三四五六七八九"
TEN = "十"
# ㈠ ㈡ … ㈩: the parenthesised ideographs one to ten, one character each, also number items.
CIRCLED = "".join(chr(code) for code in range(0x3220, 0x322A))
# The earthly branches letter sub-paragraphs where others write (a), (b).
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"

CITATIONS = CitationWords(
    code="zh",
    # "第64/293号决议", "第47/19、48/16和72/4号决议": the number stands inside the words.
    resolution="",
    decision="",
    number_before="第",
    resolution_after=r"\s*号决议",
    decision_after=r"\s*号决定",
    list_joiner=r"(?:\s*[、，,]\s*|\s*(?:和|及|以及)\s*)",
    part_letters=(("A", "A"), ("B", "B"), ("C", "C"), ("D", "D"), ("E", "E"), ("F", "F")),
    organs=(
        (r"人权理事会\s*$", "A/HRC/RES/"),
        (r"安全理事会\s*$", "S/RES/"),
        (r"经济及社会理事会\s*$", "E/RES/"),
        (r"大会\s*$", "A/RES/"),
    ),
    other_bodies=r"(?:卫生大会|理事会|委员会|会议|缔约方|组织|联盟)\s*$",
    treaty_series=("条约汇编", "Treaty Series"),
    # "第2237卷，第39574号"; "第2171、2173和2983卷"
    league_series=("国际联盟", "League of Nations"),
    volume_before="第",
    volume_after="卷",
    volumes_joiner=r"(?:\s*[、，,]\s*|\s*(?:和|及)\s*)",
    pages=r"第[\d\-\u2013至]+页",
    number_word="第",
    number_after="号",
    ibid=r"(?:同上|Ibid\b)",
    sales=r"出售品编号\s*[：:]?",
    sales_letter="C",
)
