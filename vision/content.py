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


def read_content(language: str = "") -> dict:
    """The Vision's content; with a language, its translation (content.ru.json), which
    has the same shape with the texts translated."""
    name = f"content.{language}.json" if language else "content.json"
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return json.load(f)


def translated_languages() -> list[str]:
    """The languages the Vision's content is translated into (content.<code>.json): Russian,
    as ARGO published it, and the platform's translations into the national languages."""
    return sorted(path.suffixes[0].lstrip(".") for path in DATA_DIR.glob("content.*.json"))


def fill_translation(obj, language: str, values: dict[str, str]) -> None:
    """Set the translation of each field that has none yet: an admin's later edits win."""
    changed = []
    for field, value in values.items():
        column = f"{field}_{language}"
        if value and not getattr(obj, column):
            setattr(obj, column, value)
            changed.append(column)
    if changed:
        obj.save(update_fields=changed)


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


def load_vision_translation(apps, language: str = "ru") -> None:
    """The translated content, where a row has no translation yet."""
    Country = apps.get_model("vision", "Country")
    VisionStatement = apps.get_model("vision", "VisionStatement")
    InternationalIndex = apps.get_model("vision", "InternationalIndex")
    content = read_content(language)
    for country in Country.objects.filter(code__in=[c["code"] for c in content["countries"]]):
        names = {c["code"]: c["name"] for c in content["countries"]}
        fill_translation(country, language, {"name": names[country.code]})
    positions: dict[str, int] = {}
    statements = {
        (s.kind, s.position): s for s in VisionStatement.objects.prefetch_related("items")
    }
    for entry in content["statements"]:
        position = positions[entry["kind"]] = positions.get(entry["kind"], 0) + 1
        statement = statements.get((entry["kind"], position))
        if statement is None:
            continue
        fill_translation(statement, language, {"title": entry["title"], "text": entry["text"]})
        items = {item.position: item for item in statement.items.all()}
        for item_position, text in enumerate(entry.get("items", []), start=1):
            if item_position in items:
                fill_translation(items[item_position], language, {"text": text})
    indexes = {index.slug: index for index in InternationalIndex.objects.all()}
    for entry in content["indexes"]:
        if entry["slug"] in indexes:
            fill_translation(
                indexes[entry["slug"]],
                language,
                {key: entry[key] for key in ("name", "publisher", "vision_text")},
            )
