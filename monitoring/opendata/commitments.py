"""The commitments as open data: every recommendation, with its links as codes and the
network's position on it, and every approved assessment, as CSV and JSON. Seven queries
however many there are: the links and positions are read whole first (a few numbers and
codes per recommendation), then the rows are streamed."""

from collections import defaultdict
from pathlib import Path

from monitoring.commitments.models import Assessment, Recommendation
from monitoring.commitments.position import KEYS, network_position
from monitoring.commitments.selectors import assessed_positions

from .dataset import LIST_SEPARATOR, table_resources, write_table

RECOMMENDATIONS = "recommendations"
ASSESSMENTS = "approved-assessments"
LIST = f'joined by "{LIST_SEPARATOR}" in the CSV, a list in the JSON'

# (name, type, description) of each column: a Table Schema type, or "list" for a list of
# codes.
RECOMMENDATION_FIELDS = [
    ("recommendation_id", "integer", ""),
    ("country", "string", "ISO 3166-1 alpha-2 code of the state the recommendation was made to"),
    ("mechanism", "string", "code of the treaty body, the UPR or the ILO convention: CCPR, UPR…"),
    ("cycle", "string", "the UPR cycle or the treaty body's session"),
    ("reference", "string", "the paragraph of the UN document"),
    ("document", "string", "the UN document symbol"),
    ("made_on", "date", ""),
    ("text_en", "string", "the text in English"),
    ("text_ru", "string", "the text in Russian; empty when not translated"),
    ("recommending_state", "string", "for the UPR: the state that made the recommendation"),
    ("response", "string", "for the UPR: supported, noted or pending; empty otherwise"),
    ("themes", "list", f"theme codes, {LIST}"),
    ("groups", "list", f"affected group codes, {LIST}"),
    ("sdg_targets", "list", f"SDG target codes, {LIST}"),
    ("objectives", "list", f"Vision objective codes (priority.objective), {LIST}"),
    ("source_url", "string", ""),
    ("is_demo", "boolean", "made-up demonstration data"),
    (
        "position",
        "string",
        "the network's position: the status most member organisations gave in their latest "
        "approved assessments; divided when two or more statuses tie, unassessed when none",
    ),
    (
        "position_count",
        "integer",
        "organisations that gave the position's status (when divided: each tied status)",
    ),
    ("position_total", "integer", "organisations whose latest approved assessment counts"),
]

ASSESSMENT_FIELDS = [
    ("assessment_id", "integer", ""),
    ("recommendation_id", "integer", "the recommendation assessed (recommendations.csv)"),
    ("country", "string", "ISO 3166-1 alpha-2 code"),
    ("organization", "string", "the member organisation's slug, as in its page's address"),
    ("as_of", "date", "the day the assessment describes"),
    ("implementation", "string", "not_implemented, partial, full or no_information"),
    ("narrative", "string", ""),
    ("sources", "string", ""),
    ("approved_at", "datetime", "when a coordinator approved it; empty for demo data"),
    ("is_demo", "boolean", "made-up demonstration data"),
]

# The values a coded column takes (an empty cell is a missing value, as Table Schema reads it).
RECOMMENDATION_ENUMS = {"response": Recommendation.Response.values, "position": KEYS}
ASSESSMENT_ENUMS = {"implementation": Assessment.Implementation.values}


def _links(through, column: str, *order: str) -> dict[int, list]:
    """Each recommendation's linked codes, in their own order (one query)."""
    found = defaultdict(list)
    rows = through.objects.order_by("recommendation_id", *order)
    for recommendation_id, code in rows.values_list("recommendation_id", column):
        found[recommendation_id].append(code)
    return found


def _objective_codes() -> dict[int, list]:
    found = defaultdict(list)
    rows = Recommendation.objectives.through.objects.order_by(
        "recommendation_id", "objective__priority__number", "objective__position"
    ).values_list("recommendation_id", "objective__priority__number", "objective__position")
    for recommendation_id, priority, position in rows:
        found[recommendation_id].append(f"{priority}.{position}")
    return found


def _recommendation_rows():
    themes = _links(Recommendation.themes.through, "theme__code", "theme__position")
    groups = _links(Recommendation.groups.through, "affectedgroup__code", "affectedgroup__position")
    targets = _links(
        Recommendation.sdg_targets.through,
        "sdgtarget__code",
        "sdgtarget__goal__number",
        "sdgtarget__position",
    )
    objectives = _objective_codes()
    positions = assessed_positions(Recommendation.objects.values("pk"))
    unassessed = network_position([])
    rows = (
        Recommendation.objects.order_by("pk")
        .values_list(
            "pk",
            "country__code",
            "mechanism__code",
            "cycle",
            "reference",
            "document",
            "made_on",
            "text_en",
            "text_ru",
            "recommending_state",
            "response",
            "source_url",
            "is_demo",
        )
        .iterator(chunk_size=2000)
    )
    for pk, country, mechanism, cycle, reference, document, made_on, *rest in rows:
        text_en, text_ru, state, response, source_url, is_demo = rest
        position = positions.get(pk, unassessed)
        yield [
            pk,
            country,
            mechanism,
            cycle,
            reference,
            document,
            made_on,
            text_en or "",
            text_ru or "",
            state,
            response,
            themes.get(pk, []),
            groups.get(pk, []),
            targets.get(pk, []),
            objectives.get(pk, []),
            source_url,
            is_demo,
            position.key,
            position.count,
            position.total,
        ]


def _assessment_rows():
    # Approved only: a draft, submitted or returned assessment is its organisation's own.
    return (
        Assessment.objects.filter(status=Assessment.Status.APPROVED)
        .order_by("pk")
        .values_list(
            "pk",
            "recommendation_id",
            "recommendation__country__code",
            "organization__slug",
            "as_of",
            "implementation",
            "narrative",
            "sources",
            "reviewed_at",
            "is_demo",
        )
        .iterator(chunk_size=5000)
    )


def write(folder: Path) -> dict[str, int]:
    """recommendations.csv and .json, approved-assessments.csv and .json; how many rows
    each holds."""
    return {
        "recommendations": write_table(
            folder,
            RECOMMENDATIONS,
            [name for name, _type, _description in RECOMMENDATION_FIELDS],
            _recommendation_rows(),
        ),
        "assessments": write_table(
            folder,
            ASSESSMENTS,
            [name for name, _type, _description in ASSESSMENT_FIELDS],
            _assessment_rows(),
        ),
    }


def resources() -> list[dict]:
    """The data package's resources for the four files."""
    return [
        *table_resources(
            RECOMMENDATIONS,
            "Recommendations",
            RECOMMENDATION_FIELDS,
            RECOMMENDATION_ENUMS,
            "recommendation_id",
        ),
        *table_resources(
            ASSESSMENTS,
            "Approved assessments",
            ASSESSMENT_FIELDS,
            ASSESSMENT_ENUMS,
            "assessment_id",
        ),
    ]
