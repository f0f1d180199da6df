"""Importing a roadmap's values from a spreadsheet: upload, dry run, confirm."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from monitoring.reporting import imports
from monitoring.reporting.forms import ImportForm
from monitoring.reporting.models import ValuesImport
from monitoring.roadmaps.selectors import roadmap_get_for_manager
from monitoring.spreadsheets import ImportFileError
from vision.access import ROADMAP_MANAGE, declare


@declare(ROADMAP_MANAGE)
@require_http_methods(["GET", "POST"])
def roadmap_import(request, pk: int):
    roadmap = roadmap_get_for_manager(user=request.user, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            checked = imports.check_import(
                roadmap=roadmap, user=request.user, upload=form.cleaned_data["file"]
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("monitoring:roadmap-import-result", pk=roadmap.pk, import_pk=checked.pk)
    return render(
        request,
        "monitoring/import_form.html",
        {"form": form, "roadmap": roadmap},
        status=400 if form.errors else 200,
    )


@declare(ROADMAP_MANAGE)
@require_http_methods(["GET", "POST"])
def roadmap_import_result(request, pk: int, import_pk: int):
    roadmap = roadmap_get_for_manager(user=request.user, pk=pk)
    values_import = get_object_or_404(ValuesImport, pk=import_pk, roadmap=roadmap)
    valid = imports.import_is_valid(values_import)
    if request.method == "POST":
        try:
            count = imports.apply_import(import_id=values_import.pk, user=request.user)
        except ValueError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, _("%(count)d values imported and approved.") % {"count": count})
        return redirect(roadmap.get_absolute_url())
    rows = values_import.rows
    return render(
        request,
        "monitoring/import_result.html",
        {
            "roadmap": roadmap,
            "import": values_import,
            "rows": rows,
            "valid": valid,
            "error_count": sum(1 for r in rows if r["errors"]),
        },
        status=200 if valid else 422,
    )
