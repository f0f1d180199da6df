"""The report form: one value form per indicator, and the forms of review and import."""

from decimal import Decimal

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from monitoring.reporting.evidence import validate_evidence_file
from monitoring.reporting.services import EvidenceInput, ValueInput
from monitoring.reporting.values import check_value
from monitoring.roadmaps.models import RoadmapIndicator
from vision.l10n import NumberField

Unit = RoadmapIndicator.Unit


# Its own code, or the field's "invalid" message would replace this clearer one.
WEB_LINK = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a link that starts with http:// or https://."),
    code="not_web_link",
)


def number_field(**kwargs) -> NumberField:
    # In the active language and either digits: "12,5" in Russian, "۱۲٫۵" or "12.5" in Dari.
    return NumberField(max_digits=20, decimal_places=4, **kwargs)


class ValueField(forms.TypedChoiceField):
    def __init__(self, choices, **kwargs):
        super().__init__(choices=[("", "—"), *choices], coerce=Decimal, empty_value=None, **kwargs)


class IndicatorValueForm(forms.Form):
    """One indicator of a report: its value, disaggregated parts, note and evidence."""

    def __init__(self, *args, indicator: RoadmapIndicator, evidence=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.evidence = list(evidence)
        self.fields["value"] = self._value_field(_("Value"))
        self.part_names: list[tuple[str, str, list[str]]] = []
        for dimension, label, categories in indicator.dimensions:
            names = []
            for category, category_label in categories:
                name = f"{dimension}__{category}"
                self.fields[name] = self._value_field(category_label)
                names.append(name)
            self.part_names.append((dimension, label, names))
        self.fields["note"] = forms.CharField(
            label=_("Note"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["evidence_file"] = forms.FileField(
            label=_("Add a file"),
            required=False,
            validators=[validate_evidence_file],
            help_text=_("PDF, image or office document, up to 10 MB."),
        )
        self.fields["evidence_link"] = forms.URLField(
            label=_("Add a link"),
            required=False,
            max_length=1000,
            validators=[WEB_LINK],
            assume_scheme="https",
        )
        if self.evidence:
            self.fields["remove_evidence"] = forms.TypedMultipleChoiceField(
                label=_("Remove evidence"),
                required=False,
                coerce=int,
                choices=[(e.pk, str(e)) for e in self.evidence],
                widget=forms.CheckboxSelectMultiple,
            )

    def _value_field(self, label):
        unit = self.indicator.unit
        if unit == Unit.YES_NO:
            return ValueField([("1", _("Yes")), ("0", _("No"))], label=label, required=False)
        if unit == Unit.SCALE:
            return ValueField([(str(n), str(n)) for n in range(1, 6)], label=label, required=False)
        return number_field(label=label, required=False)

    def part_fields(self):
        """(dimension label, bound fields) for the template."""
        return [(label, [self[name] for name in names]) for _d, label, names in self.part_names]

    def parts(self) -> dict[str, dict[str, Decimal]]:
        data = getattr(self, "cleaned_data", {})
        result = {}
        for dimension, _label, names in self.part_names:
            given = {n.split("__", 1)[1]: data[n] for n in names if data.get(n) is not None}
            if given:
                result[dimension] = given
        return result

    def field_for(self, key: str) -> str | None:
        """The form field an error key from values.check_value belongs to."""
        if key == "value":
            return "value"
        if ":" in key:
            return key.replace(":", "__")
        for dimension, _label, names in self.part_names:
            if dimension == key:
                return names[0]
        return None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        for key, message in check_value(self.indicator, cleaned.get("value"), self.parts()).items():
            self.add_error(self.field_for(key), message)
        return cleaned

    def value_input(self) -> ValueInput:
        return ValueInput(
            indicator_id=self.indicator.pk,
            value=self.cleaned_data.get("value"),
            parts=self.parts(),
            note=self.cleaned_data.get("note", ""),
        )

    def evidence_inputs(self) -> list[EvidenceInput]:
        items = []
        if upload := self.cleaned_data.get("evidence_file"):
            items.append(EvidenceInput(indicator_id=self.indicator.pk, file=upload))
        if link := self.cleaned_data.get("evidence_link"):
            items.append(EvidenceInput(indicator_id=self.indicator.pk, url=link))
        return items


class ReportForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative for the period"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, what changed, what got in the way."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what needs to change.")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for reopening.")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "Columns: organisation, period, indicator, value, note, "
            "and one per part (e.g. sex:female)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file may be at most 5 MB."))
        return upload
