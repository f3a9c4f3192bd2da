"""Import a W3C Web Annotation file (as exported by /annotations/export.jsonld) for one user."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations.models import Team
from annotations.webannotation import InvalidImport, import_collection


class Command(BaseCommand):
    help = (
        "Recreate the annotations of a Web Annotation JSON-LD file as notes of USER (private, "
        "or for a team of theirs, or public), skipping those the user already has. "
        "A file with any error imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", required=True, help="Username of the new notes' author")
        parser.add_argument(
            "--visibility",
            choices=["private", "team", "public"],
            default="private",
            help="Who sees the new notes (default: private)",
        )
        parser.add_argument("--team", metavar="SLUG", help="The team, for --visibility team")

    def handle(self, *args, path: Path, user: str, visibility: str, team: str, **options):
        author = get_user_model().objects.filter(username=user).first()
        if author is None:
            raise CommandError(f"No user is called {user!r}.")
        group = None
        if team:
            group = Team.objects.filter(slug=team).first()
            if group is None:
                raise CommandError(f"No team has the slug {team!r}.")
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            result = import_collection(raw, author, visibility, group)
        except InvalidImport as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from None
        self.stdout.write(
            f"{path}: imported {result.created} annotations for {user}, "
            f"skipped {result.skipped} already there."
        )
