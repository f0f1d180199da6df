from django.db.models import Prefetch, QuerySet

from .models import Country, InternationalIndex, VisionStatement, VisionStatementItem


def countries_of_vision() -> QuerySet[Country]:
    """The seven countries whose civil society co-designed the Vision."""
    return Country.objects.filter(is_vision_country=True).order_by("name")


def statements_by_kind(*, kinds: list[str]) -> dict[str, list[VisionStatement]]:
    """The Vision's statements of the given kinds, in the document's order, with items."""
    statements = (
        VisionStatement.objects.filter(kind__in=kinds)
        .order_by("kind", "position")
        .prefetch_related(
            Prefetch("items", queryset=VisionStatementItem.objects.order_by("position"))
        )
    )
    grouped: dict[str, list[VisionStatement]] = {kind: [] for kind in kinds}
    for statement in statements:
        grouped[statement.kind].append(statement)
    return grouped


def international_indexes() -> QuerySet[InternationalIndex]:
    return InternationalIndex.objects.order_by("position")
