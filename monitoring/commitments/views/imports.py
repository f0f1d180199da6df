"""The import of a file of recommendations, of statuses under the instruments or of an
index's scores (coordinators, network admins): checked first, applied once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from monitoring.commitments import imports, index_scores
from monitoring.commitments.forms import CommitmentsImportForm
from monitoring.commitments.models import CommitmentsImport
from monitoring.spreadsheets import ImportFileError
from vision.access import Access, Rule, declare
from vision.models import InternationalIndex

IMPORT = Access(Rule.ANY_COORDINATOR, Rule.ANY_COORDINATOR)
# A checked import is seen by the one who checked it and by the network admins.
IMPORT_RESULT = Access(
    Rule.COUNTRY_COORDINATORS, Rule.COUNTRY_COORDINATORS, existence=Rule.COUNTRY_COORDINATORS
)


@declare(IMPORT)
@require_http_methods(["GET", "POST"])
def import_file(request):
    if not imports.may_import(request.user, CommitmentsImport.Kind.RECOMMENDATIONS):
        raise PermissionDenied
    form = CommitmentsImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            checked = imports.check_import(
                kind=form.cleaned_data["kind"],
                user=request.user,
                upload=form.cleaned_data["file"],
                index=form.cleaned_data.get("index"),
                year=form.cleaned_data.get("year"),
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("commitments:import-result", pk=checked.pk)
    return render(
        request,
        "monitoring/commitments/import_form.html",
        {
            "form": form,
            "columns": imports.COLUMNS,
            "required": imports.REQUIRED,
            "index_columns": [
                (index, index_scores.columns_of(index))
                for index in InternationalIndex.objects.order_by("position")
            ]
            if "index" in form.fields
            else [],
        },
        status=400 if form.errors else 200,
    )


@declare(IMPORT_RESULT)
@require_http_methods(["GET", "POST"])
def import_result(request, pk: int):
    checked = get_object_or_404(imports.imports_of(request.user), pk=pk)
    if request.method == "POST":
        try:
            count = imports.apply_import(import_id=checked.pk, user=request.user)
        except ValueError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, _("%(count)d rows imported.") % {"count": count})
        return redirect("commitments:region")
    rows = checked.rows
    valid = imports.import_is_valid(checked)
    return render(
        request,
        "monitoring/commitments/import_result.html",
        {
            "import": checked,
            "rows": rows,
            "valid": valid,
            "error_count": sum(1 for r in rows if r["errors"]),
        },
        status=200 if valid else 422,
    )
