"""Forms of the drafts workspace: start a draft, propose, record a stance, set status, write a
note, name facilitators."""

from django import forms
from django.utils.translation import gettext_lazy

from annotations.forms import Form
from drafts.delegations import canonical
from drafts.models import Proposal, Stance, Status
from resolutions.models import Resolution

MAX_WORDING = 10000


class StartForm(Form):
    source = forms.CharField(
        label=gettext_lazy("Start from resolution"),
        max_length=64,
        help_text=gettext_lazy("The symbol of a resolution in the library, e.g. A/RES/79/154."),
    )
    label = forms.CharField(
        label=gettext_lazy("Label"),
        max_length=200,
        help_text=gettext_lazy("How negotiators name it: “A/C.3/81/L.23, zero draft”."),
    )
    team = forms.ChoiceField(label=gettext_lazy("Team"))

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = {t.slug: t for t in teams}
        self.fields["team"].choices = [(t.slug, t.name) for t in teams]

    def clean_source(self):
        symbol = self.cleaned_data["source"].strip()
        found = Resolution.objects.filter(symbol__iexact=symbol).first()
        if found is None:
            raise forms.ValidationError(
                gettext_lazy("The library holds no resolution %(symbol)s."),
                params={"symbol": symbol},
            )
        return found

    def clean_team(self):
        return self.teams[self.cleaned_data["team"]]


class DelegationField(forms.CharField):
    """A Member State or a group, typed with the list offered as suggestions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"list": "delegations", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        kept = canonical(value)
        if kept is None:
            raise forms.ValidationError(
                gettext_lazy("Choose a Member State or a group from the list.")
            )
        return kept


class ProposalForm(Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Proposal"),
        choices=Proposal.Kind.choices,
        initial=Proposal.Kind.AMEND,
        widget=forms.RadioSelect,
    )
    delegation = DelegationField(label=gettext_lazy("On behalf of"))
    text = forms.CharField(
        label=gettext_lazy("Wording"),
        required=False,
        max_length=MAX_WORDING,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=gettext_lazy(
            "The whole paragraph as proposed (for a new wording or a new paragraph)."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, current_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.current_text = current_text

    def clean(self):
        data = super().clean()
        kind, text = data.get("kind"), (data.get("text") or "").strip()
        data["text"] = text
        if kind in (Proposal.Kind.AMEND, Proposal.Kind.ADD_AFTER) and not text:
            self.add_error("text", gettext_lazy("Write the wording proposed."))
        elif kind == Proposal.Kind.AMEND and text == self.current_text.strip():
            self.add_error("text", gettext_lazy("The wording is the paragraph's text unchanged."))
        return data


class StanceForm(Form):
    delegation = DelegationField(label=gettext_lazy("Delegation"))
    position = forms.ChoiceField(
        label=gettext_lazy("Position"), choices=Stance.Position.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean_delegation(self):
        name = self.cleaned_data["delegation"]
        if self.proposal is not None and name == self.proposal.delegation:
            raise forms.ValidationError(gettext_lazy("That delegation made the proposal."))
        return name


class OpenedForm(Form):
    """What a facilitator's form was opened on, so a change made meanwhile is seen."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    opened_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    stamp = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)


class StatusForm(OpenedForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=Status.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=gettext_lazy("Comment (optional)"), required=False, max_length=500)


class NoteForm(Form):
    note = forms.CharField(
        label=gettext_lazy("Team note"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=gettext_lazy("Seen by the team only. Markdown: *emphasis*, **strong**, lists."),
    )


class FacilitatorsForm(Form):
    facilitators = forms.MultipleChoiceField(
        label=gettext_lazy("Facilitators"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("They may set status, accept proposals and issue revisions."),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        self.fields["facilitators"].choices = [(str(m.pk), m.get_username()) for m in members]

    def clean_facilitators(self):
        return [self.members[pk] for pk in self.cleaned_data["facilitators"]]


class UploadForm(StartForm):
    """Start a draft from a document a delegation sends: Word, or any form the library reads;
    a label and a team as when starting from a resolution."""

    source = None
    document = forms.FileField(
        label=gettext_lazy("Word file or text"),
        help_text=gettext_lazy(
            "A .docx (numbered paragraphs, Word's own numbering, italic openers and footnotes "
            "are read), a PDF, AKN4UN XML, Markdown or plain text; at most 10 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,.pdf,.xml,.md,.txt,text/plain,application/pdf"}
        ),
    )
    field_order = ["document", "label", "team"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Two forms share the page: their fields need ids of their own.
        self.auto_id = "upload_%s"

    def clean_document(self):
        from drafts.exports import read_upload
        from drafts.word.reading import MAX_BYTES
        from resolutions.parsing import ParseError

        upload = self.cleaned_data["document"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                gettext_lazy("The file is %(size)s MB; at most 10 MB is accepted."),
                params={"size": f"{upload.size / 1024 / 1024:.1f}"},
            )
        try:
            self.parsed = read_upload(upload.read(), upload.name)
        except ParseError as error:
            raise forms.ValidationError(
                gettext_lazy(
                    "This file cannot be read as a resolution: %(why)s. Correct it and "
                    "choose it again."
                ),
                params={"why": str(error)},
            ) from None
        return upload
