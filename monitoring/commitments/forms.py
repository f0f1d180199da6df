from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.commitments.imports import may_import
from monitoring.commitments.models import CommitmentsImport
from monitoring.reporting.forms import ImportForm


class CommitmentsImportForm(ImportForm):
    """What the file holds, and the file; each person is offered the kinds they may import
    (statuses under the instruments are the network admins')."""

    kind = forms.ChoiceField(label=_("The file holds"), choices=CommitmentsImport.Kind.choices)
    field_order = ["kind", "file"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("The columns are listed above.")
        self.fields["kind"].choices = [
            (value, label)
            for value, label in CommitmentsImport.Kind.choices
            if may_import(user, value)
        ]
