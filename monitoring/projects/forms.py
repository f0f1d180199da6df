"""The forms of a project and its parts, of an update and of an IATI upload."""

from pathlib import PurePath

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from monitoring.dashboards import geo
from monitoring.roadmaps.models import RoadmapIndicator
from monitoring.sdg.models import SdgTarget
from organizations.models import Organization
from priorities.models import Objective
from vision.l10n import number_formfield
from vision.models import Country

from . import codelists
from .codelists import Role
from .models import Budget, Location, Participant, Project, Sector, Update
from .services import PHOTO_TYPES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "description",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "countries",
            "objectives",
            "sdg_targets",
            "indicators",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "planned_start": DATE,
            "planned_end": DATE,
            "actual_start": DATE,
            "actual_end": DATE,
            "countries": forms.CheckboxSelectMultiple,
            "objectives": forms.SelectMultiple(attrs={"size": 8}),
            "sdg_targets": forms.SelectMultiple(attrs={"size": 8}),
            "indicators": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].queryset = Country.objects.filter(is_vision_country=True)
        self.fields["objectives"].queryset = Objective.objects.select_related("priority")
        self.fields["sdg_targets"].queryset = SdgTarget.objects.order_by("goal__number", "pk")
        self.fields["indicators"].queryset = (
            RoadmapIndicator.objects.filter(roadmap__country=organization.country_id)
            .select_related("roadmap")
            .order_by("roadmap__title", "code")
        )
        self.fields["indicators"].label_from_instance = lambda i: f"{i.roadmap.title}: {i}"
        for name in ("objectives", "sdg_targets", "indicators"):
            self.fields[name].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["role", "organization", "name", "iati_ref", "organisation_type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            status=Organization.Status.MEMBER
        ).only("pk", "name")
        self.fields["organization"].empty_label = _("— not a member: give its name —")
        self.fields["organisation_type"] = forms.ChoiceField(
            label=_("organisation type"),
            choices=codelists.organisation_type_choices(),
            required=False,
        )

    def clean(self):
        data = super().clean()
        if not data.get("organization") and not (data.get("name") or "").strip():
            self.add_error("name", _("Choose a member organisation or give the name."))
        return data


class LocationForm(forms.ModelForm):
    class Meta:
        formfield_callback = number_formfield
        model = Location
        fields = ["name", "country", "latitude", "longitude"]
        help_texts = {
            "latitude": _("In decimal degrees, e.g. 42.87 for Bishkek."),
            "longitude": _("In decimal degrees, e.g. 74.59 for Bishkek."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.filter(is_vision_country=True)

    def clean(self):
        data = super().clean()
        country, lat, lon = data.get("country"), data.get("latitude"), data.get("longitude")
        complete = country and lat is not None and lon is not None
        if complete and not geo.country_contains(country.code, lon, lat):
            self.add_error(
                "latitude",
                _("This point is not in %(country)s: check the latitude and longitude.")
                % {"country": country.name},
            )
        return data


class BudgetForm(forms.ModelForm):
    class Meta:
        formfield_callback = number_formfield
        model = Budget
        fields = ["year", "amount", "currency", "funder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"] = forms.ChoiceField(
            label=_("currency"), choices=codelists.currency_choices(), initial="USD"
        )
        project = self.instance.project if self.instance.project_id else None
        self.fields["funder"].queryset = (
            Participant.objects.filter(project=project, role=Role.FUNDING).select_related(
                "organization"
            )
            if project
            else Participant.objects.none()
        )
        self.fields["funder"].help_text = _(
            "One of the project's funding organisations (add them above and save first)."
        )


class SectorForm(forms.ModelForm):
    class Meta:
        formfield_callback = number_formfield
        model = Sector
        fields = ["code", "percentage"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"] = forms.ChoiceField(
            label=_("OECD DAC sector"), choices=[("", "—"), *codelists.sector_choices()]
        )


class SectorFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        shares = [
            f.cleaned_data.get("percentage")
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if message := Sector.shares_error(shares):
            raise forms.ValidationError(message)


def formsets(data=None, *, project=None):
    """The parts of a project, each an inline formset with room for two more rows."""
    kinds = [
        ("participants", ParticipantForm, BaseInlineFormSet),
        ("locations", LocationForm, BaseInlineFormSet),
        ("sectors", SectorForm, SectorFormSet),
        ("budgets", BudgetForm, BaseInlineFormSet),
    ]
    made = []
    for prefix, form, base in kinds:
        factory = inlineformset_factory(
            Project,
            form.Meta.model,
            form=form,
            formset=base,
            extra=2,
            max_num=50,
            validate_max=True,
            can_delete=True,
        )
        made.append(factory(data, instance=project or Project(), prefix=prefix))
    return made


class ProjectCreateForm(ProjectForm):
    """A new project: for which of the person's organisations."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organisation")
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, organization=organizations[0], **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        )
        self.fields["organization"].initial = organizations[0].pk
        self.order_fields(["organization"])


PHOTO_MAX_BYTES = 5 * 1024 * 1024


class UpdateForm(forms.ModelForm):
    class Meta:
        model = Update
        fields = ["date", "text", "photo", "photo_description"]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"photo": _("A JPEG, PNG or WebP image of up to 5 MB.")}

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            if photo.size > PHOTO_MAX_BYTES:
                raise forms.ValidationError(_("A photo may be at most 5 MB."))
            if PurePath(photo.name).suffix.lower() not in PHOTO_TYPES:
                raise forms.ValidationError(_("A photo is a JPEG, PNG or WebP image."))
        return photo

    def clean(self):
        data = super().clean()
        if data.get("photo") and not (data.get("photo_description") or "").strip():
            self.add_error("photo_description", _("Say what the photo shows."))
        return data


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Publish")), ("reject", _("Do not publish"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class ImportForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organisation")
    )
    file = forms.FileField(
        label=_("IATI activity file (XML, IATI 2.01–2.03)"),
        help_text=_("Up to 10 MB. Nothing is stored until you have seen what it would change."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        )
        self.fields["organization"].initial = organizations[0].pk if organizations else None
