"""British and American spellings of the same English word, so that a search for one finds the
other: "labor" finds "labour", "organisation" finds "organization", and back.

Resolutions follow Oxford spelling (labour, programme, centre, but organization), while readers
type either; the stemmer alone keeps them apart ("labour" and "labor" are different stems). A
word's variants come from a table of word stems that differ, with the endings each may take, and
from one rule for -ise/-ize and -yse/-yze, which has exceptions of its own.
"""

import re

# -our words: "lab" for labour and labor.
OUR_STEMS = (
    "ard",
    "arm",
    "behavi",
    "cand",
    "clam",
    "col",
    "demean",
    "endeav",
    "fav",
    "ferv",
    "flav",
    "harb",
    "hon",
    "hum",
    "lab",
    "neighb",
    "od",
    "parl",
    "rig",
    "rum",
    "sav",
    "splend",
    "succ",
    "tum",
    "val",
    "vap",
    "vig",
)
# British stem → American stem. A word is either stem followed by one of ENDINGS.
STEMS = {
    # -our / -or
    **{f"{stem}our": f"{stem}or" for stem in OUR_STEMS},
    "saviour": "savior",
    # -re / -er
    "centre": "center",
    "fibre": "fiber",
    "litre": "liter",
    "metre": "meter",
    "kilometre": "kilometer",
    "theatre": "theater",
    "calibre": "caliber",
    "lustre": "luster",
    "sombre": "somber",
    "spectre": "specter",
    "manoeuvre": "maneuver",
    # -ce / -se
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "pretence": "pretense",
    # -mme / -m
    "programme": "program",
    "kilogramme": "kilogram",
    # doubled l
    "travell": "travel",
    "labell": "label",
    "modell": "model",
    "counsell": "counsel",
    "cancell": "cancel",
    "signall": "signal",
    "channell": "channel",
    "fuell": "fuel",
    "levell": "level",
    "fulfil": "fulfill",
    "enrol": "enroll",
    "instalment": "installment",
    "skilful": "skillful",
    "wilful": "willful",
    # ae, oe / e
    "paediatric": "pediatric",
    "anaemia": "anemia",
    "anaesthesia": "anesthesia",
    "haemorrhage": "hemorrhage",
    "gynaecology": "gynecology",
    "orthopaedic": "orthopedic",
    "encyclopaedia": "encyclopedia",
    "diarrhoea": "diarrhea",
    "oestrogen": "estrogen",
    "foetus": "fetus",
    "foetal": "fetal",
    "oedema": "edema",
    "leukaemia": "leukemia",
    "archaeology": "archeology",
    # others
    "judgement": "judgment",
    "acknowledgement": "acknowledgment",
    "ageing": "aging",
    "catalogue": "catalog",
    "analogue": "analog",
    "grey": "gray",
    "mould": "mold",
    "plough": "plow",
    "sceptic": "skeptic",
    "aluminium": "aluminum",
    "sulphur": "sulfur",
    "jewellery": "jewelry",
    "cheque": "check",
    "pyjama": "pajama",
    "moustache": "mustache",
    "cosy": "cozy",
}
ENDINGS = (
    "",
    "s",
    "es",
    "ed",
    "d",
    "ing",
    "er",
    "ers",
    "ful",
    "ous",
    "able",
    "ably",
    "al",
    "ite",
    "ites",
    "ist",
    "ists",
    "hood",
    "hoods",
    "ly",
    "ment",
    "ments",
    "y",
)
AMERICAN_STEMS = {american: british for british, american in STEMS.items()}

# -ise / -ize: "organise" and "organize", "organisation" and "organization", and their forms.
ISE = re.compile(r"^([a-z]{3,})(is|iz)(e|es|ed|ing|er|ers|ation|ations|ational|able)$")
YSE = re.compile(r"^(anal|paral|catal|dial|electrol|hydrol)(ys|yz)(e|es|ed|ing|er|ers)$")
# Words in -ise that have no -ize spelling, whatever the ending.
NOT_IZE = {
    "advis",
    "apprais",
    "appris",
    "aris",
    "bruis",
    "chastis",
    "circumcis",
    "compris",
    "compromis",
    "concis",
    "cruis",
    "demis",
    "despis",
    "devis",
    "disguis",
    "enterpris",
    "excis",
    "exercis",
    "expertis",
    "franchis",
    "guis",
    "improvis",
    "incis",
    "merchandis",
    "nois",
    "otherwis",
    "paradis",
    "pois",
    "prais",
    "precis",
    "premis",
    "promis",
    "rais",
    "repris",
    "revis",
    "supervis",
    "surpris",
    "televis",
    "treatis",
}


def variants(word: str) -> list[str]:
    """The word and its other spellings, lower-cased, the word itself first."""
    word = word.lower()
    found = [word]
    for table in (STEMS, AMERICAN_STEMS):
        for stem, other in table.items():
            if word.startswith(stem) and word[len(stem) :] in ENDINGS:
                found.append(other + word[len(stem) :])
    if match := ISE.match(word):
        stem, middle, ending = match.groups()
        # "likewise", "otherwise": -wise is never -wize.
        if stem + "is" not in NOT_IZE and not stem.endswith("w"):
            found.append(stem + ("iz" if middle == "is" else "is") + ending)
    if match := YSE.match(word):
        stem, middle, ending = match.groups()
        found.append(stem + ("yz" if middle == "ys" else "ys") + ending)
    return list(dict.fromkeys(found))


def phrase_variants(phrase: str, limit: int = 8) -> list[str]:
    """A phrase in its own spelling, then all British, then all American, and so on: every
    combination of its words' spellings, at most `limit` of them."""
    words = phrase.split()
    options = [variants(word) for word in words]
    if all(len(option) == 1 for option in options):
        return [phrase]
    combinations = [[]]
    for option in options:
        combinations = [[*done, word] for done in combinations for word in option][:limit]
    found = [phrase] + [" ".join(words) for words in combinations]
    return list(dict.fromkeys(found))[:limit]
