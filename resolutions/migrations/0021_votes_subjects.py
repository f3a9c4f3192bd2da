"""Subjects named for what they are and one entry each, agenda items as subjects, and one
Member State for a State the voting records spell several ways.

Subject labels loaded before are read again as ingest now reads them (entities decoded, a
EuroVoc domain without its number, an address replaced by its name, a UNBIS term in capitals as
a sentence); subjects that become the same are merged, keeping every resolution filed under
them. Each resolution's agenda items become subjects of the new "agenda" scheme. Member States
named by an alias ("TURKEY", "TÜRKİYE") are merged into the one name, with their votes. The
UNBIS terms the UN Library's indexers chose come with the next load (ingest version 6)."""

from django.db import migrations, models

from resolutions.browse import regions
from resolutions.parsing.frontends.akn import subject_label
from resolutions.ingest.slugs import unique_slug
from resolutions.browse.subjects import agenda_label


def _merge_states(apps):
    MemberState = apps.get_model("resolutions", "MemberState")
    Vote = apps.get_model("resolutions", "Vote")
    for state in list(MemberState.objects.all()):
        name = regions.canonical_name(state.name)
        if name == state.name:
            continue
        target = MemberState.objects.filter(name=name).first()
        if target is None:
            state.name = name
            state.save(update_fields=["name"])
            continue
        already = set(Vote.objects.filter(state=target).values_list("resolution_id", flat=True))
        Vote.objects.filter(state=state, resolution_id__in=already).delete()
        Vote.objects.filter(state=state).update(state=target)
        state.delete()


def _clean_subjects(apps):
    Subject = apps.get_model("resolutions", "Subject")
    Through = Subject.resolutions.through
    kept: dict[tuple[str, str], object] = {}
    for subject in Subject.objects.order_by("pk"):
        label = subject.label if subject.scheme == "SDG" else subject_label(subject.scheme, subject.label)
        key = (subject.scheme, label or subject.label)
        if key in kept:
            target = kept[key]
            have = set(
                Through.objects.filter(subject_id=target.pk).values_list("resolution_id", flat=True)
            )
            Through.objects.filter(subject_id=subject.pk, resolution_id__in=have).delete()
            Through.objects.filter(subject_id=subject.pk).update(subject_id=target.pk)
            subject.delete()
            continue
        if key[1] != subject.label:
            subject.label = key[1]
            subject.save(update_fields=["label"])
        kept[key] = subject


def _agenda_subjects(apps):
    Resolution = apps.get_model("resolutions", "Resolution")
    Subject = apps.get_model("resolutions", "Subject")
    Through = Resolution.subjects.through
    known = {s.label: s for s in Subject.objects.filter(scheme="agenda")}
    links = []
    for resolution in Resolution.objects.exclude(agenda_items=[]).only("pk", "agenda_items"):
        for item in resolution.agenda_items or []:
            label = agenda_label(item[1]) if len(item) > 1 and item[1] else ""
            if not label:
                continue
            if label not in known:
                known[label] = Subject.objects.create(
                    scheme="agenda",
                    label=label,
                    slug=unique_slug(Subject, f"agenda {label}", "subject"),
                )
            links.append(Through(resolution_id=resolution.pk, subject_id=known[label].pk))
    Through.objects.bulk_create(links, ignore_conflicts=True)


def forwards(apps, schema_editor):
    _merge_states(apps)
    _clean_subjects(apps)
    _agenda_subjects(apps)


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0020_load_progress")]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="scheme",
            field=models.CharField(
                choices=[
                    ("agenda", "Agenda items of the General Assembly"),
                    ("UNBIS-library", "UNBIS Thesaurus, assigned by the UN Library's indexers"),
                    ("SDG", "SDG, assigned automatically by the UN"),
                    ("UNBIS", "UNBIS Thesaurus, assigned automatically with the SDGs"),
                    ("EuroVoc", "EuroVoc, assigned automatically with the SDGs"),
                ],
                max_length=16,
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
