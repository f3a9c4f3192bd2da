"""Generate a synthetic library of the bundled resolution's shape, for benchmarks and load tests.

Each synthetic resolution is written as a Markdown text derived from the bundled one (its symbol,
title, dates and a share of its words changed with a seeded random generator), then parsed and
loaded through the same path as `ingest_resolution`, so it has real paragraphs, footnotes,
markers and citations. The command is idempotent: it brings the library up to the sizes asked
for, and running it again with the same arguments changes nothing. It lives with the notes
because it writes readers, teams and notes too, and only this app may import both.
"""

import random
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from annotations.models import Annotation, Team, build_note
from resolutions.cache import pages as pagecache
from resolutions.ingest.writer import InstrumentResolver, ingest_parsed, source_checksum
from resolutions.models import Paragraph, Resolution
from resolutions.parsing import parse_resolution

TEMPLATE = Path(settings.RESOLUTION_DATA_DIR) / "A_RES_79_154.md"
TEMPLATE_SYMBOL = "79/154"
TEMPLATE_TITLE = "Trafficking in women and girls"
BODY_START = "*The General Assembly,*"

# Synthetic resolutions take symbols from these sessions, newest first, and never the bundled
# resolution's own session, so they cannot collide with a real text in the data folder.
FIRST_SESSION = 78
PER_SESSION = 300

USERNAME_PREFIX = "synthetic-reader-"
TEAM_PREFIX = "Synthetic team "
PASSWORD = "synthetic-password-for-benchmarks"  # noqa: S105 - throw-away benchmark accounts

TOPICS = [
    "Trafficking in women and girls",
    "Violence against women migrant workers",
    "Rights of the child",
    "Promotion and protection of human rights defenders",
    "Freedom of religion or belief",
    "The right to food",
    "Protection of migrants",
    "Improvement of the situation of women and girls in rural areas",
    "Crime prevention and criminal justice",
    "Countering the use of information technologies for criminal purposes",
    "Elimination of racism and racial discrimination",
    "Intensification of efforts to eliminate all forms of violence against women",
    "Policies and programmes involving youth",
    "Literacy for life: shaping future agendas",
    "Combating intolerance, negative stereotyping and stigmatization",
    "Strengthening the United Nations crime prevention programme",
    "Child, early and forced marriage",
    "Inclusive development for and with persons with disabilities",
]

# Words the parser itself looks for, and words too common to carry meaning, are never replaced,
# so that every synthetic text parses into the same structure as the template.
_PROTECTED_WORDS = """
    about abstentions acknowledging action adopted advanced after again against agenda alarm
    alarmed almost always annex annexes another anxious appreciation appreciative april article
    articles assembly august aware bearing before beijing besides between billion board chapter
    children clause cognisant cognizant commission commitment commitments committee concern
    concerned concerning conference confident conscious continue continues convention convinced
    council countries deeply december decision decisions desirous developed development document
    documents dollars eager economic especially every february firmly footnote footnotes further
    general girls grateful grave gravely greatly having health highest hopeful human hundred
    interest itself january league meeting meetings member members million mindful months nations
    november number numbers objective objectives october official operative organization
    paragraph paragraphs particular particularly parties percent persons plenary preambular
    principle principles profoundly protocol protocols publications recognising recognizing
    recommendation recommendations reference references region regions regret relating report
    reports resolute resolution resolutions respectful right rights sales satisfaction second
    secretary section sections security september series serious seriously session sessions
    social states statute strongly supplement supplementing thereto thousand treaties treaty
    united vigilant volume volumes whole within without women records optional addendum corrigendum
    thereof therein agreement agreements declaration declarations programme programmes
"""
_PROTECTED = frozenset(_PROTECTED_WORDS.split())
_CANDIDATE = re.compile(r"(?<![\w/.#-])[a-z]{6,}(?![\w/])")


@cache
def template_text() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


@cache
def _vocabulary() -> tuple[str, ...]:
    words = {w for w in _CANDIDATE.findall(template_text()) if w not in _PROTECTED}
    return tuple(sorted(words))


def synthetic_symbol(index: int) -> tuple[int, int]:
    """Session and number of the index-th synthetic resolution (0-based)."""
    return FIRST_SESSION - index // PER_SESSION, 1 + index % PER_SESSION


def synthetic_text(index: int, seed: int = 0, share: float = 0.2) -> str:
    """The index-th synthetic resolution's Markdown text: the template with a new symbol, title
    and dates, and about `share` of its ordinary words replaced by others from the same text."""
    rng = random.Random(f"{seed}:{index}")
    session, number = synthetic_symbol(index)
    year = 1945 + session
    title = rng.choice(TOPICS)
    text = template_text()
    text = text.replace(
        f"### {TEMPLATE_SYMBOL}. {TEMPLATE_TITLE}", f"### {session}/{number}. {title}"
    )
    text = text.replace("17 December 2024", f"{rng.randint(1, 20)} December {year}")
    text = text.replace("19 December 2024", f"22 December {year}")
    vocabulary = _vocabulary()

    def replace(match: re.Match) -> str:
        word = match[0]
        if word in _PROTECTED or rng.random() >= share:
            return word
        return rng.choice(vocabulary)

    # The header (symbol, title, dates) stays as written; only the body is perturbed.
    head, marker, body = text.partition(BODY_START)
    return head + marker + _CANDIDATE.sub(replace, body)


def load_synthetic(index: int, seed: int, resolver: InstrumentResolver):
    text = synthetic_text(index, seed)
    parsed = parse_resolution(text, source=f"synthetic-{index}.md")
    return ingest_parsed(
        parsed,
        source_name=f"synthetic-{seed}-{index}.md",
        checksum=source_checksum(text),
        resolver=resolver,
    )


class Command(BaseCommand):
    help = (
        "Generate a synthetic library for benchmarks: resolutions of the bundled text's shape, "
        "users, teams and annotations. Idempotent: it tops the library up to the sizes asked "
        "for; the same arguments again change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--resolutions", type=int, default=0, metavar="N")
        parser.add_argument("--users", type=int, default=0, metavar="N")
        parser.add_argument("--teams", type=int, default=0, metavar="N")
        parser.add_argument(
            "--annotations",
            type=int,
            default=0,
            metavar="M",
            help="synthetic annotations in all (existing ones count towards M)",
        )
        parser.add_argument(
            "--on",
            metavar="SYMBOL",
            help="put the annotations on this resolution only (default: spread over all)",
        )
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, resolutions, users, teams, annotations, on, seed, **options):
        for name, value in (
            ("--resolutions", resolutions),
            ("--users", users),
            ("--teams", teams),
            ("--annotations", annotations),
        ):
            if value < 0:
                raise CommandError(f"{name} cannot be negative")
        if resolutions:
            self._resolutions(resolutions, seed)
        people = self._users(users) if users or teams or annotations else []
        groups = self._teams(teams, people) if teams else []
        if annotations:
            self._annotations(annotations, on, seed, people, groups)

    def _resolutions(self, count: int, seed: int) -> None:
        resolver = InstrumentResolver()
        created = updated = 0
        for index in range(count):
            result = load_synthetic(index, seed, resolver)
            created += result.status == "created"
            updated += result.status == "updated"
        self.stdout.write(
            f"Resolutions: {created} created, {updated} updated, "
            f"{count - created - updated} unchanged"
        )

    def _users(self, count: int) -> list:
        User = get_user_model()
        count = max(count, 1)  # annotations and teams need someone
        names = [f"{USERNAME_PREFIX}{n}" for n in range(1, count + 1)]
        existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        missing = [name for name in names if name not in existing]
        if missing:
            template = User(username="template")
            template.set_password(PASSWORD)  # hash once; the same password for every account
            User.objects.bulk_create(
                [User(username=name, password=template.password) for name in missing]
            )
        self.stdout.write(f"Users: {len(missing)} created, {len(existing)} already there")
        return list(User.objects.filter(username__in=names).order_by("id"))

    def _teams(self, count: int, people: list) -> list:
        created, found = 0, []
        for n in range(1, count + 1):
            name = f"{TEAM_PREFIX}{n}"
            team = Team.objects.filter(name=name).first()
            if team is None:
                team = Team.create(name=name, owner=people[(n - 1) % len(people)])
                created += 1
            # Every synthetic user is in one team, round robin.
            for person in people[n - 1 :: count]:
                team.add_member(person)
            found.append(team)
        self.stdout.write(f"Teams: {created} created, {count - created} already there")
        return found

    def _annotations(self, total: int, on: str | None, seed: int, people, groups) -> None:
        paragraphs = Paragraph.objects.in_text()
        if on:
            if not Resolution.objects.filter(symbol=on).exists():
                raise CommandError(f"No resolution {on} in the library")
            paragraphs = paragraphs.filter(resolution__symbol=on)
        paragraph_list = list(paragraphs.only("id", "revision", "text"))
        if not paragraph_list:
            raise CommandError("Annotations need paragraphs: load or generate resolutions first")
        existing = Annotation.objects.filter(author__username__startswith=USERNAME_PREFIX)
        if on:
            existing = existing.filter(paragraph__resolution__symbol=on)
        missing = total - existing.count()
        if missing <= 0:
            self.stdout.write(f"Annotations: {total} or more already there")
            return
        rng = random.Random(f"annotations:{seed}:{existing.count()}")
        words = _vocabulary()
        team_of = {}
        if groups:
            for team in groups:
                for user_id in team.memberships.values_list("user_id", flat=True):
                    team_of.setdefault(user_id, team)
        batch = []
        for _ in range(missing):
            note = " ".join(rng.choice(words) for _ in range(rng.randint(3, 40)))
            author = rng.choice(people)
            visibility = rng.choice(["private", "team", "public"])
            team = team_of.get(author.id) if visibility == "team" else None
            if visibility == "team" and team is None:
                visibility = "public"
            batch.append(
                build_note(
                    paragraph=rng.choice(paragraph_list),
                    author=author,
                    visibility=visibility,
                    team=team,
                    note=note,
                )
            )
        with transaction.atomic():
            Annotation.objects.bulk_create(batch, batch_size=1000)
            # Bulk writes send no signals: retire the cached pages that may show these notes.
            pagecache.changed(pagecache.LIBRARY)
        self.stdout.write(f"Annotations: {missing} created, {total - missing} already there")
