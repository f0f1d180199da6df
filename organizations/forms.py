from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from monitoring.models import SdgGoal
from priorities.models import Priority
from vision.models import Country

from .models import MembershipApplication, Organization
from .services import duplicate_name_error

LOGO_MAX_BYTES = 2 * 1024 * 1024


class UniqueNameInCountryMixin:
    """Names are unique within a country, whatever their case and spacing."""

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        # The edit form has no country field: the organisation keeps its own.
        country = cleaned.get("country") if "country" in self.fields else self.instance.country
        if country and cleaned.get("name"):
            error = duplicate_name_error(
                country=country, name=cleaned["name"], exclude_pk=self.instance.pk
            )
            if error:
                self.add_error("name", error)
        return cleaned


class OrganizationForm(UniqueNameInCountryMixin, forms.ModelForm):
    """The organisation's profile, as an applicant or an editor fills it in."""

    priorities = forms.ModelMultipleChoiceField(
        label=_("Priorities it works on"),
        queryset=Priority.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sdg_goals = forms.ModelMultipleChoiceField(
        label=_("SDG goals it works on"),
        queryset=SdgGoal.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "country",
            "city",
            "kind",
            "year_founded",
            "description",
            "website",
            "contact_email",
            "logo",
            "priorities",
            "sdg_goals",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {
            "website": _("For example https://example.org"),
            "description": _("What the organisation does, for whom, and where. Plain text."),
            "logo": _("PNG, JPEG or WebP, up to 2 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "country" in self.fields:
            self.fields["country"].queryset = Country.objects.filter(
                is_vision_country=True
            ).order_by("name")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > LOGO_MAX_BYTES:
            raise forms.ValidationError(
                _("The logo is %(size)s; it may be at most 2 MB.")
                % {"size": filesizeformat(logo.size)}
            )
        return logo


class OrganizationEditForm(OrganizationForm):
    """Editors keep their profile; the country is fixed once the organisation is a member."""

    class Meta(OrganizationForm.Meta):
        fields = [f for f in OrganizationForm.Meta.fields if f != "country"]


class ApplicantForm(forms.Form):
    """The person applying, who becomes the organisation's first editor."""

    full_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your email"), help_text=_("You will log in with this address.")
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        people = get_user_model().objects
        if people.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise forms.ValidationError(
                _("An account with this email already exists. Log in first, then apply.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            user = get_user_model()(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                full_name=cleaned.get("full_name", ""),
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class MotivationForm(forms.ModelForm):
    class Meta:
        model = MembershipApplication
        fields = ["motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}


class ApplicationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Included in the email. Say why when you reject."),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("For example “monthly upload from our database”."),
    )


class EmailLanguageForm(forms.Form):
    """The language of the emails a person receives, chosen on their account page."""

    language = forms.ChoiceField(label=_("Language of my emails"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]
