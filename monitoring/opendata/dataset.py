"""The whole dataset: every approved value as CSV and JSON, and a Frictionless Data Package
describing every download; the writer of CSV and JSON tables the other files share."""

import csv
import json
from decimal import Decimal
from pathlib import Path

from monitoring.reporting.models import IndicatorValue
from monitoring.reporting.values import plain_number
from vision.spreadsheets import csv_row

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


# How a CSV cell holds a list of codes (a recommendation's themes, SDG targets, …); the
# JSON keeps the list.
LIST_SEPARATOR = "; "


def number_text(number) -> str:
    """A number as a download writes it, every decimal kept and in one form for values and
    their parts alike: 3, 12.5, never "3.0000" or 1E+2. Valid as a JSON number too."""
    return str(plain_number(Decimal(str(number))))


def _json(value) -> str:
    """JSON with numbers written from their decimals (json.dumps would go through float
    and lose digits past the fifteenth)."""
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_json(v)}" for k, v in value.items()) + "}"
    if hasattr(value, "isoformat"):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def _parts(disaggregation: dict) -> dict:
    """Parts as numbers: values typed in a form are stored as text ({"female": "1"})."""
    return {
        dimension: {category: Decimal(str(n)) for category, n in categories.items()}
        for dimension, categories in (disaggregation or {}).items()
    }


def _cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, dict):
        return _json(value)
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


def write_table(folder: Path, name: str, names: list[str], rows) -> int:
    """<name>.csv and <name>.json from rows of cells in the order of `names`, streamed row by
    row; returns how many rows."""
    count = 0
    with (
        open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as csv_file,
        open(folder / f"{name}.json", "w", encoding="utf-8") as json_file,
    ):
        writer = csv.writer(csv_file)
        writer.writerow(names)
        json_file.write("[\n")
        for row in rows:
            writer.writerow(csv_row(_cell(v) for v in row))
            json_file.write(
                ("," if count else "") + _json(dict(zip(names, row, strict=True))) + "\n"
            )
            count += 1
        json_file.write("]\n")
    return count


# Columns that hold a web address.
URI_FIELDS = {"source_url", "website"}


def table_schema(fields, enums: dict, primary_key: str, csv: bool) -> dict:
    """A Table Schema of (name, type, description) fields: a "list" of codes is one string
    in the CSV and an array in the JSON, an "object" its JSON text in the CSV."""
    described = []
    for name, kind, description in fields:
        if kind == "list":
            kind = "string" if csv else "array"
        elif kind == "object":
            kind = "string" if csv else "object"
        field = {"name": name, "type": kind}
        if description:
            field["description"] = description
        if name in enums:
            field["constraints"] = {"enum": list(enums[name])}
        if name in URI_FIELDS:
            field["format"] = "uri"
        described.append(field)
    return {"fields": described, "primaryKey": [primary_key]}


def table_resources(name: str, title: str, fields, enums: dict, primary_key: str) -> list[dict]:
    """The data package's resources for a table written by write_table: its CSV and JSON."""
    return [
        {
            "name": name,
            "title": title,
            "path": f"{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(fields, enums, primary_key, csv=True),
        },
        {
            "name": f"{name}-json",
            "title": f"{title} (JSON)",
            "path": f"{name}.json",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "schema": table_schema(fields, enums, primary_key, csv=False),
        },
    ]


def write_values(folder: Path) -> int:
    """approved-values.csv and .json; returns how many values."""
    names = [name for name, _type, _lookup in VALUE_FIELDS]
    parts_at = names.index("disaggregation")

    def rows():
        for row in _approved_rows():
            row = list(row)
            row[parts_at] = _parts(row[parts_at])
            yield row

    return write_table(folder, "approved-values", names, rows())


def write_datapackage(
    folder: Path, generated_at: str, files: list[str], tables: list[dict] | None = None
) -> None:
    """datapackage.json: the approved values, then `tables` (resources described by their
    own modules), then the Open SDG and IATI files."""
    fields = [
        {"name": name, "type": "string" if kind == "object" else kind}
        for name, kind, _lookup in VALUE_FIELDS
    ]
    for field in fields:
        if field["name"] == "disaggregation":
            field["description"] = "JSON object of numbers: parts by dimension and category"
    package = {
        "name": "vision-2025-approved-values",
        "title": (
            "Vision 2025: approved values of the SDG roadmaps of Central Asian civil society, "
            "and the states' international commitments it monitors"
        ),
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
            *(tables or []),
            *[
                {
                    "name": "-".join(Path(f).with_suffix("").parts).lower().replace("_", "-"),
                    "path": f,
                    "format": "csv" if f.endswith(".csv") else "markdown",
                    "mediatype": "text/csv" if f.endswith(".csv") else "text/markdown",
                }
                for f in files
                if f.startswith("opensdg/")
            ],
            *[
                {
                    # By its folder too: iati/projects.xml is not the projects table.
                    "name": "-".join(Path(f).with_suffix("").parts).lower(),
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
