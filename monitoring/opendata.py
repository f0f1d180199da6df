"""Open data downloads, rebuilt after each dashboard recompute.

Everything is written to a fresh folder and then swapped in, so a download never mixes
two versions. Rows are streamed from the database, so memory stays flat as data grows.

- approved-values.csv and .json: every approved value;
- datapackage.json: a Frictionless Data Package describing them;
- opensdg/<country>/<indicator>.csv: each localised SDG indicator in the Open SDG data
  format (Year, disaggregation columns, Value), for national Open SDG sites;
- iati/<roadmap>.xml: each roadmap's results as IATI 2.03 `result` elements.
"""

import csv
import json
import os
import shutil
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils import timezone

from vision.spreadsheets import csv_row

from .models import (
    DIMENSION_CATEGORIES,
    DashboardState,
    Dimension,
    IndicatorMilestone,
    IndicatorValue,
    ProgressSnapshot,
    Roadmap,
    RoadmapIndicator,
)

VALUE_FIELDS = [
    ("value_id", "integer", "id"),
    ("country", "string", "country__code"),
    ("period", "string", "period__code"),
    ("period_start", "date", "period__start"),
    ("period_end", "date", "period__end"),
    ("organization", "string", "report__organization__slug"),
    ("roadmap_id", "integer", "indicator__roadmap_id"),
    ("roadmap", "string", "indicator__roadmap__title"),
    ("indicator_id", "integer", "indicator_id"),
    ("indicator_code", "string", "indicator__code"),
    ("indicator", "string", "indicator__title"),
    ("sdg_indicator", "string", "indicator__sdg_indicator__code"),
    ("unit", "string", "indicator__unit"),
    ("value", "number", "value"),
    ("disaggregation", "object", "disaggregation"),
    ("approved_at", "datetime", "report__reviewed_at"),
]


def root() -> Path:
    return Path(settings.OPEN_DATA_ROOT)


def manifest() -> dict | None:
    """What was last built: when, from which dashboard generation, and the files."""
    path = root() / "current" / "index.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _approved_rows():
    columns = [lookup for _name, _type, lookup in VALUE_FIELDS]
    return (
        IndicatorValue.objects.filter(is_approved=True)
        .exclude(value=None)
        .order_by("pk")
        .values_list(*columns)
        .iterator(chunk_size=5000)
    )


def _write_values(folder: Path) -> int:
    names = [name for name, _type, _lookup in VALUE_FIELDS]
    count = 0
    with (
        open(folder / "approved-values.csv", "w", encoding="utf-8", newline="") as csv_file,
        open(folder / "approved-values.json", "w", encoding="utf-8") as json_file,
    ):
        writer = csv.writer(csv_file)
        writer.writerow(names)
        json_file.write("[\n")
        for row in _approved_rows():
            plain = [_plain(v) for v in row]
            writer.writerow(
                csv_row(
                    json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v for v in plain
                )
            )
            json_file.write(
                ("," if count else "")
                + json.dumps(dict(zip(names, plain, strict=True)), ensure_ascii=False)
                + "\n"
            )
            count += 1
        json_file.write("]\n")
    return count


def _datapackage(folder: Path, generated_at: str, files: list[str]) -> None:
    fields = [
        {"name": name, "type": "string" if kind == "object" else kind}
        for name, kind, _lookup in VALUE_FIELDS
    ]
    for field in fields:
        if field["name"] == "disaggregation":
            field["description"] = "JSON object: parts by dimension and category"
    package = {
        "name": "vision-2025-approved-values",
        "title": "Vision 2025: approved values of the SDG roadmaps of Central Asian civil society",
        "created": generated_at,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {
                "name": "approved-values",
                "path": "approved-values.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": ["value_id"]},
            },
            {
                "name": "approved-values-json",
                "path": "approved-values.json",
                "format": "json",
                "mediatype": "application/json",
            },
            *[
                {
                    "name": Path(f).stem.lower().replace("_", "-"),
                    "path": f,
                    "format": "csv",
                    "mediatype": "text/csv",
                }
                for f in files
                if f.startswith("opensdg/")
            ],
            *[
                {
                    "name": Path(f).stem.lower(),
                    "path": f,
                    "format": "xml",
                    "mediatype": "application/xml",
                }
                for f in files
                if f.startswith("iati/")
            ],
        ],
    }
    (folder / "datapackage.json").write_text(
        json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8"
    )


def _open_sdg(folder: Path) -> list[str]:
    """One file per localised SDG indicator and country: the value at the end of each year
    (the last period with figures), and the disaggregated parts of that period."""
    dimension_labels = {code: str(Dimension(code).label) for code in Dimension.values}
    category_labels = {
        (d, c): str(label)
        for d, categories in DIMENSION_CATEGORIES.items()
        for c, label in categories
    }
    indicators = {
        i.pk: i
        for i in RoadmapIndicator.objects.exclude(sdg_indicator=None).select_related(
            "sdg_indicator"
        )
    }
    yearly: dict[tuple, dict[int, tuple]] = defaultdict(dict)
    snapshots = (
        ProgressSnapshot.objects.filter(scope="indicator", indicator_id__in=indicators)
        .exclude(value=None)
        .order_by("period__start")
        .values_list("indicator_id", "country__code", "period_id", "period__end", "value")
        .iterator(chunk_size=5000)
    )
    for indicator_id, country, period_id, end, value in snapshots:
        yearly[(indicator_id, country)][end.year] = (period_id, value)
    parts: dict[tuple, dict] = defaultdict(lambda: defaultdict(Decimal))
    wanted = {(i, c, p) for (i, c), years in yearly.items() for p, _v in years.values()}
    values = (
        IndicatorValue.objects.filter(is_approved=True, indicator_id__in=indicators)
        .exclude(disaggregation={})
        .values_list("indicator_id", "country__code", "period_id", "disaggregation")
        .iterator(chunk_size=5000)
    )
    for indicator_id, country, period_id, disaggregation in values:
        if (indicator_id, country, period_id) in wanted:
            for dimension, categories in disaggregation.items():
                for category, number in categories.items():
                    parts[(indicator_id, country, period_id)][(dimension, category)] += Decimal(
                        number
                    )
    files = []
    for (indicator_id, country), years in sorted(yearly.items()):
        indicator = indicators[indicator_id]
        dimensions = [d for d in Dimension.values if d in (indicator.disaggregations or [])]
        code = indicator.sdg_indicator.code.replace(".", "-")
        name = f"opensdg/{country}/{code}__{indicator_id}.csv"
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(csv_row(["Year", *[dimension_labels[d] for d in dimensions], "Value"]))
            for year, (period_id, value) in sorted(years.items()):
                writer.writerow([year, *[""] * len(dimensions), _plain(value)])
                for (dimension, category), number in sorted(
                    parts[(indicator_id, country, period_id)].items()
                ):
                    if dimension in dimensions:
                        cells = ["" for _d in dimensions]
                        cells[dimensions.index(dimension)] = category_labels.get(
                            (dimension, category), category
                        )
                        writer.writerow(csv_row([year, *cells, _plain(number)]))
        files.append(name)
    return files


def _iati(folder: Path, generated_at: str) -> list[str]:
    """Each roadmap as an IATI 2.03 activity holding one result per indicator."""
    milestones = defaultdict(dict)
    for indicator_id, period_id, value in IndicatorMilestone.objects.values_list(
        "indicator_id", "period_id", "value"
    ):
        milestones[indicator_id][period_id] = value
    actual = defaultdict(list)
    for row in (
        ProgressSnapshot.objects.filter(scope="indicator")
        .exclude(period_value=None)
        .order_by("period__start")
        .values_list(
            "indicator_id",
            "country_id",
            "period_id",
            "period__start",
            "period__end",
            "period_value",
        )
        .iterator(chunk_size=5000)
    ):
        actual[(row[0], row[1])].append(row[2:])
    files = []
    (folder / "iati").mkdir(exist_ok=True)
    roadmaps = Roadmap.objects.select_related("country").prefetch_related(
        "indicators__sdg_indicator"
    )
    for roadmap in roadmaps.order_by("pk").iterator(chunk_size=200):
        activities = ET.Element(
            "iati-activities", {"version": "2.03", "generated-datetime": generated_at}
        )
        activity = ET.SubElement(activities, "iati-activity", {"default-currency": "USD"})
        ET.SubElement(activity, "iati-identifier").text = f"XM-VISION2025-roadmap-{roadmap.pk}"
        ET.SubElement(ET.SubElement(activity, "title"), "narrative").text = roadmap.title
        ET.SubElement(activity, "recipient-country", {"code": roadmap.country.code})
        for indicator in roadmap.indicators.all():
            result = ET.SubElement(activity, "result", {"type": "2", "aggregation-status": "1"})
            ET.SubElement(ET.SubElement(result, "title"), "narrative").text = indicator.title
            element = ET.SubElement(
                result,
                "indicator",
                {
                    "measure": "2" if indicator.unit == "percent" else "1",
                    "ascending": "1" if indicator.direction == "increase" else "0",
                    "aggregation-status": "1",
                },
            )
            ET.SubElement(ET.SubElement(element, "title"), "narrative").text = indicator.title
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
                    "value": str(_plain(indicator.baseline_value)),
                },
            )
            for period_id, start, end, value in actual[(indicator.pk, roadmap.country_id)]:
                period = ET.SubElement(element, "period")
                ET.SubElement(period, "period-start", {"iso-date": start.isoformat()})
                ET.SubElement(period, "period-end", {"iso-date": end.isoformat()})
                target = milestones[indicator.pk].get(period_id, indicator.target_value)
                ET.SubElement(period, "target", {"value": str(_plain(target))})
                ET.SubElement(period, "actual", {"value": str(_plain(value))})
        name = f"iati/roadmap-{roadmap.pk}.xml"
        ET.ElementTree(activities).write(folder / name, encoding="utf-8", xml_declaration=True)
        files.append(name)
    return files


def build() -> dict:
    """Rebuild every download in a fresh folder and swap it in."""
    base = root()
    base.mkdir(parents=True, exist_ok=True)
    state = DashboardState.objects.filter(pk=1).first()
    generated_at = timezone.now().isoformat(timespec="seconds")
    folder = Path(tempfile.mkdtemp(prefix="building-", dir=base))
    try:
        count = _write_values(folder)
        files = _open_sdg(folder) + _iati(folder, generated_at)
        _datapackage(folder, generated_at, files)
        index = {
            "generated_at": generated_at,
            "generation": state.generation if state else 0,
            "values": count,
            "files": ["approved-values.csv", "approved-values.json", "datapackage.json", *files],
        }
        (folder / "index.json").write_text(json.dumps(index, indent=1), encoding="utf-8")
        # Swapping a symbolic link is atomic: a download sees the old files or the new.
        current = base / "current"
        old = current.resolve() if current.is_symlink() else None
        link = base / f".current-{folder.name}"
        os.symlink(folder.name, link)
        os.replace(link, current)
        if old and old.exists() and old != folder:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return index
