"""Loading the instruments, themes and affected groups the platform ships, from
monitoring/data/commitments/ (sources in monitoring/data/README.md).

As for the SDG framework (monitoring/sdg/content.py), the loader takes an app registry so
that the data migration and the `load_content` command share one code path; rows are
matched by code and overwritten, so loading twice changes nothing.
"""

import csv
import datetime
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "commitments"

SOURCES = {
    "treaty": "OHCHR, The core international human rights instruments and their monitoring bodies",
    "upr": "OHCHR, Universal Periodic Review; General Assembly resolution 60/251",
    "ilo": "ILO NORMLEX, Fundamental conventions",
}


def read_rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _names(row, *fields) -> dict[str, str | None]:
    # An empty Russian cell stays NULL so that modeltranslation falls back to English.
    names = {}
    for field in fields:
        names[field] = names[f"{field}_en"] = row[field]
        names[f"{field}_ru"] = row[f"{field}_ru"] or None
    return names


def load_commitments(apps) -> dict[str, int]:
    Instrument = apps.get_model("monitoring", "Instrument")
    Theme = apps.get_model("monitoring", "Theme")
    AffectedGroup = apps.get_model("monitoring", "AffectedGroup")
    InternationalIndex = apps.get_model("vision", "InternationalIndex")

    for position, row in enumerate(read_rows("instruments.csv"), start=1):
        Instrument.objects.update_or_create(
            code=row["code"],
            defaults={
                **_names(row, "name", "body"),
                "kind": row["kind"],
                "position": position,
                "abbreviation": row["abbreviation"],
                "adopted_year": int(row["adopted_year"]),
                "adopted_on": datetime.date.fromisoformat(row["adopted_on"])
                if row["adopted_on"]
                else None,
                "url": row["url"],
                "source": SOURCES[row["kind"]],
            },
        )
    indexes = {index.slug: index for index in InternationalIndex.objects.all()}
    for position, row in enumerate(read_rows("themes.csv"), start=1):
        theme, _ = Theme.objects.update_or_create(
            code=row["code"], defaults={**_names(row, "name"), "position": position}
        )
        # The indexes arrive with the Vision's content; before it, none is linked.
        theme.indexes.set([indexes[slug] for slug in row["indexes"].split() if slug in indexes])
    for position, row in enumerate(read_rows("groups.csv"), start=1):
        AffectedGroup.objects.update_or_create(
            code=row["code"], defaults={**_names(row, "name"), "position": position}
        )
    return {
        "instruments": Instrument.objects.count(),
        "themes": Theme.objects.count(),
        "affected groups": AffectedGroup.objects.count(),
    }
