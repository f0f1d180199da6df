"""The coordinators' forms for roadmaps, indicators and milestones."""

import copy

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from monitoring.reporting.forms import Unit
from monitoring.reporting.values import plain_number, unit_error
from monitoring.roadmaps.models import Dimension, IndicatorMilestone, Roadmap, RoadmapIndicator
from monitoring.sdg.models import SdgIndicator, SdgTarget
from organizations.models import Organization
from organizations.permissions import coordinated_country_ids, is_network_admin
from priorities.models import Objective
from vision.l10n import number_formfield
from vision.models import Country


class SideBySideTranslations:
    """Translated fields in every language of the site, side by side: the page's language
    under the field's own name, each other language as `<field>_<code>`. Each box shows
    its own language only (never another language standing in for it), and one left empty
    stays empty, so that pages fall back to a language that has the text."""

    translated: tuple[str, ...] = ()

    @staticmethod
    def page_language() -> str:
        language = get_language()
        return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    def other_languages(self) -> list[tuple[str, str]]:
        page = self.page_language()
        return [(code, name) for code, name in settings.LANGUAGES if code != page]

    def add_translation_fields(self) -> None:
        page, names = self.page_language(), dict(settings.LANGUAGES)
        order = []
        for name in list(self.fields):
            order.append(name)
            if name not in self.translated:
                continue
            field = self.fields[name]
            label = field.label
            field.label = format_lazy("{} ({})", label, names[page])
            field.required = False
            if self.instance.pk:
                self.initial[name] = getattr(self.instance, f"{name}_{page}") or ""
            for code, language in self.other_languages():
                widget = copy.deepcopy(field.widget)
                widget.attrs["lang"] = code
                self.fields[f"{name}_{code}"] = forms.CharField(
                    label=format_lazy("{} ({})", label, language),
                    required=False,
                    max_length=field.max_length if hasattr(field, "max_length") else None,
                    widget=widget,
                    initial=getattr(self.instance, f"{name}_{code}", None) or "",
                )
                order.append(f"{name}_{code}")
        self.order_fields(order)

    def has_translation(self, name: str) -> bool:
        """Whether the field has a text in at least one language."""
        return any(
            self.cleaned_data.get(key)
            for key in [name, *(f"{name}_{code}" for code, _n in self.other_languages())]
        )

    def _post_clean(self):
        # The other languages are on the instance before the model validates it.
        self.apply_translations(self.instance)
        super()._post_clean()
        self.apply_translations(self.instance)

    def apply_translations(self, instance) -> None:
        page = self.page_language()
        for name in self.translated:
            if name in self.cleaned_data:
                setattr(instance, f"{name}_{page}", self.cleaned_data[name] or None)
            for code, _name in self.other_languages():
                if f"{name}_{code}" in self.cleaned_data:
                    setattr(instance, f"{name}_{code}", self.cleaned_data[f"{name}_{code}"] or None)


class RoadmapForm(SideBySideTranslations, forms.ModelForm):
    translated = ("title", "description")

    class Meta:
        model = Roadmap
        fields = [
            "title",
            "level",
            "country",
            "area_name",
            "other_countries",
            "description",
            "start",
            "end",
            "owners",
            "objectives",
            "sdg_targets",
        ]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "other_countries": forms.CheckboxSelectMultiple,
            "owners": forms.CheckboxSelectMultiple,
            "objectives": forms.CheckboxSelectMultiple,
            "sdg_targets": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translation_fields()
        countries = Country.objects.filter(is_vision_country=True).order_by("name")
        if not is_network_admin(user):
            countries = countries.filter(pk__in=coordinated_country_ids(user))
        self.fields["country"].queryset = countries
        self.fields["other_countries"].queryset = Country.objects.filter(
            is_vision_country=True
        ).order_by("name")
        owners = Organization.objects.filter(status=Organization.Status.MEMBER).select_related(
            "country"
        )
        self.fields["owners"].queryset = owners.order_by("country__name", "name")
        self.fields["objectives"].queryset = Objective.objects.select_related("priority").order_by(
            "priority__number", "position"
        )
        self.fields["sdg_targets"].queryset = SdgTarget.objects.order_by("goal__number", "position")

    def clean(self):
        cleaned = super().clean()
        if not self.has_translation("title"):
            self.add_error("title", _("Give the title in at least one language."))
        level, country = cleaned.get("level"), cleaned.get("country")
        if level == Roadmap.Level.LOCAL and not cleaned.get("area_name"):
            self.add_error("area_name", _("A local roadmap names its area."))
        others = cleaned.get("other_countries") or []
        if others and level != Roadmap.Level.REGIONAL:
            self.add_error("other_countries", _("Only a regional roadmap spans several countries."))
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] <= cleaned["start"]:
            self.add_error("end", _("The end comes after the start."))
        if country:
            allowed = {country.pk, *(c.pk for c in others)}
            strangers = [o.name for o in cleaned.get("owners") or [] if o.country_id not in allowed]
            if strangers:
                self.add_error(
                    "owners",
                    _("Not from the roadmap’s countries: %(names)s.")
                    % {"names": ", ".join(strangers)},
                )
        return cleaned


class CodesField(forms.CharField):
    """Codes typed with commas ("4.1, 4.5"), each resolved in a queryset by code."""

    def __init__(self, *, queryset, **kwargs):
        self.queryset = queryset
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        codes = [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]
        found = {o.code: o for o in self.queryset.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in codes]


class RoadmapIndicatorForm(SideBySideTranslations, forms.ModelForm):
    translated = ("title", "definition")

    sdg_indicator_code = forms.CharField(
        label=_("UN SDG indicator"),
        required=False,
        help_text=_(
            "Type a code or words and pick from the list, e.g. 4.1.1. "
            "Leave empty for a custom indicator."
        ),
        widget=forms.TextInput(attrs={"list": "sdg-indicators", "autocomplete": "off"}),
    )
    disaggregations = forms.MultipleChoiceField(
        label=_("Disaggregated by"),
        required=False,
        choices=Dimension.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    target_codes = CodesField(
        label=_("SDG targets it contributes to"),
        required=False,
        queryset=SdgTarget.objects.all(),
        help_text=_(
            "Codes separated by commas, e.g. 4.1, 4.5. Empty: the UN indicator’s own target."
        ),
    )

    class Meta:
        formfield_callback = number_formfield
        model = RoadmapIndicator
        fields = [
            "code",
            "title",
            "definition",
            "unit",
            "currency",
            "unit_label",
            "display_precision",
            "direction",
            "aggregation",
            "cumulative",
            "parts_add_up",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "plausible_min",
            "plausible_max",
            "objectives",
            "position",
        ]
        widgets = {
            "baseline_date": forms.DateInput(attrs={"type": "date"}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
            "objectives": forms.CheckboxSelectMultiple,
            "definition": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translation_fields()
        self.fields["title"].help_text = _("Empty in every language: the UN indicator’s title.")
        for name in ("baseline_value", "target_value", "plausible_min", "plausible_max"):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.is_localized = True
            if getattr(self.instance, name) is not None:
                self.initial[name] = plain_number(getattr(self.instance, name))
        self.fields["objectives"].queryset = Objective.objects.select_related("priority").order_by(
            "priority__number", "position"
        )
        if self.instance.pk:
            if self.instance.sdg_indicator_id:
                self.initial["sdg_indicator_code"] = self.instance.sdg_indicator.code
            self.initial["disaggregations"] = self.instance.disaggregations
            self.initial["target_codes"] = ", ".join(
                t.code for t in self.instance.sdg_targets.all()
            )

    def clean_sdg_indicator_code(self):
        text = self.cleaned_data["sdg_indicator_code"].strip()
        if not text:
            return None
        code = text.split(" ", 1)[0]
        indicator = SdgIndicator.objects.filter(code=code).first()
        if indicator is None:
            raise forms.ValidationError(
                _("There is no UN SDG indicator %(code)s.") % {"code": code}
            )
        return indicator

    def clean(self):
        cleaned = super().clean()
        sdg = cleaned.get("sdg_indicator_code")
        self.title_from_sdg = False
        if not self.has_translation("title"):
            if sdg:
                self.title_from_sdg = True
            else:
                self.add_error("title", _("A custom indicator needs a title."))
        unit = cleaned.get("unit")
        if unit == Unit.CURRENCY and len(cleaned.get("currency", "")) != 3:
            self.add_error("currency", _("Give the three-letter currency code, e.g. KGS."))
        if unit in (Unit.YES_NO, Unit.SCALE) and cleaned.get("disaggregations"):
            self.add_error(
                "disaggregations", _("Yes/no and scale indicators are not disaggregated.")
            )
        if cleaned.get("cumulative") and unit not in (Unit.NUMBER, Unit.CURRENCY):
            self.add_error("cumulative", _("Only numbers and amounts add up over periods."))
        if unit in (Unit.YES_NO, Unit.SCALE) and cleaned.get("aggregation") == "sum":
            self.add_error("aggregation", _("Yes/no and scale values cannot be summed."))
        probe = RoadmapIndicator(unit=unit or Unit.NUMBER)
        for name in ("baseline_value", "target_value"):
            if cleaned.get(name) is not None and (message := unit_error(probe, cleaned[name])):
                self.add_error(name, message)
        baseline_date, target_date = cleaned.get("baseline_date"), cleaned.get("target_date")
        if baseline_date and target_date and target_date <= baseline_date:
            self.add_error("target_date", _("The target date comes after the baseline date."))
        low, high = cleaned.get("plausible_min"), cleaned.get("plausible_max")
        if low is not None and high is not None and low > high:
            self.add_error("plausible_max", _("The maximum is below the minimum."))
        if not cleaned.get("target_codes") and sdg:
            cleaned["target_codes"] = [sdg.target]
        return cleaned

    def apply(self, roadmap: Roadmap) -> RoadmapIndicator:
        """The unsaved indicator with the form's values (saved by services.indicator_save)."""
        indicator = self.save(commit=False)
        indicator.roadmap = roadmap
        indicator.sdg_indicator = self.cleaned_data.get("sdg_indicator_code")
        if self.title_from_sdg:
            # The UN title exists in every language the reference data has; take them all.
            for code in settings.MODELTRANSLATION_LANGUAGES:
                setattr(
                    indicator, f"title_{code}", getattr(indicator.sdg_indicator, f"title_{code}")
                )
        indicator.disaggregations = [
            d for d in Dimension.values if d in self.cleaned_data["disaggregations"]
        ]
        return indicator


MilestoneFormSet = inlineformset_factory(
    RoadmapIndicator,
    IndicatorMilestone,
    fields=["period", "value"],
    extra=2,
    can_delete=True,
    widgets={"value": forms.TextInput(attrs={"inputmode": "decimal"})},
)
