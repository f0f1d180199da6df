"""Open SDG: each country's site laid out as the inputs of sdg-build, Open SDG's builder
(InputCsvData and InputYamlMdMeta):

    opensdg/<country>/data/indicator_<id>.csv    Year, Series, Units, disaggregations, Value
    opensdg/<country>/meta/<id>.md               YAML front matter

The id of a UN SDG indicator is its code with dashes (16-6-2), so that sdg-build reads its
goal, target and number from it and Open SDG shows its global title
(`global_indicators.16-6-2-title`). A custom indicator gets `<its first SDG target>-v<its
platform id>` (4-7-v12): a UN indicator's number is digits only, so the two never collide.
One that serves no SDG target is standalone: `vision-<id>`.

Several roadmap indicators localising one UN indicator in one country (a national and a
local roadmap's) share the UN indicator's files: each is a series of its own, named in the
Series column (its title and roadmap) with its unit in Units, each with its own headline
rows and parts, and listed under `series` in the metadata.

Each year has the value at the end of the year (its last period, as the dashboards had it
then) and the disaggregated parts as of the same period, combined as the headline is
(selectors.indicator_parts): a cumulative indicator's parts are cumulated too.
"""

import csv
import json
from collections import defaultdict
from pathlib import Path

from django.conf import settings

from monitoring.dashboards.models import ProgressSnapshot
from monitoring.reporting.models import IndicatorValue
from monitoring.reporting.selectors import indicator_parts
from monitoring.roadmaps.models import DIMENSION_CATEGORIES, Dimension, RoadmapIndicator
from monitoring.sdg.models import SdgTarget
from vision.models import Country
from vision.spreadsheets import csv_row

from .dataset import number_text


def open_sdg_id(indicator: RoadmapIndicator, first_target: SdgTarget | None) -> str:
    """The indicator's id on an Open SDG site (see the module's docstring)."""
    if indicator.sdg_indicator_id:
        return indicator.sdg_indicator.code.replace(".", "-")
    if first_target is not None:
        return f"{first_target.code.replace('.', '-')}-v{indicator.pk}"
    return f"vision-{indicator.pk}"


def _sort_order(number: str) -> str:
    # As sdg-build's OutputOpenSdg.generate_sort_order: each part padded to two characters.
    return "-".join(part if len(part) > 1 else "0" + part for part in number.split("."))


def _yaml(value) -> str:
    """A YAML value: JSON, which YAML reads as it is, with the line breaks that YAML would
    fold (and JSON leaves raw) escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return text.translate({0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029", 0xFEFF: ""})


def _number(number):
    # Metadata numbers: whole numbers exact, others as YAML reads them (a float).
    return int(number) if number == number.to_integral_value() else float(number)


def _series_name(indicator: RoadmapIndicator) -> str:
    return f"{indicator.title} ({indicator.roadmap.title})"


def _units(indicator: RoadmapIndicator) -> str:
    return str(indicator.unit_text or indicator.get_unit_display())


def write(folder: Path) -> tuple[list[str], list[dict]]:
    """Write every country's Open SDG files; returns their paths and, for the /data/ page,
    what each data file holds."""
    dimension_labels = {code: str(Dimension(code).label) for code in Dimension.values}
    category_labels = {
        (d, c): str(label)
        for d, categories in DIMENSION_CATEGORIES.items()
        for c, label in categories
    }
    indicators = {
        i.pk: i
        for i in RoadmapIndicator.objects.select_related(
            "sdg_indicator__target__goal", "roadmap"
        ).prefetch_related("objectives__priority", "sdg_targets__goal")
    }
    countries = dict(Country.objects.values_list("pk", "code"))

    # The value at the end of each year: the last period of the year with a figure.
    yearly: dict[tuple, dict[int, tuple]] = defaultdict(dict)
    snapshots = (
        ProgressSnapshot.objects.filter(scope="indicator")
        .exclude(value=None)
        .order_by("period__start", "period_id")
        .values_list("indicator_id", "country_id", "period_id", "period__end", "value")
        .iterator(chunk_size=5000)
    )
    for indicator_id, country_id, period_id, end, value in snapshots:
        if indicator_id in indicators:
            yearly[(indicator_id, country_id)][end.year] = (period_id, value)

    wanted = {(i, c): {p for p, _v in years.values()} for (i, c), years in yearly.items()}
    parts: dict[tuple, dict] = {}
    for indicator_id, country_id, as_of in indicator_parts():
        for period_id in wanted.get((indicator_id, country_id), ()):
            if period_id in as_of:
                parts[(indicator_id, country_id, period_id)] = as_of[period_id]

    reporters: dict[tuple, set] = defaultdict(set)
    for indicator_id, country_id, name in (
        IndicatorValue.objects.filter(is_approved=True)
        .exclude(value=None)
        .values_list("indicator_id", "country_id", "report__organization__name")
        .distinct()
        .iterator(chunk_size=5000)
    ):
        reporters[(indicator_id, country_id)].add(name)

    # One site per country; on it, one id per UN indicator or custom indicator.
    sites: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for indicator_id, country_id in sorted(yearly):
        indicator = indicators[indicator_id]
        targets = sorted(indicator.sdg_targets.all(), key=lambda t: (t.goal.number, t.position))
        sites[country_id][open_sdg_id(indicator, targets[0] if targets else None)].append(
            indicator_id
        )

    files, listing = [], []
    for country_id, ids in sorted(sites.items(), key=lambda item: countries[item[0]]):
        country = countries[country_id]
        for inid, members in sorted(ids.items()):
            series = [indicators[pk] for pk in members]
            data = f"opensdg/{country}/data/indicator_{inid}.csv"
            meta = f"opensdg/{country}/meta/{inid}.md"
            dimensions = [
                d for d in Dimension.values if any(d in (i.disaggregations or []) for i in series)
            ]
            path = folder / data
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(
                    ["Year", "Series", "Units", *[dimension_labels[d] for d in dimensions], "Value"]
                )
                for indicator in series:
                    label = [_series_name(indicator), _units(indicator)]
                    years = yearly[(indicator.pk, country_id)]
                    for year, (period_id, value) in sorted(years.items()):
                        empty = [""] * len(dimensions)
                        writer.writerow(csv_row([year, *label, *empty, number_text(value)]))
                        as_of = parts.get((indicator.pk, country_id, period_id), {})
                        for (dimension, category), number in sorted(as_of.items()):
                            if dimension in dimensions:
                                cells = list(empty)
                                cells[dimensions.index(dimension)] = category_labels.get(
                                    (dimension, category), category
                                )
                                writer.writerow(
                                    csv_row([year, *label, *cells, number_text(number)])
                                )
            organisations = sorted(set().union(*(reporters[(i.pk, country_id)] for i in series)))
            _write_meta(folder / meta, inid, series, organisations)
            files += [data, meta]
            listing.append(
                {
                    "path": data,
                    "meta": meta,
                    "country": country,
                    "id": inid,
                    "sdg_indicator": series[0].sdg_indicator.code
                    if series[0].sdg_indicator_id
                    else "",
                    "indicators": members,
                }
            )
    return files, listing


def _write_meta(path: Path, inid: str, series: list[RoadmapIndicator], organisations) -> None:
    first = series[0]
    un = first.sdg_indicator
    fields: dict = {}
    if un is not None:
        target = un.target
        fields |= {
            "indicator_number": un.code,
            "indicator_name": f"global_indicators.{inid}-title",
            "title": un.title,
            "target_number": target.code,
            "target_name": f"global_targets.{target.code.replace('.', '-')}-title",
            "goal_number": str(target.goal.number),
            "sdg_goal": str(target.goal.number),
            "national_indicator_available": "; ".join(i.title for i in series),
        }
    else:
        targets = sorted(first.sdg_targets.all(), key=lambda t: (t.goal.number, t.position))
        fields |= {
            "indicator_number": inid.replace("-", ".") if targets else inid,
            "indicator_name": first.title,
            "title": first.title,
        }
        if targets:
            fields |= {
                "target_number": targets[0].code,
                "goal_number": str(targets[0].goal.number),
                "sdg_goal": str(targets[0].goal.number),
            }
        else:
            fields["standalone"] = True
    fields |= {
        "indicator_sort_order": _sort_order(str(fields["indicator_number"])),
        "graph_title": _series_name(first) if len(series) == 1 else fields["title"],
        "graph_type": "line",
        "reporting_status": "complete",
        "data_non_statistical": False,
        "published": True,
        "computation_units": ", ".join(dict.fromkeys(_units(i) for i in series)),
        "source_active_1": True,
        "source_organisation_1": "; ".join(organisations),
        "source_url_1": f"{settings.SITE_URL}/dashboards/indicators/{first.pk}/",
        "source_url_text_1": "Vision 2025 monitoring platform",
        "vision_objectives": sorted(
            {f"{o.code} {o.title}" for i in series for o in i.objectives.all()}
        ),
        "reporting_organisations": organisations,
        "series": [
            {
                "series": _series_name(i),
                "units": _units(i),
                "roadmap": i.roadmap.title,
                "platform_indicator_id": i.pk,
                "code": i.code,
                "aggregation": i.aggregation,
                "cumulative": i.cumulative,
                "baseline": _number(i.baseline_value),
                "baseline_date": i.baseline_date.isoformat(),
                "target": _number(i.target_value),
                "target_date": i.target_date.isoformat(),
                "url": f"{settings.SITE_URL}/dashboards/indicators/{i.pk}/",
            }
            for i in series
        ],
    }
    lines = ["---", *(f"{key}: {_yaml(value)}" for key, value in fields.items()), "---", ""]
    body = [f"{i.title}: {i.definition}".replace("\r", "") for i in series if i.definition]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines + body) + "\n", encoding="utf-8")
