"""The social enterprises as open data: the registry, with what each serves as codes, and
every approved assessment of the rating with its score per impact area, as CSV and JSON.
Five queries however many enterprises: the links are read whole first, then the rows are
streamed."""

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from monitoring.enterprises.models import Sector, Size, SocialEnterprise
from monitoring.enterprises.selectors import approved_assessments

from .dataset import LIST_SEPARATOR, table_resources, write_table

ENTERPRISES = "enterprises"
RATINGS = "enterprise-ratings"
LIST = f'joined by "{LIST_SEPARATOR}" in the CSV, a list in the JSON'

# (name, type, description): a Table Schema type, "list" for a list of codes, "object" for
# a JSON object (its text in the CSV).
ENTERPRISE_FIELDS = [
    ("enterprise", "string", "the enterprise's short name, as in /enterprises/<short name>/"),
    ("name", "string", ""),
    ("country", "string", "ISO 3166-1 alpha-2 code"),
    ("city", "string", ""),
    ("legal_form", "string", ""),
    ("sector", "string", ""),
    ("size", "string", "employees: micro 1–9, small 10–49, medium 50–249, large 250 or more"),
    ("founded", "integer", "the year founded"),
    ("website", "string", ""),
    ("description", "string", "what it does"),
    ("sdg_targets", "list", f"SDG target codes it serves, {LIST}"),
    ("objectives", "list", f"Vision objective codes it serves (priority.objective), {LIST}"),
    ("beneficiaries", "list", f"beneficiary (affected) group codes, {LIST}"),
    ("organization", "string", "the member organisation's slug, when it is one"),
    ("is_demo", "boolean", "made-up demonstration data"),
]

RATING_FIELDS = [
    ("assessment_id", "integer", ""),
    ("enterprise", "string", "the enterprise's short name (enterprises.csv)"),
    ("country", "string", "ISO 3166-1 alpha-2 code"),
    ("year", "integer", "the rating round"),
    ("methodology_version", "integer", "the version of the methodology it was scored under"),
    ("track", "string", "the code of the enterprise's track in that version"),
    ("total", "number", "the points earned"),
    ("maximum", "number", "the most the track can earn"),
    ("percent", "number", "the share of the most earned, in %"),
    ("level", "string", "the code of the level reached in that version; empty for none"),
    (
        "area_scores",
        "object",
        'points and most by impact area code: {"governance": {"points": 4, "most": 6}, …}',
    ),
    ("scored_at", "datetime", "when the score was computed from the verified answers"),
    ("approved_at", "datetime", "when a verifier approved it; empty for demo data"),
    ("is_demo", "boolean", "made-up demonstration data"),
]

ENTERPRISE_ENUMS = {
    "legal_form": SocialEnterprise.LegalForm.values,
    "sector": Sector.values,
    "size": Size.values,
}


def _links(through, column: str, *order: str) -> dict[int, list]:
    """Each enterprise's linked codes, in their own order (one query)."""
    found = defaultdict(list)
    rows = through.objects.order_by("socialenterprise_id", *order)
    for enterprise_id, code in rows.values_list("socialenterprise_id", column):
        found[enterprise_id].append(code)
    return found


def _enterprise_rows():
    targets = _links(
        SocialEnterprise.sdg_targets.through,
        "sdgtarget__code",
        "sdgtarget__goal__number",
        "sdgtarget__position",
    )
    groups = _links(
        SocialEnterprise.beneficiaries.through, "affectedgroup__code", "affectedgroup__position"
    )
    objectives = defaultdict(list)
    for enterprise_id, priority, position in SocialEnterprise.objectives.through.objects.order_by(
        "socialenterprise_id", "objective__priority__number", "objective__position"
    ).values_list("socialenterprise_id", "objective__priority__number", "objective__position"):
        objectives[enterprise_id].append(f"{priority}.{position}")
    rows = (
        SocialEnterprise.objects.order_by("slug")
        .values_list(
            "pk",
            "slug",
            "name",
            "country__code",
            "city",
            "legal_form",
            "sector",
            "size",
            "founded",
            "website",
            "description",
            "organization__slug",
            "is_demo",
        )
        .iterator(chunk_size=2000)
    )
    for pk, *head, description, organization, is_demo in rows:
        yield [
            *head,
            description,
            targets.get(pk, []),
            objectives.get(pk, []),
            groups.get(pk, []),
            organization or "",
            is_demo,
        ]


def _rating_rows():
    # Approved only: a draft, submitted or returned assessment is its enterprise's own.
    rows = (
        approved_assessments()
        .order_by("pk")
        .values_list(
            "pk",
            "enterprise__slug",
            "enterprise__country__code",
            "round__year",
            "methodology__version",
            "track__code",
            "total",
            "maximum",
            "percent",
            "level__code",
            "area_scores",
            "scored_at",
            "reviewed_at",
            "is_demo",
        )
        .iterator(chunk_size=5000)
    )
    for *head, level, areas, scored_at, reviewed_at, is_demo in rows:
        yield [
            *head,
            level or "",
            {
                area: {"points": Decimal(points), "most": Decimal(most)}
                for area, (points, most) in (areas or {}).items()
            },
            scored_at,
            reviewed_at,
            is_demo,
        ]


def write(folder: Path) -> dict[str, int]:
    """enterprises.csv and .json, enterprise-ratings.csv and .json; how many rows each
    holds."""
    return {
        "enterprises": write_table(
            folder, ENTERPRISES, [name for name, *_rest in ENTERPRISE_FIELDS], _enterprise_rows()
        ),
        "enterprise_ratings": write_table(
            folder, RATINGS, [name for name, *_rest in RATING_FIELDS], _rating_rows()
        ),
    }


def resources() -> list[dict]:
    """The data package's resources for the four files."""
    return [
        *table_resources(
            ENTERPRISES, "Social enterprises", ENTERPRISE_FIELDS, ENTERPRISE_ENUMS, "enterprise"
        ),
        *table_resources(RATINGS, "Social enterprises' rating", RATING_FIELDS, {}, "assessment_id"),
    ]
