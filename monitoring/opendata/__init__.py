"""Open data downloads, rebuilt after each dashboard recompute.

Everything is written to a fresh folder and then swapped in, so a download never mixes
two versions. Rows are streamed from the database, so memory stays flat as data grows.

- approved-values.csv and .json: every approved value, numbers as numbers (dataset.py);
- recommendations.csv and .json, approved-assessments.csv and .json: every recommendation
  with its links as codes and the network's position, every approved assessment
  (commitments.py);
- enterprises.csv and .json, enterprise-ratings.csv and .json: the social enterprises'
  registry and every approved assessment of their rating (enterprises.py);
- datapackage.json: a Frictionless Data Package describing every file (dataset.py);
- opensdg/<country>/data/indicator_<id>.csv and opensdg/<country>/meta/<id>.md: each
  country's Open SDG site as sdg-build reads it (opensdg.py);
- iati/roadmap-<id>.xml: each roadmap as an IATI 2.03 activity with its results (iati.py);
- projects.csv and .json, project-budgets.csv and .json, iati/projects.xml: the published
  projects, their budgets, and each as an IATI 2.03 activity (projects.py).

Disaggregated parts follow the rule of their headline figure everywhere: a cumulative
indicator's parts are cumulated too (selectors.indicator_parts).
"""

import datetime
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from monitoring.dashboards.models import DashboardState
from monitoring.roadmaps.models import Roadmap, RoadmapIndicator
from vision.models import Country

from . import commitments, dataset, enterprises, iati, opensdg, projects


def root() -> Path:
    return Path(settings.OPEN_DATA_ROOT)


def manifest() -> dict | None:
    """What was last built: when, from which dashboard generation, and the files."""
    path = root() / "current" / "index.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def build() -> dict:
    """Rebuild every download in a fresh folder and swap it in. Files are written in the
    site's default language, which the IATI files declare."""
    base = root()
    base.mkdir(parents=True, exist_ok=True)
    state = DashboardState.objects.filter(pk=1).first()
    now = timezone.now().replace(microsecond=0)
    generated_at = now.isoformat()
    folder = Path(tempfile.mkdtemp(prefix="building-", dir=base))
    try:
        with translation.override(settings.LANGUAGE_CODE):
            count = dataset.write_values(folder)
            results = iati.Results()
            counted = {
                **commitments.write(folder),
                **enterprises.write(folder),
                **projects.write(folder, now, results),
            }
            open_sdg_files, open_sdg = opensdg.write(folder)
            iati_files, iati_listing = iati.write(folder, now, results)
            files = [*open_sdg_files, projects.IATI_FILE, *iati_files]
            tables = commitments.resources() + enterprises.resources() + projects.resources()
            dataset.write_datapackage(folder, generated_at, files, tables)
        index = {
            "generated_at": generated_at,
            "generation": state.generation if state else 0,
            "values": count,
            **counted,
            "files": [
                "approved-values.csv",
                "approved-values.json",
                *(table["path"] for table in tables),
                "datapackage.json",
                *files,
            ],
            "opensdg": open_sdg,
            "iati": iati_listing,
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


def downloads(index: dict | None) -> dict | None:
    """What the /data/ page lists, titled in the active language: when the files were
    built, whether they hold the commitments, each country's Open SDG indicators (the UN
    indicator's title, or the custom indicator's) and each roadmap's IATI file. A build from
    before these lists were kept shows its file names."""
    if index is None:
        return None
    open_sdg = index.get("opensdg")
    if open_sdg is None:
        open_sdg = [
            {"path": f, "country": f.split("/")[1], "indicators": []}
            for f in index["files"]
            if f.startswith("opensdg/") and f.endswith(".csv")
        ]
    iati_files = index.get("iati")
    if iati_files is None:
        iati_files = [{"path": f, "roadmap": None} for f in index["files"] if f.startswith("iati/")]
    first = {entry["indicators"][0] for entry in open_sdg if entry["indicators"]}
    indicators = RoadmapIndicator.objects.select_related("sdg_indicator").in_bulk(first)
    roadmaps = Roadmap.objects.in_bulk({e["roadmap"] for e in iati_files if e["roadmap"]})
    codes = {e["country"] for e in open_sdg} | {e.get("country") for e in iati_files}
    countries = {c.code: c.name for c in Country.objects.filter(code__in=codes - {None})}
    by_country: dict[str, list] = {}
    for entry in open_sdg:
        indicator = indicators.get(entry["indicators"][0]) if entry["indicators"] else None
        if indicator is None:
            title = ""
        elif indicator.sdg_indicator_id:
            title = f"{indicator.sdg_indicator.code} {indicator.sdg_indicator.title}"
        else:
            title = indicator.title
        by_country.setdefault(entry["country"], []).append(
            {
                "title": title,
                "path": entry["path"],
                "name": entry["path"].removeprefix("opensdg/"),
                "meta": entry.get("meta"),
                "series": len(entry["indicators"]),
            }
        )
    return {
        "built_at": datetime.datetime.fromisoformat(index["generated_at"]),
        "values": index["values"],
        # A build from before the commitments were published has none of their files.
        "commitments": "recommendations" in index,
        "enterprises": "enterprises" in index,
        "projects": index.get("projects"),
        "projects_iati": projects.IATI_FILE if projects.IATI_FILE in index["files"] else None,
        "open_sdg": [
            {"code": code, "name": countries.get(code, code), "files": files}
            for code, files in sorted(by_country.items(), key=lambda i: countries.get(i[0], i[0]))
        ],
        "iati": [
            {
                "title": roadmaps[e["roadmap"]].title if e["roadmap"] in roadmaps else "",
                "country": countries.get(e.get("country"), e.get("country", "")),
                "path": e["path"],
                "name": e["path"].removeprefix("iati/"),
            }
            for e in iati_files
        ],
    }
