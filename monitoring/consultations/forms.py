from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from monitoring.consultations import selectors
from monitoring.consultations.models import CONTRIBUTION_MAX_LENGTH, Stakeholder
from vision.models import Country


class ConsultationFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("All countries and the region")),
            (selectors.REGION, _("The whole region")),
            *Country.objects.filter(is_vision_country=True).values_list("code", "name"),
        ]
        self.fields["country"].error_messages["invalid_choice"] = _(
            "There is no such country among the Vision’s seven."
        )


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        max_length=CONTRIBUTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=format_lazy(
            _(
                "Up to {limit} characters. A network admin reads every contribution before "
                "it is published with your name."
            ),
            limit=CONTRIBUTION_MAX_LENGTH,
        ),
        error_messages={
            "required": _("Write your contribution before sending it."),
            "max_length": _(
                "A contribution may be at most %(limit_value)d characters long; this one has "
                "%(show_value)d. Shorten it, or attach the rest as a link in the text."
            ),
        },
    )
    on_behalf_of = forms.ChoiceField(
        label=_("On behalf of"),
        required=False,
        error_messages={
            "invalid_choice": _("You may contribute only on behalf of your own organisations.")
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"].choices = selectors.behalf_options(user)


class ModerationForm(forms.Form):
    """A network admin's decision on one contribution in the queue."""

    contribution = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("reject", _("Do not publish"))]
    )
    reason = forms.CharField(
        label=_("Reason for not publishing"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StakeholderInviteForm(forms.ModelForm):
    """The admin's invitation: the person's name and email address (their account is made
    or found by the service) and the organisation they speak for."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The invitation, with a link to set a password, is sent here."),
    )

    class Meta:
        model = Stakeholder
        fields = ["full_name", "email", "organization_name", "kind", "country"]

    def clean_email(self):
        from monitoring.consultations.services import stakeholder_email_error

        email = self.cleaned_data["email"]
        if error := stakeholder_email_error(email):
            raise forms.ValidationError(error)
        return email
