"""The rules a reported value obeys, whichever way it arrives (form, import, API).

Each check returns messages keyed by what they are about: "value", or "<dimension>:<category>"
for a disaggregated part. An empty dict means the value is acceptable.
"""

import statistics
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from monitoring.roadmaps.models import DIMENSION_CATEGORIES, RoadmapIndicator
from vision.l10n import format_number, read_number

Unit = RoadmapIndicator.Unit


def parse_number(text) -> Decimal:
    """A number as a person types it in the active language ("12,5" in Russian, "۱۲٫۵" in
    Dari). Raises ValueError with a message for text, NaN, infinity or an empty string."""
    try:
        return read_number(text)
    except ValueError as error:
        raise ValueError(_("Enter a number.")) from error


def plain_number(number: Decimal | None) -> Decimal | None:
    """1.0000 → 1 and 12.5000 → 12.5, without turning 100 into 1E+2."""
    if number is None:
        return None
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def format_share(share: float | None, language: str | None = None) -> str:
    """A status or a projected progress (0.45) as a whole percentage: "45 %"; "–" if None."""
    if share is None:
        return "–"
    return f"{format_number(share * 100, 0, language)}\u00a0%"


def format_value(indicator, number, language: str | None = None) -> str:
    """An indicator's value as a page shows it: its precision and its unit ("1 553 people",
    "25.0 %"). Downloads and the API keep the full value."""
    return value_formatter(indicator, language)(number)


def value_formatter(indicator, language: str | None = None) -> Callable[[object], str]:
    """format_value for one indicator, its precision and unit read once: for a chart that
    formats each of its points."""
    decimals, unit, yes_no = indicator.decimals, indicator.unit_text, indicator.unit == Unit.YES_NO

    def formatted(number) -> str:
        if number is None:
            return ""
        if yes_no and number in (0, 1):
            return _("yes") if number == 1 else _("no")
        text = format_number(number, decimals, language)
        return f"{text}\u00a0{unit}" if unit else text

    return formatted


def unit_error(indicator: RoadmapIndicator, number: Decimal) -> str | None:
    """Why a number cannot be a value of this indicator, or None."""
    if abs(number) >= Decimal("1e16"):
        return _("This number is too large.")
    if indicator.unit == Unit.PERCENT and not 0 <= number <= 100:
        return _("A percentage is between 0 and 100.")
    if indicator.unit in (Unit.NUMBER, Unit.CURRENCY) and number < 0:
        return _("This value cannot be negative.")
    if indicator.unit == Unit.YES_NO and number not in (0, 1):
        return _("Answer yes (1) or no (0).")
    if indicator.unit == Unit.SCALE and number not in (1, 2, 3, 4, 5):
        return _("Choose a whole number from 1 to 5.")
    if number != number.quantize(Decimal("0.0001")):
        return _("Use at most four decimal places.")
    return None


def check_value(
    indicator: RoadmapIndicator, value: Decimal | None, parts: dict[str, dict[str, Decimal]]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if value is not None and (message := unit_error(indicator, value)):
        errors["value"] = message
    allowed = {code for code, _label, _categories in indicator.dimensions}
    for dimension, categories in parts.items():
        known = {code for code, _label in DIMENSION_CATEGORIES.get(dimension, [])}
        if dimension not in allowed:
            errors[dimension] = _("This indicator is not disaggregated by %(dimension)s.") % {
                "dimension": dimension
            }
            continue
        for category, number in categories.items():
            if category not in known:
                errors[f"{dimension}:{category}"] = _("Unknown category.")
            elif message := unit_error(indicator, number):
                errors[f"{dimension}:{category}"] = message
        if indicator.is_additive and categories:
            total = sum(categories.values())
            first = f"{dimension}:{next(iter(categories))}"
            label = dict(indicator.dimensions_labels())[dimension]
            if value is None:
                errors.setdefault("value", _("Give the total as well as its parts."))
            elif total > value:
                errors.setdefault(
                    first,
                    _("The parts by %(dimension)s add up to %(total)s, more than the total.")
                    % {"dimension": label, "total": plain_number(total)},
                )
            elif indicator.parts_add_up and (
                message := _mismatch(indicator, dimension, value, categories)
            ):
                errors.setdefault(first, message)
    return errors


def parts_mismatch(
    indicator: RoadmapIndicator, value: Decimal | None, parts: dict[str, dict[str, Decimal]]
) -> list[str]:
    """Where every category of a dimension is given, a total that differs from their sum:
    refused when the indicator's parts must add up (check_value), flagged otherwise."""
    if value is None or not indicator.is_additive:
        return []
    found = (_mismatch(indicator, code, value, parts.get(code, {})) for code in parts)
    return [message for message in found if message]


def _mismatch(indicator, dimension: str, value: Decimal, given: dict) -> str | None:
    categories = {category for category, _label in DIMENSION_CATEGORIES.get(dimension, [])}
    if not given or set(given) != categories:
        return None  # some categories not given: the parts may be fewer than the total
    total = sum(Decimal(number) for number in given.values())
    if total == value:
        return None
    return _("The parts by %(dimension)s add up to %(parts)s, not the total %(total)s.") % {
        "dimension": dict(indicator.dimensions_labels()).get(dimension, dimension).lower(),
        "parts": plain_number(total),
        "total": plain_number(value),
    }


def quality_flags(
    indicator: RoadmapIndicator, value: Decimal | None, earlier: list[Decimal], parts=None
) -> list[str]:
    """Warnings for the reviewer, never blocking: a value outside the plausible range, far
    from what the organisation reported before (see docs/methodology.md), or complete parts
    that do not add up to it."""
    if value is None:
        return []
    flags = parts_mismatch(indicator, value, parts or {})
    low, high = indicator.plausible_min, indicator.plausible_max
    if (low is not None and value < low) or (high is not None and value > high):
        flags.append(
            _("Outside the plausible range %(low)s–%(high)s.")
            % {
                "low": plain_number(low) if low is not None else "…",
                "high": plain_number(high) if high is not None else "…",
            }
        )
    if len(earlier) >= 3:
        mean, spread = statistics.fmean(earlier), statistics.pstdev(earlier)
        if spread and abs(float(value) - mean) > 3 * spread:
            flags.append(
                _("Far from this organisation’s earlier values (mean %(mean).4g).") % {"mean": mean}
            )
    elif earlier and earlier[-1]:
        ratio = float(value) / float(earlier[-1])
        if ratio > 2 or ratio < 0.5:
            flags.append(
                _("More than double or less than half the previous value (%(previous)s).")
                % {"previous": plain_number(earlier[-1])}
            )
    return flags


FOUR_PLACES = Decimal("0.0001")


def combine_parts(
    *, aggregation: str, cumulative: bool, periods: list, reported: dict
) -> dict[object, dict[tuple[str, str], Decimal]]:
    """An indicator's disaggregated parts as of each period, by the rule of its headline
    figure (docs/methodology.md): in each period the organisations' parts combine as their
    values do (added up, averaged over the organisations that gave the part, or those of the
    value approved last); a cumulative indicator's parts are then added up over the periods,
    and a period without reports keeps the parts before it. So wherever the headline is a
    sum, its parts add up to it (less its baseline, which has no parts).

    `periods`: the periods in order; `reported`: period → the parts of each approved value
    in it ({dimension: {category: number}}), in the order they were approved. Returns
    period → {(dimension, category): number}, from the first period with a report."""
    as_of: dict = {}
    stock: dict[tuple[str, str], Decimal] = {}
    current = None
    for period in periods:
        if period in reported:
            combined = _combine_period(aggregation, reported[period])
            if cumulative:
                for key, number in combined.items():
                    stock[key] = stock.get(key, Decimal(0)) + number
                combined = dict(stock)
            current = combined
        if current is not None:
            as_of[period] = current
    return as_of


def _combine_period(aggregation: str, rows: list[dict]) -> dict[tuple[str, str], Decimal]:
    if aggregation == RoadmapIndicator.Aggregation.LATEST:
        rows = rows[-1:]
    given: dict[tuple[str, str], list[Decimal]] = {}
    for parts in rows:
        for dimension, categories in (parts or {}).items():
            for category, number in categories.items():
                given.setdefault((dimension, category), []).append(Decimal(str(number)))
    if aggregation == RoadmapIndicator.Aggregation.MEAN:
        return {
            key: (sum(numbers) / len(numbers)).quantize(FOUR_PLACES)
            for key, numbers in given.items()
        }
    return {key: sum(numbers).quantize(FOUR_PLACES) for key, numbers in given.items()}
