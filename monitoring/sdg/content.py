"""Loading the UN SDG framework (goals, targets, indicators) from monitoring/data/sdg/.

The loader takes an app registry so that the data migration (historical models) and the
`load_content` command share one code path. It matches rows by code and overwrites their
titles, so loading twice changes nothing and a newer data file updates titles in place.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "sdg"

# The official SDG colours (UN Department of Global Communications).
GOAL_COLOURS = {
    1: "#E5243B",
    2: "#DDA63A",
    3: "#4C9F38",
    4: "#C5192D",
    5: "#FF3A21",
    6: "#26BDE2",
    7: "#FCC30B",
    8: "#A21942",
    9: "#FD6925",
    10: "#DD1367",
    11: "#FD9D24",
    12: "#BF8B2E",
    13: "#3F7E44",
    14: "#0A97D9",
    15: "#56C02B",
    16: "#00689D",
    17: "#19486A",
}


def read_rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# Titles in the national languages (open-sdg/sdg-translations for kk, ky, tg and tk, the
# platform's translation of goals and targets for the others; see data/README.md for how
# good each is): one file per language. Codes without a row stay NULL and fall back.
NATIONAL_LANGUAGES = tuple(sorted(p.stem for p in (DATA_DIR / "translations").glob("*.csv")))


def read_national_titles() -> dict[str, dict[tuple[str, str], str]]:
    titles = {}
    for language in NATIONAL_LANGUAGES:
        rows = read_rows(f"translations/{language}.csv")
        titles[language] = {(row["kind"], row["code"]): row["title"] for row in rows}
    return titles


def _titles(row, kind, model, national) -> dict[str, str | None]:
    # The original column holds the default language; an empty Russian cell stays NULL so
    # that modeltranslation falls back to English instead of showing a blank.
    titles = {
        "title": row["title_en"],
        "title_en": row["title_en"],
        "title_ru": row["title_ru"] or None,
    }
    # An early data migration's models have no columns for the national languages yet.
    columns = {field.name for field in model._meta.get_fields()}
    for language, by_code in national.items():
        if f"title_{language}" in columns:
            titles[f"title_{language}"] = by_code.get((kind, row["code"]))
    return titles


def load_sdg_framework(apps) -> dict[str, int]:
    SdgGoal = apps.get_model("monitoring", "SdgGoal")
    SdgTarget = apps.get_model("monitoring", "SdgTarget")
    SdgIndicator = apps.get_model("monitoring", "SdgIndicator")

    national = read_national_titles()

    goals = {}
    for row in read_rows("goals.csv"):
        number = int(row["code"])
        goals[row["code"]], _ = SdgGoal.objects.update_or_create(
            number=number,
            defaults={**_titles(row, "goal", SdgGoal, national), "colour": GOAL_COLOURS[number]},
        )

    targets = {}
    for position, row in enumerate(read_rows("targets.csv"), start=1):
        targets[row["code"]], _ = SdgTarget.objects.update_or_create(
            code=row["code"],
            defaults={
                **_titles(row, "target", SdgTarget, national),
                "goal": goals[row["goal"]],
                "position": position,
            },
        )

    unsd_codes = {row["code"]: row["unsd_code"] for row in read_rows("indicator_repeats.csv")}
    for position, row in enumerate(read_rows("indicators.csv"), start=1):
        SdgIndicator.objects.update_or_create(
            code=row["code"],
            defaults={
                **_titles(row, "indicator", SdgIndicator, national),
                "target": targets[row["target"]],
                "position": position,
                "unsd_code": unsd_codes.get(row["code"], ""),
            },
        )
    return {
        "goals": SdgGoal.objects.count(),
        "targets": SdgTarget.objects.count(),
        "indicators": SdgIndicator.objects.count(),
    }
