"""The Vision's own content: countries, statements, international indexes and the two
index facts the Vision states, encoded word for word in vision/data/content.json.

Loaders take an app registry so that data migrations (historical models) and the
`load_content` command share one code path. They only create what is missing: content
that network admins have since curated is never overwritten.
"""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
VISION_TEXT = DATA_DIR / "looking-into-the-future-2025.txt"


def read_content() -> dict:
    with open(DATA_DIR / "content.json", encoding="utf-8") as f:
        return json.load(f)


def translated(field: str, value: str) -> dict[str, str]:
    """Values for a translated field: the original column and its English twin."""
    return {field: value, f"{field}_en": value}


def load_countries(apps) -> None:
    Country = apps.get_model("vision", "Country")
    for country in read_content()["countries"]:
        Country.objects.get_or_create(
            code=country["code"],
            defaults={**translated("name", country["name"]), "is_vision_country": True},
        )


def load_statements(apps) -> None:
    VisionStatement = apps.get_model("vision", "VisionStatement")
    VisionStatementItem = apps.get_model("vision", "VisionStatementItem")
    positions: dict[str, int] = {}
    for entry in read_content()["statements"]:
        position = positions[entry["kind"]] = positions.get(entry["kind"], 0) + 1
        statement, created = VisionStatement.objects.get_or_create(
            kind=entry["kind"],
            position=position,
            defaults={**translated("title", entry["title"]), **translated("text", entry["text"])},
        )
        if created:
            for item_position, text in enumerate(entry.get("items", []), start=1):
                VisionStatementItem.objects.create(
                    statement=statement, position=item_position, **translated("text", text)
                )


def load_indexes(apps) -> None:
    Country = apps.get_model("vision", "Country")
    InternationalIndex = apps.get_model("vision", "InternationalIndex")
    CountryIndexScore = apps.get_model("vision", "CountryIndexScore")
    content = read_content()
    indexes = {}
    for position, entry in enumerate(content["indexes"], start=1):
        indexes[entry["slug"]], _ = InternationalIndex.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "position": position,
                "url": entry["url"],
                **translated("name", entry["name"]),
                **translated("publisher", entry["publisher"]),
                **translated("vision_text", entry["vision_text"]),
            },
        )
    for score in content["index_scores"]:
        CountryIndexScore.objects.get_or_create(
            country=Country.objects.get(code=score["country"]),
            index=indexes[score["index"]],
            year=score["year"],
            defaults={
                key: score[key]
                for key in ("rank", "rank_out_of", "category", "source_url", "source_note")
                if key in score
            },
        )


def load_vision_content(apps) -> None:
    load_countries(apps)
    load_statements(apps)
    load_indexes(apps)
