"""Russian: the words that name what a resolution in Russian cites, and the Cyrillic letters
that stand for Latin ones."""

from resolutions.parsing.languages.tables import CitationWords

# Cyrillic letters that Russian texts sometimes use for the Latin sub-paragraph letters.
LOOKALIKES = dict(zip("асеорхуіАСЕОРХУІ", "aceopxyiACEOPXYI", strict=True))

# Months as a date writes them, in the genitive ("24 ноября 1992 года").
MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
)  # fmt: skip

CITATIONS = CitationWords(
    code="ru",
    # Every case of the word: резолюция, резолюции, резолюцию, резолюцией, резолюциях, ...
    resolution=r"[Рр]езолюци(?:я|и|ю|ей|ях|ям|ями)",
    decision=r"[Рр]ешени(?:е|я|ю|ем|и|й|ях|ям|ями)",
    list_joiner=r"(?:\s*,\s*(?:и\s+)?|\s+и\s+)",
    date_tail=r"\s+от\s+\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\s+\d{4}\s+года",
    # The part letter is Cyrillic in some texts and Latin in others.
    part_letters=(
        ("A", "A"),
        ("А", "A"),
        ("B", "B"),
        ("В", "B"),
        ("C", "C"),
        ("С", "C"),
        ("D", "D"),
        ("E", "E"),
        ("Е", "E"),
        ("F", "F"),
    ),
    organ_position="after",
    organs=(
        (r"^,?\s+Совета\s+по\s+правам\s+человека", "A/HRC/RES/"),
        (r"^,?\s+Совета\s+Безопасности", "S/RES/"),
        (r"^,?\s+Экономического\s+и\s+Социального\s+Совета", "E/RES/"),
    ),
    other_bodies=r"^,?\s+(?:Всемирной\s+ассамблеи|Совета|Комиссии|Конференции|Комитета|"
    r"Организации|Союза|Совещания)",
    treaty_series=("Treaty Series", "Серия договоров"),
    league_series=("Лиги Наций", "League of Nations"),
    volume_before=r"(?:\bvols?\.|(?<!\w)тт?\.)",
    volumes_joiner=r"(?:\s*(?:,\s*(?:(?:and|и)\s+)?|(?:and|и)\s+))",
    pages=r"(?:p{1,2}|сс?)\.\s*[\d\s,\-\u2013]+",
    number_word=r"(?:No\.|№)",
    ibid=r"(?:Ibid\b|Там\s+же)",
    sales=r"в\s+продаже\s+под\s+№",
    sales_letter="R",
)
