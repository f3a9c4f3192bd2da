"""Arabic: the words that name what a resolution in Arabic cites, and its letters' order."""

from resolutions.parsing.languages.tables import CitationWords

# The order Arabic texts letter their sub-paragraphs in (abjad): (أ) first, then (ب), (ج) ...
LETTERS = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
# Forms the same letter is written in as a label: alef with or without its hamza, and the
# teh marbuta that looks like heh.
LETTER_VARIANTS = {"ا": "أ", "إ": "أ", "آ": "أ", "ة": "ه"}

# A word may carry a prefix ("و", "ب", "ل", "ف": "and", "by", "to", "so") and the article.
_PREFIX = r"(?<![\u0621-\u064a])(?:[وفبل]{1,2})?"

CITATIONS = CitationWords(
    code="ar",
    # القرار، قرار، قرارها، قراراتها، القرارات، قراري (two resolutions)
    resolution=_PREFIX + r"(?:ال)?قرار(?:ات|ين|ي|ا)?(?:ها)?",
    decision=_PREFIX + r"(?:ال)?مقرر(?:ات|ين|ي|ا)?(?:ها)?",
    list_joiner=r"(?:\s*[,،]\s*(?:و\s*)?|\s+و\s*)",
    # "المؤرخ 24 تشرين الثاني/نوفمبر 1992": a month has two names, joined by a slash.
    date_tail=r"\s+المؤرخ(?:ة|ين|تين|ان|تان)?\s+\d{1,2}\s+[^\d،,;]{2,30}?\s+\d{4}",
    part_letters=(("ألف", "A"), ("باء", "B"), ("جيم", "C"), ("دال", "D"), ("هاء", "E")),
    # "(د-21)": the twenty-first session; "(دإ-10)": the tenth emergency special session.
    old_session=r"\((?:د\s*إ|د)\s*-\s*\d{1,2}\)",
    session_number=r"د(?:\s*(?P<emergency>إ))?\s*-\s*(?P<number>\d+)",
    organ_position="between",
    organs=(
        (r"مجلس\s+حقوق\s+الإنسان", "A/HRC/RES/"),
        (r"مجلس\s+الأمن", "S/RES/"),
        (r"المجلس\s+الاقتصادي\s+والاجتماعي", "E/RES/"),
        (r"الجمعية\s+العامة", "A/RES/"),
    ),
    treaty_series=("Treaty Series", "مجموعة المعاهدات"),
    league_series=("عصبة الأمم", "League of Nations"),
    volume_before=r"(?:\bvols?\.|المجلد(?:ات|ان)?)",
    volumes_joiner=r"(?:\s*(?:[,،]\s*(?:(?:and|و)\s*)?|(?:and\s+|و\s*)))",
    pages=r"(?:p{1,2}\.|الصفحات?)\s*[\d\s,،\-\u2013]+",
    number_word=r"(?:No\.|الرقم)",
    # The note's own call "()" may open its text.
    ibid=r"(?:\(\)\s*)?(?:Ibid\b|المرجع\s+نفسه)",
    sales=r"رقم\s+المبيع",
    sales_letter="A",
)
