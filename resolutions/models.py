"""Resolutions as the reader shows them: documents, paragraphs, footnotes and what they cite."""

import datetime
import re
from functools import cached_property

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from resolutions.parsing.languages import direction

UNDOCS_URL = "https://undocs.org/{symbol}"


class Language(models.TextChoices):
    """The six official languages of the United Nations, in the UN's own order."""

    ARABIC = "ar", "العربية"
    CHINESE = "zh", "中文"
    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    RUSSIAN = "ru", "Русский"
    SPANISH = "es", "Español"


class ResolutionQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by(models.F("adopted").desc(nulls_last=True), "-session", "-number_int")

    def with_counts(self):
        current = Q(paragraphs__in_text=True)
        return self.annotate(
            preambular_count=Count(
                "paragraphs", filter=current & Q(paragraphs__kind=Paragraph.Kind.PREAMBULAR)
            ),
            operative_count=Count(
                "paragraphs", filter=current & Q(paragraphs__kind=Paragraph.Kind.OPERATIVE)
            ),
        )


class Resolution(models.Model):
    """One resolution as adopted, identified by its UN symbol (A/RES/79/154)."""

    symbol = models.CharField(max_length=64, unique=True)
    session = models.PositiveIntegerField(db_index=True)
    number = models.CharField(max_length=16, help_text="The number within the session, e.g. 154")
    number_int = models.PositiveIntegerField(default=0, help_text="For ordering")
    title = models.CharField(max_length=500)
    adopted = models.DateField(null=True, blank=True)
    distributed = models.DateField(null=True, blank=True)
    agenda_items = models.JSONField(
        default=list, blank=True, help_text='[["27", "Advancement of women"], …]'
    )
    committee = models.CharField(max_length=100, blank=True)
    report_symbol = models.CharField(max_length=64, blank=True)
    report_paragraph = models.CharField(max_length=32, blank=True)
    meeting = models.CharField(max_length=100, blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    source_form = models.CharField(max_length=32, blank=True)
    source_checksum = models.CharField(max_length=64, blank=True)
    # The language whose text `Paragraph.text` holds and citations are read from: English when
    # it is loaded, else the first language loaded.
    primary_language = models.CharField(
        max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    vote_outcome = models.CharField(
        max_length=16,
        blank=True,
        choices=[("recorded", "Recorded vote"), ("without vote", "Without a vote")],
        help_text="Empty when the source does not say",
    )
    votes_in_favour = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    votes_abstaining = models.PositiveIntegerField(null=True, blank=True)
    subjects = models.ManyToManyField("Subject", blank=True, related_name="resolutions")
    # The version of this resolution the Assembly adopted before it (79/154 follows 77/194).
    previous_version = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
    )
    previous_version_found_by = models.CharField(
        max_length=16,
        blank=True,
        # In the database too: code that predates versions (a data migration) inserts without it.
        db_default="",
        choices=[
            ("title+recalls", "Same title, and this resolution cites the other"),
            ("title+schedules", "Same title, and the other names this one's session"),
            ("title+text", "Same title, and much of the other's wording"),
            ("staff", "Set by staff"),
        ],
        help_text="A link set by staff is kept when versions are detected again",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["-session", "-number_int"]

    def __str__(self):
        return f"{self.symbol} — {self.title}"

    def get_absolute_url(self):
        return reverse("resolutions:reader", kwargs={"symbol": self.symbol})

    @property
    def undocs_url(self):
        return UNDOCS_URL.format(symbol=self.symbol)


class ResolutionText(models.Model):
    """One language version of a resolution: its title, parts and annexes in that language, and
    the source file it was loaded from."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=8, choices=Language.choices)
    title = models.CharField(max_length=500)
    parts = models.JSONField(default=list, blank=True, help_text='[{"label": "A", "title": …}]')
    annexes = models.JSONField(
        default=list, blank=True, help_text='[{"number": 1, "heading": "Annex", "title": …}]'
    )
    source_name = models.CharField(max_length=255, blank=True)
    source_form = models.CharField(max_length=32, blank=True)
    source_checksum = models.CharField(max_length=64, blank=True)
    # What the parse's checks found wrong with the source (a numbering gap in the UN's own
    # markup) when it was loaded leniently; shown to readers with the text.
    problems = models.JSONField(default=list, blank=True)
    # The cover page, opening words and meeting line in this text's own words (parsing.akn).
    front = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["resolution", "language"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "language"], name="one_text_per_language")
        ]

    def __str__(self):
        return f"{self.resolution.symbol} ({self.language})"

    @property
    def direction(self):
        return direction(self.language)


class ParagraphQuerySet(models.QuerySet):
    def in_text(self):
        return self.filter(in_text=True)


class Paragraph(models.Model):
    """A preambular or operative paragraph, a lettered sub-paragraph or item of one, or a
    section heading (linkable, not annotatable). One row for every language version: the texts
    in each language are `ParagraphText` rows, and `text` repeats the primary language's."""

    class Kind(models.TextChoices):
        PREAMBULAR = "preambular", gettext_lazy("Preambular paragraph")
        OPERATIVE = "operative", gettext_lazy("Operative paragraph")
        SUBPARAGRAPH = "subparagraph", gettext_lazy("Sub-paragraph")
        ITEM = "item", gettext_lazy("Item")
        HEADING = "heading", gettext_lazy("Section heading")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="paragraphs")
    pid = models.CharField("paragraph id", max_length=32)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    label = models.CharField(max_length=16, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(help_text="Order in the document")
    text = models.TextField(help_text="Plain text, whole")
    emphasis = models.JSONField(
        default=list, blank=True, help_text='Italic [[start, end]], bold [[start, end, "bold"]]'
    )
    links = models.JSONField(default=list, blank=True, help_text="[[start, end, href]]")
    table = models.JSONField(null=True, blank=True, help_text="Rows of cell texts")
    # "a", "b"… in a multi-part resolution; empty in a single one.
    part = models.CharField(max_length=8, blank=True)
    # 1, 2… in an annex; null in the resolution itself.
    annex = models.PositiveSmallIntegerField(null=True, blank=True)
    # Bumped each time a re-ingest changes the text, so annotations can tell they were made on
    # an earlier wording.
    revision = models.PositiveIntegerField(default=1)
    # False when a corrected text no longer has this paragraph. Kept, never deleted, so that
    # nothing attached to it is lost.
    in_text = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "position"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "pid"], name="unique_pid_per_resolution")
        ]
        indexes = [models.Index(fields=["resolution", "position"])]

    def __str__(self):
        return f"{self.resolution.symbol} {self.pid}"

    def get_absolute_url(self):
        return reverse(
            "resolutions:paragraph", kwargs={"symbol": self.resolution.symbol, "pid": self.pid}
        )

    @property
    def display_name(self):
        """How people refer to it: "operative paragraph 26", "operative paragraph 5 (a)",
        "preambular paragraph 3" (resolutions.reader.labels names every paragraph)."""
        from resolutions.reader.labels import names

        return names(self.pid, self.kind, self.label).name


class ParagraphAlias(models.Model):
    """An id a paragraph had before a better reading of its text renamed it (`op-u1`, now
    `op6a`): its permalink answers with a permanent redirect to the paragraph."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="aliases")
    pid = models.CharField("former paragraph id", max_length=32)
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "pid"], name="unique_alias_per_resolution"
            )
        ]

    def __str__(self):
        return f"{self.resolution_id} {self.pid} -> {self.paragraph_id}"


class ParagraphText(models.Model):
    """A paragraph's wording in one language, with its markup as spans over the plain text."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=8, choices=Language.choices)
    text = models.TextField()
    emphasis = models.JSONField(default=list, blank=True)
    links = models.JSONField(default=list, blank=True)
    table = models.JSONField(null=True, blank=True)
    # The cells of a table the paragraph introduces, for search only: the reader shows the
    # paragraph's own words (`text`) and the table under them (`table`), and search finds the
    # paragraph by the words of either (PostgreSQL's vector is made of both, migration 0018).
    table_words = models.TextField(blank=True, default="", db_default="")
    # Footnote markers in this language's text: [[offset, footnote number]].
    markers = models.JSONField(default=list, blank=True)
    # The instruments this language's text names, where it names them: [[start, end, instrument
    # id]], read with the language's own citation words ("résolution 64/293", "第64/293号决议").
    citations = models.JSONField(default=list, blank=True)
    # Where the paragraph stands, copied from it and its resolution, so that search chooses the
    # most recent matches of a common query from the text rows alone, through one language's
    # index (resolutions/search/query.py, NEWEST_TEXTS). Ingest writes them on both databases
    # (`writer.search_place`); on PostgreSQL triggers (migration 0012) keep them exact whatever
    # else writes a text, a paragraph or a resolution. Empty on a row written on SQLite by
    # something other than ingest: SQLite's search reads the paragraph and resolution instead.
    in_text = models.BooleanField(null=True, editable=False)
    session = models.IntegerField(null=True, editable=False)
    number_int = models.IntegerField(null=True, editable=False)
    resolution = models.ForeignKey(
        Resolution,
        models.DO_NOTHING,
        null=True,
        editable=False,
        related_name="+",
        # A copy, not a link: the paragraph's own link deletes the row with its resolution.
        db_constraint=False,
        db_index=False,
    )
    position = models.IntegerField(null=True, editable=False)

    class Meta:
        ordering = ["paragraph", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "language"], name="one_paragraph_text_per_language"
            )
        ]
        indexes = [models.Index(fields=["language", "paragraph"])]

    def __str__(self):
        return f"{self.paragraph} ({self.language})"


class Footnote(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="footnotes")
    number = models.PositiveIntegerField()
    text = models.TextField()
    emphasis = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["resolution", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "number"], name="unique_footnote_per_resolution"
            )
        ]

    def __str__(self):
        return f"{self.resolution.symbol} footnote {self.number}"

    def get_absolute_url(self):
        return reverse(
            "resolutions:paragraph", kwargs={"symbol": self.resolution.symbol, "pid": self.pid}
        )

    @property
    def pid(self):
        return f"fn{self.number}"


class FootnoteText(models.Model):
    """A footnote's text in one language."""

    footnote = models.ForeignKey(Footnote, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=8, choices=Language.choices)
    text = models.TextField()
    emphasis = models.JSONField(default=list, blank=True)
    links = models.JSONField(default=list, blank=True)
    # As on ParagraphText: [[start, end, instrument id]] in this language's text.
    citations = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["footnote", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["footnote", "language"], name="one_footnote_text_per_language"
            )
        ]

    def __str__(self):
        return f"{self.footnote} ({self.language})"


class FootnoteMarker(models.Model):
    """Where in a paragraph's text a footnote marker stands."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="footnote_markers"
    )
    footnote = models.ForeignKey(Footnote, on_delete=models.CASCADE, related_name="markers")
    offset = models.PositiveIntegerField(help_text="Position in the paragraph's plain text")
    cited_words = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["paragraph", "offset"]

    def __str__(self):
        return f"{self.paragraph} → {self.footnote.number}"


class InstrumentQuerySet(models.QuerySet):
    def with_citation_counts(self):
        return self.annotate(
            citation_count=Count(
                "citations__paragraph",
                filter=Q(citations__paragraph__in_text=True),
                distinct=True,
            )
        )


class Instrument(models.Model):
    """Something resolutions cite: a treaty, a resolution, a report or other document,
    a publication or a conference outcome."""

    class Kind(models.TextChoices):
        TREATY = "treaty", gettext_lazy("Treaty")
        RESOLUTION = "resolution", gettext_lazy("Resolution")
        DOCUMENT = "document", gettext_lazy("Report or document")
        PUBLICATION = "publication", gettext_lazy("Publication or conference outcome")

    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=500)
    short_name = models.CharField(max_length=200, blank=True)
    symbol = models.CharField(max_length=64, blank=True, db_index=True)
    unts_volume = models.PositiveIntegerField(null=True, blank=True)
    unts_number = models.PositiveIntegerField(null=True, blank=True)
    sales_number = models.CharField(max_length=64, blank=True)
    adopted = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    in_catalogue = models.BooleanField(
        default=False, help_text="Described by the shipped instrument catalogue"
    )

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["unts_volume", "unts_number"],
                condition=Q(unts_volume__isnull=False),
                name="unique_unts_reference",
            ),
            models.UniqueConstraint(
                fields=["symbol"], condition=~Q(symbol=""), name="unique_instrument_symbol"
            ),
        ]

    def __str__(self):
        return self.short_name or self.title

    def get_absolute_url(self):
        return reverse("resolutions:instrument", kwargs={"slug": self.slug})

    @property
    def name(self):
        return self.short_name or self.title

    @property
    def unts_reference(self):
        if self.unts_volume is None:
            return ""
        return f"United Nations, Treaty Series, vol. {self.unts_volume}, No. {self.unts_number}"

    @property
    def external_url(self):
        """The catalogue's link, else the official document page for a UN symbol."""
        if self.url:
            return self.url
        if self.symbol:
            return UNDOCS_URL.format(symbol=self.symbol)
        return ""


class Citation(models.Model):
    """A paragraph or footnote citing an instrument, through a footnote or by mention in the
    text, with the words of the text it hangs on."""

    class Via(models.TextChoices):
        FOOTNOTE = "footnote", "Footnote"
        TEXT = "text", "Mention in the text"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="citations")
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="citations")
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    footnote = models.ForeignKey(
        Footnote, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    via = models.CharField(max_length=16, choices=Via.choices)
    words = models.CharField(max_length=500, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["resolution", "paragraph__position", "start"]
        indexes = [models.Index(fields=["instrument", "resolution"])]

    def __str__(self):
        where = self.paragraph.pid if self.paragraph_id else f"fn{self.footnote.number}"
        return f"{self.resolution.symbol} {where} → {self.instrument}"


class Subject(models.Model):
    """A heading under which the UN files a resolution: an agenda item of the Assembly, a UNBIS
    Thesaurus term chosen by the UN Library's indexers, or one of the tags a machine assigns (a
    Sustainable Development Goal or target, with the UNBIS and EuroVoc terms that come with it)."""

    class Scheme(models.TextChoices):
        AGENDA = "agenda", gettext_lazy("Agenda items of the General Assembly")
        UNBIS_LIBRARY = (
            "UNBIS-library",
            gettext_lazy("UNBIS Thesaurus, assigned by the UN Library's indexers"),
        )
        SDG = "SDG", gettext_lazy("SDG, assigned automatically by the UN")
        UNBIS = "UNBIS", gettext_lazy("UNBIS Thesaurus, assigned automatically with the SDGs")
        EUROVOC = "EuroVoc", gettext_lazy("EuroVoc, assigned automatically with the SDGs")

    scheme = models.CharField(max_length=16, choices=Scheme.choices)
    label = models.CharField(max_length=300)
    uri = models.URLField(max_length=300, blank=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["scheme", "label"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "label"], name="unique_subject_label")
        ]

    def __str__(self):
        return f"{self.get_scheme_display()}: {self.label}"

    def get_absolute_url(self):
        return reverse("resolutions:subject", kwargs={"slug": self.slug})

    @cached_property
    def name(self) -> str:
        """What people call it: an SDG by its goal's or target's name ("SDG 5" reads "Goal 5:
        Gender equality", "SDG 10.6" "Target 10.6: …")."""
        if self.scheme == self.Scheme.SDG and self.label.startswith("SDG "):
            from resolutions.browse.subjects import sdg_name

            return sdg_name(self.label.removeprefix("SDG "))
        return self.label

    @cached_property
    def sort_key(self) -> tuple:
        from resolutions.browse.subjects import natural_key

        return (SCHEME_ORDER.get(self.scheme, 99), natural_key(self.name))


# The order the schemes are shown in: what people assigned before what a machine did.
SCHEME_ORDER = {scheme: i for i, scheme in enumerate(Subject.Scheme.values)}


# A word of a State's name, with an elided article ("d'Ivoire", straight or curly apostrophe)
# or a possessive ("People's").
_APOSTROPHES = "'\u2019"
_STATE_WORD = re.compile(rf"(^|\b)(d[{_APOSTROPHES}])?([^\W\d_]+)([{_APOSTROPHES}]s\b)?")
_STATE_SMALL_WORDS = {"of", "the", "and", "da", "de", "del", "du", "la", "le", "et", "for"}


def _state_word(match) -> str:
    elided, word, possessive = match[2] or "", match[3], match[4] or ""
    if word in _STATE_SMALL_WORDS and match.start() > 0 and not elided:
        return word + possessive
    return elided + word[:1].upper() + word[1:] + possessive


class MemberState(models.Model):
    """A Member State as the voting records name it."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resolutions:state", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """The name as people write it: the voting records give names in capitals
        ("BOLIVIA (PLURINATIONAL STATE OF)" reads "Bolivia (Plurinational State of)")."""
        if not self.name.isupper():
            return self.name
        return _STATE_WORD.sub(_state_word, self.name.lower())


class Vote(models.Model):
    """How one Member State voted on one resolution adopted by a recorded vote."""

    class Position(models.TextChoices):
        IN_FAVOUR = "in_favour", gettext_lazy("In favour")
        AGAINST = "against", gettext_lazy("Against")
        ABSTAINING = "abstaining", gettext_lazy("Abstaining")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="votes")
    state = models.ForeignKey(MemberState, on_delete=models.CASCADE, related_name="votes")
    position = models.CharField(max_length=16, choices=Position.choices)

    class Meta:
        ordering = ["resolution", "state__name"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "state"], name="one_vote_per_state")
        ]
        indexes = [models.Index(fields=["state", "resolution"])]

    def __str__(self):
        return f"{self.resolution.symbol}: {self.state} {self.position}"


class Wording(models.Model):
    """A fingerprint of a paragraph's wording in one language, for finding the same words
    elsewhere in the library ("agreed language"). `whole` rows hash the whole normalised text;
    the others hash word shingles chosen by winnowing (resolutions/agreed.py)."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="wordings")
    language = models.CharField(max_length=8, choices=Language.choices)
    hash = models.BigIntegerField()
    whole = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # Covers a lookup: grouped by paragraph without reading the table.
            models.Index(fields=["language", "hash", "paragraph", "whole"]),
            models.Index(fields=["paragraph", "language"]),
        ]

    def __str__(self):
        return f"{self.paragraph} ({self.language}) {self.hash:x}"


class PageVersion(models.Model):
    """What a group of cached pages shows, as a token that changes with it.

    The scopes are ``library`` (a resolution added or renamed, an instrument edited: every page's
    links may change), ``resolution:<pk>`` (its text, or a note on it) and ``text:<pk>`` (its
    text alone, for what is cached about its words rather than pages). A write replaces the
    token in the same transaction as the change it records, so a cached page stored under the
    old token is never served once the change is visible. See resolutions/pagecache.py.
    """

    scope = models.CharField(max_length=64, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.scope}: {self.token}"


class LoadProgress(models.Model):
    """How far the running (or last) library load is, one row that the loading process writes in
    the same transactions as the texts it counts, so that the library page, read by another
    process, never counts a text it cannot show."""

    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    finished = models.BooleanField(default=True)
    updated = models.DateTimeField(null=True, blank=True)

    # A load killed midway leaves its row unfinished; after this long without a word from it,
    # the library page stops saying that it is loading.
    STALE_AFTER = datetime.timedelta(minutes=5)

    def __str__(self):
        return self.counted

    @property
    def counted(self) -> str:
        return f"{self.done:,} of {self.total:,}"

    @classmethod
    def current(cls) -> "LoadProgress | None":
        """The load under way, or None when none is: one query."""
        row = cls.objects.filter(pk=1, finished=False).first()
        if row is None or row.updated is None or timezone.now() - row.updated > cls.STALE_AFTER:
            return None
        return row


class LoadedArchive(models.Model):
    """An archive loaded whole, by its own checksum: the next load skips it without
    decompressing it, as long as every text it held is still in the library."""

    checksum = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=255)
    texts = models.JSONField(default=list, help_text="The checksums of the texts it holds")
    files = models.PositiveIntegerField(default=0)
    messages = models.JSONField(default=list, help_text="Warnings and errors of its load")
    loaded = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.name
