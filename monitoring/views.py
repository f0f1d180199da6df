import gzip
import hashlib
from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache, caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from organizations.models import Organization
from organizations.permissions import is_reviewer, reviewed_country_ids
from vision.selectors import countries_of_vision

from . import dashboards, imports, opendata, services
from .completeness import completeness, default_period
from .filters import review_queue
from .forms import (
    ImportForm,
    IndicatorValueForm,
    MilestoneFormSet,
    ReopenForm,
    ReportForm,
    ReturnForm,
    RoadmapForm,
    RoadmapIndicatorForm,
)
from .models import Evidence, ReportingPeriod, Roadmap, RoadmapIndicator, SdgIndicator, ValuesImport
from .permissions import (
    can_create_roadmaps,
    can_edit_report,
    can_manage_roadmap,
    can_reopen_report,
    can_review_report,
    review_refusal,
)
from .selectors import (
    earlier_approved_values,
    last_approved_values,
    report_evidence,
    report_get_for_viewer,
    report_indicators,
    report_timeline,
    report_values,
    reports_for_review,
    reports_of_user,
    roadmap_get,
    roadmap_get_for_manager,
    roadmaps_list,
    sdg_goal_get,
    sdg_goals,
    todo_of,
    value_versions,
)
from .values import parts_mismatch, plain_number, quality_flags


def sdg_goal_list(request):
    return render(request, "monitoring/sdg_goal_list.html", {"goals": sdg_goals()})


def sdg_goal_detail(request, number: int):
    return render(request, "monitoring/sdg_goal_detail.html", {"goal": sdg_goal_get(number=number)})


# Roadmaps ------------------------------------------------------------------------------


def roadmap_list(request):
    country, level = request.GET.get("country", ""), request.GET.get("level", "")
    page = Paginator(roadmaps_list(country=country, level=level), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/roadmap_list.html",
        {
            "page": page,
            "country": country,
            "level": level,
            "levels": Roadmap.Level.choices,
            "countries": countries_of_vision(),
            "can_create": can_create_roadmaps(request.user),
        },
    )


def roadmap_detail(request, pk: int):
    roadmap = roadmap_get(pk=pk)
    return render(
        request,
        "monitoring/roadmap_detail.html",
        {"roadmap": roadmap, "can_manage": can_manage_roadmap(request.user, roadmap)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_edit(request, pk: int | None = None):
    if pk is None:
        if not can_create_roadmaps(request.user):
            raise PermissionDenied
        roadmap = Roadmap()
    else:
        roadmap = roadmap_get_for_manager(user=request.user, pk=pk)
    form = RoadmapForm(request.POST or None, instance=roadmap, user=request.user)
    if request.method == "POST" and form.is_valid():
        m2m = {
            name: form.cleaned_data[name]
            for name in ("other_countries", "owners", "objectives", "sdg_targets")
        }
        roadmap = services.roadmap_save(roadmap=form.save(commit=False), user=request.user, m2m=m2m)
        messages.success(request, _("The roadmap is saved."))
        return redirect(roadmap.get_absolute_url())
    return render(
        request,
        "monitoring/roadmap_form.html",
        {"form": form, "roadmap": roadmap},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int, indicator_pk: int | None = None):
    roadmap = roadmap_get_for_manager(user=request.user, pk=pk)
    indicator = (
        get_object_or_404(RoadmapIndicator, pk=indicator_pk, roadmap=roadmap)
        if indicator_pk
        else RoadmapIndicator(roadmap=roadmap, position=roadmap.indicators.count() + 1)
    )
    data = request.POST if request.method == "POST" else None
    form = RoadmapIndicatorForm(data, instance=indicator)
    milestones = MilestoneFormSet(data, instance=indicator, prefix="milestones")
    for milestone_form in milestones.forms:
        milestone_form.fields["period"].queryset = ReportingPeriod.objects.order_by("start")
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        indicator = services.indicator_save(
            indicator=form.apply(roadmap),
            user=request.user,
            m2m={
                "objectives": form.cleaned_data["objectives"],
                "sdg_targets": form.cleaned_data["target_codes"],
            },
            milestones=milestones,
        )
        messages.success(request, _("The indicator is saved."))
        return redirect(roadmap.get_absolute_url())
    return render(
        request,
        "monitoring/indicator_form.html",
        {
            "form": form,
            "milestones": milestones,
            "roadmap": roadmap,
            "indicator": indicator,
            "sdg_indicators": SdgIndicator.objects.order_by(
                "target__goal__number", "target__position", "position"
            ),
        },
        status=400 if form.errors or any(milestones.errors) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_import(request, pk: int):
    roadmap = roadmap_get_for_manager(user=request.user, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            checked = imports.check_import(
                roadmap=roadmap, user=request.user, upload=form.cleaned_data["file"]
            )
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("monitoring:roadmap-import-result", pk=roadmap.pk, import_pk=checked.pk)
    return render(
        request,
        "monitoring/import_form.html",
        {"form": form, "roadmap": roadmap},
        status=400 if form.errors else 200,
    )


@login_required
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


# Reporting -----------------------------------------------------------------------------


@login_required
def report_list(request):
    reports = reports_of_user(user=request.user)
    return render(
        request,
        "monitoring/report_list.html",
        {
            "returned": [r for r in reports if r.status == "returned"],
            "drafts": [r for r in reports if r.status == "draft"],
            "submitted": [r for r in reports if r.status == "submitted"],
            "approved": [r for r in reports if r.status == "approved"][:50],
        },
    )


@login_required
def todo(request):
    """Where people land after signing in: what their organisations owe, most urgent
    first, and, for coordinators, the reports waiting for them, oldest first."""
    owed = todo_of(user=request.user)
    waiting = reports_for_review(user=request.user)
    return render(
        request,
        "monitoring/todo.html",
        {
            "open": [item for item in owed if not item.is_done],
            "done": [item for item in owed if item.is_done],
            "waiting": waiting[:TODO_WAITING_SHOWN],
            "waiting_count": waiting.count(),
        },
    )


TODO_WAITING_SHOWN = 10


@login_required
@require_POST
def report_start(request):
    organization = get_object_or_404(Organization, pk=request.POST.get("organization") or 0)
    roadmap = get_object_or_404(Roadmap, pk=request.POST.get("roadmap") or 0)
    period = get_object_or_404(ReportingPeriod, pk=request.POST.get("period") or 0)
    try:
        report = services.report_start(
            organization=organization, roadmap=roadmap, period=period, user=request.user
        )
    except services.ReportConflictError as error:
        messages.error(request, str(error))
        return redirect("monitoring:reports")
    return redirect(report.get_absolute_url())


def _value_forms(report, indicators, values, evidence, data=None, files=None):
    forms = []
    for indicator in indicators:
        current = values.get(indicator.pk)
        initial = {}
        if current:
            initial = {"value": plain_number(current.value), "note": current.note}
            for dimension, categories in (current.disaggregation or {}).items():
                for category, number in categories.items():
                    initial[f"{dimension}__{category}"] = plain_number(Decimal(number))
        forms.append(
            IndicatorValueForm(
                data,
                files,
                prefix=f"i{indicator.pk}",
                indicator=indicator,
                evidence=evidence.get(indicator.pk, []),
                initial=initial,
            )
        )
    return forms


def _mark_service_errors(error: ValidationError, report_form, value_forms) -> None:
    by_indicator = {f.indicator.pk: f for f in value_forms}
    for key, messages_ in error.message_dict.items():
        indicator_id, _sep, field = key.partition(":")
        form = by_indicator.get(int(indicator_id)) if indicator_id.isdecimal() else None
        if form is None:
            report_form.add_error(None, messages_)
        else:
            form.add_error(form.field_for(field) if field else None, messages_)


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    report = report_get_for_viewer(user=request.user, pk=pk)
    indicators = report_indicators(report=report)
    evidence = report_evidence(report=report)
    editable = can_edit_report(request.user, report)
    if request.method == "POST" and not editable:
        raise PermissionDenied(_("This report cannot be changed by you in its present state."))
    status = 200
    conflict = None
    if editable:
        values = report_values(report=report)
        # A copy of the POST, so that the version can follow a refused save's kept files.
        data, files = (
            (request.POST.copy(), request.FILES) if request.method == "POST" else (None, None)
        )
        report_form = ReportForm(
            data, initial={"narrative": report.narrative, "version": report.version}
        )
        value_forms = _value_forms(report, indicators, values, evidence, data, files)
        if request.method == "POST":
            # A list, not a generator: every form is validated so every error shows at once.
            if all([report_form.is_valid(), *[f.is_valid() for f in value_forms]]):
                empty = [f for f in value_forms if f.cleaned_data.get("value") is None]
                submit = "submit" in request.POST and not empty
                try:
                    services.report_save(
                        report_id=report.pk,
                        user=request.user,
                        version=report_form.cleaned_data["version"],
                        narrative=report_form.cleaned_data["narrative"],
                        values=[f.value_input() for f in value_forms],
                        new_evidence=[item for f in value_forms for item in f.evidence_inputs()],
                        remove_evidence=[
                            pk
                            for f in value_forms
                            for pk in f.cleaned_data.get("remove_evidence", [])
                        ],
                        submit=submit,
                    )
                except ValidationError as error:
                    _mark_service_errors(error, report_form, value_forms)
                except services.ReportConflictError as error:
                    conflict, status = str(error), 409
                else:
                    if submit:
                        messages.success(request, _("The report is submitted for review."))
                        return redirect("monitoring:todo")
                    if "submit" in request.POST:
                        # Refused for what is missing, the submit still keeps what was
                        # typed and attached, as a draft.
                        messages.warning(
                            request,
                            ngettext(
                                "Saved as a draft, not submitted: %(count)d indicator is "
                                "still empty. Give it a value, then submit.",
                                "Saved as a draft, not submitted: %(count)d indicators are "
                                "still empty. Give them a value, then submit.",
                                len(empty),
                            )
                            % {"count": len(empty)},
                        )
                    else:
                        messages.success(request, _("The draft is saved."))
                    return redirect(report.get_absolute_url())
            if status == 200:
                status = 400
                _keep_files(request, report, report_form, value_forms, data)
        last = last_approved_values(report=report)
        rows = [
            (indicator, form, last.get(indicator.pk), _is_empty(form), _warnings(indicator, values))
            for indicator, form in zip(indicators, value_forms, strict=True)
        ]
        return render(
            request,
            "monitoring/report_form.html",
            {
                "report": report,
                "report_form": report_form,
                "rows": rows,
                "empty_count": sum(1 for row in rows if row[3]),
                "conflict": conflict,
                "report_evidence": evidence.get(None, []),
            },
            status=status,
        )
    return render(
        request,
        "monitoring/report_detail.html",
        {
            **_report_view_context(report, indicators, evidence),
            "can_reopen": can_reopen_report(request.user, report),
            "can_review": report.status == "submitted" and can_review_report(request.user, report),
        },
    )


def _keep_files(request, report, report_form, value_forms, data) -> None:
    """A save refused for its values still keeps its valid evidence files with the draft
    (a browser cannot fill a file input again); the form then carries the new version."""
    kept = [item for f in value_forms for item in f.evidence_inputs() if item.file]
    if not kept:
        return
    try:
        report = services.report_keep_evidence(
            report_id=report.pk,
            user=request.user,
            version=report_form.cleaned_data.get("version"),
            evidence=kept,
        )
    except (services.ReportConflictError, ValidationError, PermissionDenied):
        return
    data["version"] = str(report.version)
    stored = report_evidence(report=report)
    for form in value_forms:
        form.evidence = stored.get(form.indicator.pk, [])
    messages.info(
        request,
        ngettext(
            "Your file is kept with the draft: you need not choose it again.",
            "Your %(count)d files are kept with the draft: you need not choose them again.",
            len(kept),
        )
        % {"count": len(kept)},
    )


def _value_comments(data) -> dict[int, str]:
    """The reviewer's comments on single values: `value-<indicator id>` fields."""
    return {
        int(key.removeprefix("value-")): text
        for key, text in data.items()
        if key.startswith("value-") and key.removeprefix("value-").isdecimal()
    }


def _warnings(indicator, values) -> list[str]:
    """What the editor should check in the saved value before submitting (not blocking)."""
    saved = values.get(indicator.pk)
    return parts_mismatch(indicator, saved.value, saved.disaggregation) if saved else []


def _is_empty(form) -> bool:
    """Whether the indicator's input holds no value, as typed or as saved."""
    return str(form["value"].value() or "").strip() == ""


def _report_view_context(report, indicators, evidence, flags=False):
    values = report_values(report=report)
    earlier = earlier_approved_values(report=report) if flags else {}
    versions = value_versions(report=report)
    rows = []
    for indicator in indicators:
        value = values.get(indicator.pk)
        # The last version is the value shown; the others are its earlier versions.
        *previous, latest = versions.get(indicator.pk) or [None]
        rows.append(
            {
                "indicator": indicator,
                "value": value,
                "latest": latest,
                "previous": previous[::-1],
                "evidence": evidence.get(indicator.pk, []),
                "flags": quality_flags(
                    indicator,
                    value.value if value else None,
                    earlier.get(indicator.pk, []),
                    value.disaggregation if value else {},
                )
                if flags
                else [],
            }
        )
    return {
        "report": report,
        "rows": rows,
        "report_evidence": evidence.get(None, []),
        "timeline": report_timeline(report=report),
    }


@login_required
def evidence_download(request, pk: int, evidence_pk: int):
    """An evidence file, to the people who may see its report. Always a download, never
    shown in the browser, whatever the file turns out to contain."""
    # Who may see the report first: to anyone else the file does not exist, whatever
    # the method.
    report = report_get_for_viewer(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    evidence = get_object_or_404(Evidence.objects.exclude(file=""), pk=evidence_pk, report=report)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=str(evidence),
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def report_reopen(request, pk: int):
    report = report_get_for_viewer(user=request.user, pk=pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect(report.get_absolute_url())
    try:
        services.report_reopen(
            report_id=report.pk, admin=request.user, reason=form.cleaned_data["reason"]
        )
    except services.ReportConflictError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report is reopened; its editors can correct it."))
    return redirect(report.get_absolute_url())


# Review --------------------------------------------------------------------------------


@login_required
def review_list(request):
    queue = review_queue(data=request.GET or None, queryset=reports_for_review(user=request.user))
    valid = queue.is_bound is False or queue.is_valid()
    page = Paginator(queue.qs, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/review_list.html",
        {"filter": queue, "page": page, "reports": page.object_list},
        status=200 if valid else 400,
    )


REVIEW_PAGE_SIZE = 25


@login_required
def review_completeness(request):
    """Per country, roadmap and organisation: the reports expected for a period and where
    each stands (DHIS2's reporting rate), for the countries the person coordinates."""
    if not is_reviewer(request.user):
        raise PermissionDenied
    countries = reviewed_country_ids(request.user)
    periods = list(ReportingPeriod.objects.order_by("-start"))
    code = request.GET.get("period")
    period = next((p for p in periods if p.code == code), None) if code else default_period()
    if code and period is None:
        raise Http404
    return render(
        request,
        "monitoring/review_completeness.html",
        {
            "periods": periods,
            "period": period,
            "countries": completeness(period=period, country_ids=countries) if period else [],
        },
    )


MAX_APPROVED_AT_ONCE = 100


@login_required
@require_http_methods(["GET", "POST"])
def review_approve(request):
    """Approving one report or several at once: a page that lists them and says they will be
    locked, then, confirmed, each is approved through the same checks as one by one."""
    if not is_reviewer(request.user):
        raise PermissionDenied
    chosen = (request.POST if request.method == "POST" else request.GET).getlist("report")
    ids = {int(pk) for pk in chosen[:MAX_APPROVED_AT_ONCE] if pk.isdecimal() and len(pk) < 12}
    reports = list(reports_for_review(user=request.user).filter(pk__in=ids))
    if not reports:
        messages.error(request, _("Choose at least one report waiting for your review."))
        return redirect("monitoring:review")
    if len(reports) < len(set(chosen)):
        messages.warning(
            request,
            _("Only the reports that wait for your review are listed; the others were left out."),
        )
    if request.method == "GET":
        items = [(report, review_refusal(request.user, report)) for report in reports]
        return render(request, "monitoring/review_approve.html", {"items": items})
    approved = 0
    for report in reports:
        try:
            services.report_approve(report_id=report.pk, reviewer=request.user)
            approved += 1
        except (PermissionDenied, services.ReportConflictError) as error:
            messages.error(request, f"{report.roadmap.title} · {report.period.code}: {error}")
    if approved:
        messages.success(
            request,
            ngettext(
                "%(count)d report is approved and locked.",
                "%(count)d reports are approved and locked.",
                approved,
            )
            % {"count": approved},
        )
    return redirect("monitoring:review")


@login_required
@require_http_methods(["GET", "POST"])
def review_report(request, pk: int):
    report = report_get_for_viewer(user=request.user, pk=pk)
    refusal = review_refusal(request.user, report)
    return_form = ReturnForm(request.POST if request.POST.get("action") == "return" else None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                services.report_approve(report_id=report.pk, reviewer=request.user)
                messages.success(request, _("The report is approved."))
                return redirect("monitoring:review")
            if request.POST.get("action") == "return":
                if return_form.is_valid():
                    services.report_return(
                        report_id=report.pk,
                        reviewer=request.user,
                        comment=return_form.cleaned_data["comment"],
                        value_comments=_value_comments(request.POST),
                    )
                    messages.success(request, _("The report is returned to its editors."))
                    return redirect("monitoring:review")
                status = 400
            else:
                status = 400
                messages.error(request, _("Choose to approve or to return the report."))
        except services.ReportConflictError as error:
            messages.error(request, str(error))
            status = 409
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            status = 400
    indicators = report_indicators(report=report)
    context = _report_view_context(report, indicators, report_evidence(report=report), flags=True)
    typed = _value_comments(request.POST)
    for row in context["rows"]:
        row["typed_comment"] = typed.get(row["indicator"].pk, "")
    return render(
        request,
        "monitoring/review_report.html",
        {**context, "return_form": return_form, "refusal": refusal},
        status=status,
    )


# Public dashboards ---------------------------------------------------------------------


# Pages larger than this (spreadsheet downloads) stay in the shared cache only.
LOCAL_PAGE_BYTES = 256 * 1024


def cached_dashboard(view):
    """Serve a dashboard page from the cache, keyed on the page, its language and the
    dashboard generation: a new generation makes every older entry unreachable. Pages
    are kept gzipped, so that a warm hit moves a fifth of the bytes and compresses
    nothing (the rare client without gzip gets it unpacked). Each process keeps the pages
    it served last in its own memory in front of the shared cache: a warm hit then costs
    the generation's query alone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # Signed-in people see their own menu in the page header: render it for them.
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        generation = dashboards.current_generation()
        page = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # v3: entries hold the page gzipped; older entries are never read.
        key = f"dashboard:v3:{generation}:{request.LANGUAGE_CODE}:{page}"
        local_pages = caches["pages"]
        cached = local_pages.get(key)
        if cached is None:
            cached = cache.get(key)
            if cached is not None and len(cached[0]) <= LOCAL_PAGE_BYTES:
                local_pages.set(key, cached)
        if cached is not None:
            body, is_gzipped, content_type, disposition = cached
            if is_gzipped and "gzip" in request.headers.get("Accept-Encoding", ""):
                response = HttpResponse(body, content_type=content_type)
                response["Content-Encoding"] = "gzip"
            else:
                response = HttpResponse(
                    gzip.decompress(body) if is_gzipped else body, content_type=content_type
                )
            patch_vary_headers(response, ("Accept-Encoding",))
            if disposition:
                response["Content-Disposition"] = disposition
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200:
            body = response.content
            # As GZipMiddleware would: only where compressing pays.
            packed = compress_string(body) if len(body) >= 200 else body
            is_gzipped = len(packed) < len(body)
            entry = (
                packed if is_gzipped else body,
                is_gzipped,
                response["Content-Type"],
                response.get("Content-Disposition"),
            )
            cache.set(key, entry, timeout=settings.DASHBOARD_CACHE_SECONDS)
            if len(entry[0]) <= LOCAL_PAGE_BYTES:
                local_pages.set(key, entry)
        return response

    return wrapper


def _dashboard(request, template: str, context: dict):
    fmt = request.GET.get("format")
    if fmt:
        return dashboards.download(context["table"], fmt)
    state = dashboards.dashboard_state()
    return render(request, template, {**context, "computed_at": state.computed_at})


@cached_dashboard
def dashboard_region(request):
    context = dashboards.region_dashboard(with_rates=True)
    return _dashboard(request, "monitoring/dashboard_region.html", context)


@cached_dashboard
def dashboard_country(request, code: str):
    context = dashboards.country_dashboard(code=code, page_number=request.GET.get("page"))
    return _dashboard(request, "monitoring/dashboard_country.html", context)


@cached_dashboard
def dashboard_priority(request, number: int):
    context = dashboards.priority_dashboard(number=number)
    return _dashboard(request, "monitoring/dashboard_priority.html", context)


@cached_dashboard
def dashboard_sdg(request, number: int):
    context = dashboards.sdg_dashboard(number=number, page_number=request.GET.get("page"))
    return _dashboard(request, "monitoring/dashboard_sdg.html", context)


@cached_dashboard
def dashboard_indicator(request, pk: int):
    context = dashboards.indicator_dashboard(pk=pk)
    return _dashboard(request, "monitoring/dashboard_indicator.html", context)


def dashboard_methodology(request):
    return render(request, "monitoring/dashboard_methodology.html")


# Open data -----------------------------------------------------------------------------


def open_data(request):
    downloads = opendata.downloads(opendata.manifest())
    return render(request, "monitoring/open_data.html", {"downloads": downloads})


def open_data_file(request, path: str):
    """A download, served from the current build; nothing outside it is reachable."""
    base = (opendata.root() / "current").resolve()
    target = (base / path).resolve()
    if base not in target.parents or not target.is_file():
        raise Http404
    return FileResponse(open(target, "rb"), as_attachment=True, filename=target.name)
