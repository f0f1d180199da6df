from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from monitoring.commitments.assessments import EvidenceInput, as_of_error
from monitoring.commitments.imports import may_import
from monitoring.commitments.models import Assessment, CommitmentsImport, Instrument
from monitoring.reporting.evidence import validate_evidence_file
from monitoring.reporting.forms import WEB_LINK, ImportForm
from organizations.permissions import coordinated_country_ids, is_network_admin
from vision.models import Country, InternationalIndex


class CommitmentsImportForm(ImportForm):
    """What the file holds, and the file; each person is offered the kinds they may import
    (statuses under the instruments and index scores are the network admins'). A file of
    index scores is one publisher's download: which index, and the edition's year when the
    file does not say its years."""

    kind = forms.ChoiceField(label=_("The file holds"), choices=CommitmentsImport.Kind.choices)
    index = forms.ModelChoiceField(
        label=_("Index"),
        queryset=InternationalIndex.objects.order_by("position"),
        required=False,
        help_text=_("For index scores: whose download the file is."),
    )
    year = forms.IntegerField(
        label=_("Edition’s year"),
        min_value=1990,
        max_value=2100,
        required=False,
        help_text=_("For index scores, when the file has no year column of its own."),
    )
    field_order = ["kind", "index", "year", "file"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("The columns are listed above.")
        self.fields["kind"].choices = [
            (value, label)
            for value, label in CommitmentsImport.Kind.choices
            if may_import(user, value)
        ]
        if not may_import(user, CommitmentsImport.Kind.INDEX_SCORES):
            del self.fields["index"], self.fields["year"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == CommitmentsImport.Kind.INDEX_SCORES and not cleaned.get("index"):
            self.add_error("index", _("Choose the index whose scores the file holds."))
        return cleaned


class AssessmentForm(forms.Form):
    """An assessment of a recommendation's implementation, with its evidence."""

    as_of = forms.DateField(
        label=_("As of"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the assessment describes."),
    )
    implementation = forms.ChoiceField(
        label=_("Implementation"),
        required=False,
        choices=[("", _("Not yet assessed")), *Assessment.Implementation.choices],
    )
    narrative = forms.CharField(
        label=_("Assessment"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the state has done, what it has not, and how you know."),
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Laws, official statements, reports and articles, one per line."),
    )
    evidence_file = forms.FileField(
        label=_("Add a file"),
        required=False,
        validators=[validate_evidence_file],
        help_text=_(
            "PDF, image or office document, up to 10 MB. Public with the assessment once it "
            "is approved: attach nothing that puts a person at risk."
        ),
    )
    evidence_link = forms.URLField(
        label=_("Add a link"),
        required=False,
        max_length=1000,
        validators=[WEB_LINK],
        assume_scheme="https",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, assessment: Assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.evidence = list(assessment.evidence.all())
        if self.evidence:
            self.fields["remove_evidence"] = forms.TypedMultipleChoiceField(
                label=_("Remove evidence"),
                required=False,
                coerce=int,
                choices=[(e.pk, str(e)) for e in self.evidence],
                widget=forms.CheckboxSelectMultiple,
            )

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if error := as_of_error(as_of, self.assessment.recommendation):
            raise forms.ValidationError(error)
        return as_of

    def evidence_inputs(self) -> list[EvidenceInput]:
        items = []
        if upload := self.cleaned_data.get("evidence_file"):
            items.append(EvidenceInput(file=upload))
        if link := self.cleaned_data.get("evidence_link"):
            items.append(EvidenceInput(url=link))
        return items


class AssessmentReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what needs to change.")},
    )


class JointReportOpenForm(forms.Form):
    """A new joint report: the country (of those the person coordinates), the mechanism
    and cycle it goes to, and its title."""

    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    mechanism = forms.ModelChoiceField(label=_("Mechanism"), queryset=Instrument.objects.all())
    cycle = forms.CharField(
        label=_("Cycle or session"),
        max_length=40,
        help_text=_("The UPR cycle (4) or the treaty body's session (CCPR 137)."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        countries = Country.objects.filter(is_vision_country=True).order_by("name")
        if not is_network_admin(user):
            countries = countries.filter(pk__in=coordinated_country_ids(user))
        self.fields["country"].queryset = countries
        self.fields["mechanism"].label_from_instance = lambda i: f"{i.name} ({i.abbreviation})"


class JointReportForm(forms.Form):
    """A draft joint report: its text, the recommendations it covers and the member
    organisations invited to co-sign."""

    title = forms.CharField(label=_("Title"), max_length=300)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Who wrote the report, how, and what it finds overall."),
    )
    recommendations = forms.TypedMultipleChoiceField(
        label=_("Recommendations covered"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    organizations = forms.TypedMultipleChoiceField(
        label=_("Organisations invited to co-sign"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, recommendations, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].choices = [
            (r.pk, f"{r.label}: {Truncator(r.text).words(16)}") for r in recommendations
        ]
        self.fields["organizations"].choices = [(o.pk, o.name) for o in organizations]
