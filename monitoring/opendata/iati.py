"""IATI 2.03: each roadmap as one activity holding a result per indicator, valid against
the IATI 2.03 activity schema (iati-activities-schema.xsd), whose sequence fixes the order
of an activity's elements: iati-identifier, reporting-org, title, description,
participating-org, activity-status, activity-date, recipient-country, …, result.

The reporting organisation is the deployment's (IATI_REPORTING_ORG_REF, _NAME, _TYPE);
every identifier begins with its reference. A period's actual is the indicator's value as
of the period, as the dashboards show it (for a cumulative indicator, the sum since the
baseline, like the baseline and target it is compared with), and its parts are actuals
with a dimension, combined by the same rule (selectors.indicator_parts).
"""

import datetime
from collections import defaultdict
from pathlib import Path
from xml.etree import ElementTree as ET

from django.conf import settings
from django.db.models import Max

from monitoring.dashboards.models import ProgressSnapshot
from monitoring.reporting.models import ProgressReport
from monitoring.reporting.selectors import indicator_parts
from monitoring.roadmaps.models import DIMENSION_CATEGORIES, Dimension, IndicatorMilestone, Roadmap

from .dataset import number_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI codelists: ActivityStatus, ActivityDateType, OrganisationRole, DescriptionType.
PIPELINE, IMPLEMENTATION, FINALISATION = "1", "2", "3"
PLANNED_START, PLANNED_END = "1", "3"
ACCOUNTABLE, IMPLEMENTING = "2", "4"
GENERAL_DESCRIPTION = "1"


def _narrative(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "narrative").text = text
    return element


def activity_status(roadmap: Roadmap, today: datetime.date) -> str:
    if today < roadmap.start:
        return PIPELINE
    return IMPLEMENTATION if today <= roadmap.end else FINALISATION


def identifier(roadmap: Roadmap) -> str:
    return f"{settings.IATI_REPORTING_ORG_REF}-roadmap-{roadmap.pk}"


class Results:
    """The published results of roadmap indicators, read once for a build: each
    indicator's periods with their target, actual and the actual's parts."""

    def __init__(self):
        self.milestones = defaultdict(dict)
        for indicator_id, period_id, value in IndicatorMilestone.objects.values_list(
            "indicator_id", "period_id", "value"
        ):
            self.milestones[indicator_id][period_id] = value
        self.actual = defaultdict(list)
        for indicator_id, country_id, *row in (
            ProgressSnapshot.objects.filter(scope="indicator")
            .exclude(period_value=None)
            .order_by("period__start", "period_id")
            .values_list(
                "indicator_id", "country_id", "period_id", "period__start", "period__end", "value"
            )
            .iterator(chunk_size=5000)
        ):
            self.actual[(indicator_id, country_id)].append(row)
        self.parts = {}
        for indicator_id, country_id, as_of in indicator_parts():
            for period_id, *_rest in self.actual.get((indicator_id, country_id), ()):
                if as_of.get(period_id):
                    self.parts[(indicator_id, country_id, period_id)] = as_of[period_id]
        self.dimension_labels = {code: str(Dimension(code).label) for code in Dimension.values}
        self.category_labels = {
            (d, c): str(label)
            for d, categories in DIMENSION_CATEGORIES.items()
            for c, label in categories
        }

    def add(self, activity: ET.Element, indicator, country_id: int) -> None:
        """One `result` for the indicator as its country's dashboards show it."""
        result = ET.SubElement(activity, "result", {"type": "2", "aggregation-status": "1"})
        _narrative(result, "title", indicator.title)
        element = ET.SubElement(
            result,
            "indicator",
            {
                "measure": "2" if indicator.unit == "percent" else "1",
                "ascending": "1" if indicator.direction == "increase" else "0",
                "aggregation-status": "1",
            },
        )
        _narrative(element, "title", indicator.title)
        if indicator.sdg_indicator:
            ET.SubElement(
                element, "reference", {"vocabulary": "9", "code": indicator.sdg_indicator.code}
            )
        ET.SubElement(
            element,
            "baseline",
            {
                "year": str(indicator.baseline_date.year),
                "iso-date": indicator.baseline_date.isoformat(),
                "value": number_text(indicator.baseline_value),
            },
        )
        key = (indicator.pk, country_id)
        for period_id, start, end, value in self.actual[key]:
            period = ET.SubElement(element, "period")
            ET.SubElement(period, "period-start", {"iso-date": start.isoformat()})
            ET.SubElement(period, "period-end", {"iso-date": end.isoformat()})
            target = self.milestones[indicator.pk].get(period_id, indicator.target_value)
            ET.SubElement(period, "target", {"value": number_text(target)})
            ET.SubElement(period, "actual", {"value": number_text(value)})
            for (dimension, category), number in sorted(
                self.parts.get((*key, period_id), {}).items()
            ):
                part = ET.SubElement(period, "actual", {"value": number_text(number)})
                ET.SubElement(
                    part,
                    "dimension",
                    {
                        "name": self.dimension_labels.get(dimension, dimension),
                        "value": self.category_labels.get((dimension, category), category),
                    },
                )


def reporting_org(activity: ET.Element) -> None:
    _narrative(
        activity,
        "reporting-org",
        settings.IATI_REPORTING_ORG_NAME,
        ref=settings.IATI_REPORTING_ORG_REF,
        type=settings.IATI_REPORTING_ORG_TYPE,
    )


def write(
    folder: Path, generated_at: datetime.datetime, results: Results | None = None
) -> tuple[list[str], list[dict]]:
    """One file per roadmap; returns their paths and, for the /data/ page, whose each is."""
    results = results or Results()
    approved = dict(
        ProgressReport.objects.filter(status=ProgressReport.Status.APPROVED)
        .values("roadmap_id")
        .annotate(last=Max("reviewed_at"))
        .values_list("roadmap_id", "last")
    )
    today = generated_at.date()
    files, listing = [], []
    (folder / "iati").mkdir(exist_ok=True)
    roadmaps = Roadmap.objects.select_related("country").prefetch_related(
        "indicators__sdg_indicator", "owners"
    )
    for roadmap in roadmaps.order_by("pk").iterator(chunk_size=200):
        activities = ET.Element(
            "iati-activities",
            {"version": "2.03", "generated-datetime": generated_at.isoformat(timespec="seconds")},
        )
        updated = max(filter(None, [roadmap.updated_at, approved.get(roadmap.pk)]))
        activity = ET.SubElement(
            activities,
            "iati-activity",
            {
                XML_LANG: settings.LANGUAGE_CODE,
                "default-currency": "USD",
                "last-updated-datetime": updated.isoformat(timespec="seconds"),
            },
        )
        ET.SubElement(activity, "iati-identifier").text = identifier(roadmap)
        reporting_org(activity)
        _narrative(activity, "title", roadmap.title)
        _narrative(
            activity,
            "description",
            roadmap.description
            or f"{roadmap.get_level_display()} SDG roadmap of civil society in "
            f"{roadmap.country.name}, monitored on the Vision 2025 platform.",
            type=GENERAL_DESCRIPTION,
        )
        _narrative(
            activity,
            "participating-org",
            settings.IATI_REPORTING_ORG_NAME,
            ref=settings.IATI_REPORTING_ORG_REF,
            type=settings.IATI_REPORTING_ORG_TYPE,
            role=ACCOUNTABLE,
        )
        for owner in sorted(roadmap.owners.all(), key=lambda o: o.pk):
            _narrative(activity, "participating-org", owner.name, role=IMPLEMENTING)
        ET.SubElement(activity, "activity-status", {"code": activity_status(roadmap, today)})
        for kind, day in ((PLANNED_START, roadmap.start), (PLANNED_END, roadmap.end)):
            ET.SubElement(activity, "activity-date", {"type": kind, "iso-date": day.isoformat()})
        ET.SubElement(activity, "recipient-country", {"code": roadmap.country.code})
        for indicator in roadmap.indicators.all():
            results.add(activity, indicator, roadmap.country_id)
        name = f"iati/roadmap-{roadmap.pk}.xml"
        ET.ElementTree(activities).write(folder / name, encoding="utf-8", xml_declaration=True)
        files.append(name)
        listing.append({"path": name, "roadmap": roadmap.pk, "country": roadmap.country.code})
    return files, listing
