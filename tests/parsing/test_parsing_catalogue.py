"""The instrument catalogue the citations resolve against."""

import re
from datetime import date

from resolutions.parsing import load_catalogue


def test_entries_are_complete_and_unique():
    catalogue = load_catalogue()
    slugs = [e.slug for e in catalogue.entries]
    assert len(slugs) == len(set(slugs))
    refs = [(e.unts_volume, e.unts_number) for e in catalogue.entries if e.unts_volume]
    assert len(refs) == len(set(refs))
    for entry in catalogue.entries:
        assert re.fullmatch(r"[a-z0-9-]+", entry.slug)
        assert entry.kind == "treaty"
        assert entry.title and entry.short_name
        assert entry.url.startswith("https://")
        assert isinstance(entry.adopted, date)


def test_core_human_rights_and_ilo_instruments_are_known():
    catalogue = load_catalogue()
    expected = {
        (999, 14668): "International Covenant on Civil and Political Rights",
        (993, 14531): "International Covenant on Economic, Social and Cultural Rights",
        (660, 9464): "International Convention on the Elimination of All Forms of Racial"
        " Discrimination",
        (1465, 24841): "Convention against Torture and Other Cruel, Inhuman or Degrading"
        " Treatment or Punishment",
        (2716, 48088): "International Convention for the Protection of All Persons from"
        " Enforced Disappearance",
        (39, 612): "Forced Labour Convention, 1930 (No. 29)",
        (2955, 51379): "Domestic Workers Convention, 2011 (No. 189)",
    }
    for (volume, number), title in expected.items():
        assert catalogue.by_treaty(volume, number).title == title
    assert catalogue.by_treaty(1, 1) is None
    assert catalogue.by_slug("ilo-p029").unts_volume is None


def test_the_samples_treaties_are_known(sample):
    catalogue = load_catalogue()
    for name in ("A_RES_72_309.pdftotext.txt", "A_RES_79_62.pdftotext.txt"):
        for footnote in sample(name).footnotes:
            for ref in footnote.treaties:
                assert catalogue.by_treaty(ref.volume, ref.number) is not None, ref
