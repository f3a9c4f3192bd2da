"""Spanish: the words that name what a resolution in Spanish cites."""

from . import CitationWords

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip

CITATIONS = CitationWords(
    code="es",
    resolution=r"[Rr]esoluci(?:ón|ones)",
    decision=r"[Dd]ecisi(?:ón|ones)",
    list_joiner=r"(?:\s*,\s*(?:y\s+)?|\s+y\s+)",
    date_tail=r",?\s+de\s+\d{1,2}\s+de\s+(?:" + "|".join(MONTHS) + r")\s+de\s+\d{4}",
    part_letters=(("A", "A"), ("B", "B"), ("C", "C"), ("D", "D"), ("E", "E"), ("F", "F")),
    organ_position="after",
    organs=(
        (
            r"^,?\s+(?:aprobada\s+.{0,40}?por\s+)?(?:del|el)\s+Consejo\s+de\s+Derechos\s+Humanos",
            "A/HRC/RES/",
        ),
        (r"^,?\s+(?:aprobada\s+.{0,40}?por\s+)?(?:del|el)\s+Consejo\s+de\s+Seguridad", "S/RES/"),
        (
            r"^,?\s+(?:aprobada\s+.{0,40}?por\s+)?(?:del|el)\s+Consejo\s+Económico\s+y\s+Social",
            "E/RES/",
        ),
    ),
    other_bodies=r"^,?\s+(?:aprobada\s+.{0,40}?por\s+)?(?:del|de\s+la|de\s+los|el|la)\s+"
    r"(?:Asamblea\s+Mundial|Consejo|Comisión|Conferencia|Comité|Organización|Unión|Reunión)",
    treaty_series=("Treaty Series", "Recueil des Traités", "Recueil des Traites"),
    league_series=("Sociedad de las Naciones", "Société des Nations", "League of Nations"),
    volumes_joiner=r"(?:\s*(?:,\s*(?:y\s+)?|y\s+))",
    number_word=r"núms?\.",
    ibid=r"[Ii]bid\b",
    sales=r"núms?\.\s+de\s+venta:?",
    sales_letter="S",
)
