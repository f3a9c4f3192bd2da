"""Forms for notes, teams, tags, sign-up and import."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolutions.models import Language

from .models import (
    MAX_NOTE_LENGTH,
    MAX_QUOTE_LENGTH,
    MAX_TAGS_PER_NOTE,
    Annotation,
    Team,
    normalise_tag,
    parse_tags,
    tag_key,
)

IMPORT_MAX_BYTES = getattr(settings, "ANNOTATIONS_IMPORT_MAX_BYTES", 5 * 1024 * 1024)


class Form(forms.Form):
    """Labels read exactly as the product names them: "Note", not "Note:"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def visibility_choices(teams) -> list[tuple[str, str]]:
    return [
        ("private", _("Only me")),
        *((f"team:{team.slug}", _("Team: %(name)s") % {"name": team.name}) for team in teams),
        ("public", _("Public")),
    ]


class VisibilityMixin:
    """A "visibility" choice among Only me, the user's teams and Public, cleaned into
    ``visibility`` and ``team``."""

    def set_teams(self, teams) -> None:
        self.teams = {team.slug: team for team in teams}
        self.fields["visibility"].choices = visibility_choices(teams)

    def clean_visibility_and_team(self, data) -> None:
        key = data.get("visibility") or "private"
        data["visibility"], data["team"] = key, None
        if key.startswith("team:"):
            data["team"] = self.teams[key.removeprefix("team:")]
            data["visibility"] = Annotation.Visibility.TEAM


class AnnotationForm(VisibilityMixin, Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=gettext_lazy(
            "Markdown: *emphasis*, **strong**, [links](https://example.org), lists."
        ),
    )
    tags = forms.CharField(
        label=gettext_lazy("Tags"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Separate tags with commas."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto"}),
    )
    visibility = forms.ChoiceField(label=gettext_lazy("Visibility"))
    quote_exact = forms.CharField(
        required=False, widget=forms.HiddenInput, max_length=MAX_QUOTE_LENGTH
    )
    quote_prefix = forms.CharField(
        required=False, widget=forms.HiddenInput, max_length=200, strip=False
    )
    quote_suffix = forms.CharField(
        required=False, widget=forms.HiddenInput, max_length=200, strip=False
    )
    quote_language = forms.ChoiceField(
        required=False, widget=forms.HiddenInput, choices=[("", ""), *Language.choices]
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_teams(teams)

    def clean_tags(self):
        names = parse_tags(self.cleaned_data["tags"])
        if len(names) > MAX_TAGS_PER_NOTE:
            raise forms.ValidationError(
                _("At most %(count)d tags on one note.") % {"count": MAX_TAGS_PER_NOTE}
            )
        return names

    def clean(self):
        data = super().clean()
        empty = not (data.get("note") or "").strip()
        if empty and not data.get("tags") and not data.get("quote_exact"):
            raise forms.ValidationError(_("Write a note, add a tag, or quote the paragraph."))
        self.clean_visibility_and_team(data)
        return data

    @classmethod
    def initial_for(cls, annotation: Annotation) -> dict:
        return {
            "note": annotation.note,
            "tags": ", ".join(annotation.tag_names()),
            "visibility": annotation.visibility_key,
            "version": annotation.version,
        }


class TeamForm(Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=100, widget=forms.TextInput(attrs={"dir": "auto"})
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class AddMemberForm(Form):
    """Invites someone by username or e-mail address; whether the account exists is never
    said. The field keeps the name "username" that the product's contract gives it."""

    username = forms.CharField(
        label=gettext_lazy("Username or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip()


class RenameTagForm(Form):
    name = forms.CharField(
        label=gettext_lazy("New name"), max_length=64, widget=forms.TextInput(attrs={"dir": "auto"})
    )

    def clean_name(self):
        name = normalise_tag(self.cleaned_data["name"])
        if not tag_key(name):
            raise forms.ValidationError(_("A tag needs a name."))
        return name


def typed_in_any_direction(form) -> None:
    """Names and addresses typed in Arabic or Latin letters each run their own way."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.TextInput | forms.EmailInput):
            field.widget.attrs.setdefault("dir", "auto")


class SignupForm(UserCreationForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        typed_in_any_direction(self)

    email = forms.EmailField(
        label=gettext_lazy("Email"),
        required=False,
        help_text=gettext_lazy("For resetting a password."),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        typed_in_any_direction(self)


class ImportForm(VisibilityMixin, Form):
    file = forms.FileField(label=gettext_lazy("Web Annotation file (JSON-LD)"))
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who sees the imported notes"),
        required=False,
        initial="private",
        help_text=gettext_lazy(
            "The file does not say who may read its notes: choose it for all of them."
        ),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_teams(teams)

    def clean(self):
        data = super().clean()
        data["label"] = dict(self.fields["visibility"].choices)[data.get("visibility") or "private"]
        self.clean_visibility_and_team(data)
        return data

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.")
                % {"size": IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


def team_choices_for(user) -> list[Team]:
    """The teams a user may publish to: those they are a member of now."""
    return list(Team.objects.filter(memberships__user=user)) if user.is_authenticated else []
