"""How a social enterprise's rating is computed, stated once, in plain Python: anyone can
recompute a published score from the answers and the methodology version it names
(/enterprises/methodology/ publishes both the rules below and every version's points).

1. The enterprise's track is the first track of the version, by position, whose sizes and
   sectors include the enterprise's (an empty list includes every size or sector).
2. A question counts unless the track switches it off; it is weighted by the track's
   weight for it (1 where the track says nothing of it).
3. An answer earns: to a yes-or-no question, the question's points for yes, or nothing for
   no; to a question of several answers, the chosen answer's points; to a number, the points
   of the band it falls in (from its lower bound, included, to below its upper bound), and
   nothing outside every band. A verifier's correction replaces the enterprise's answer; a
   question left unanswered earns nothing.
4. The most a question can earn is its best answer's points: the points for yes, or the
   highest answer's or band's points.
5. An impact area's score is the sum of its questions' points, each times its weight, out
   of the sum of their most, each times its weight. The total is the sum of the areas'
   scores, out of the sum of their most.
6. The percentage is the total out of the most, times 100, rounded half up to two
   decimals; the level is the highest whose threshold the percentage reaches.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    """A question as a track scores it."""

    code: str
    area: str
    kind: str  # "yes_no", "choice" or "number"
    yes_points: Decimal = ZERO
    options: dict = field(default_factory=dict)  # option id → points
    bands: tuple = ()  # (lower or None, upper or None, points)
    weight: Decimal = Decimal(1)
    enabled: bool = True


@dataclass(frozen=True)
class Given:
    """An answer as it counts: the verifier's correction where there is one."""

    yes: bool | None = None
    option: int | None = None
    number: Decimal | None = None


@dataclass
class Score:
    total: Decimal
    maximum: Decimal
    percent: Decimal
    areas: dict  # area code → (points, most)
    level: str | None


def track_of(tracks, size: str, sector: str):
    """The first of `tracks` (in position order, each with .sizes and .sectors) that takes
    an enterprise of this size and sector; None when none does."""
    for track in tracks:
        if (not track.sizes or size in track.sizes) and (
            not track.sectors or sector in track.sectors
        ):
            return track
    return None


def earned(rule: Rule, given: Given | None) -> Decimal:
    """What one answer earns before its weight (rule 3)."""
    if given is None:
        return ZERO
    if rule.kind == "yes_no":
        return rule.yes_points if given.yes else ZERO
    if rule.kind == "choice":
        return rule.options.get(given.option, ZERO)
    if given.number is None:
        return ZERO
    for lower, upper, points in rule.bands:
        if (lower is None or given.number >= lower) and (upper is None or given.number < upper):
            return points
    return ZERO


def most(rule: Rule) -> Decimal:
    """The most one question can earn before its weight (rule 4)."""
    if rule.kind == "yes_no":
        return rule.yes_points
    if rule.kind == "choice":
        return max(rule.options.values(), default=ZERO)
    return max((points for _lower, _upper, points in rule.bands), default=ZERO)


def score(rules, answers: dict, levels, areas=()) -> Score:
    """The score of answers (question code → Given) under the track's rules, with the
    levels as (code, threshold percent) pairs; `areas` orders the areas (rules 5 and 6)."""
    by_area: dict[str, list] = {code: [ZERO, ZERO] for code in areas}
    for rule in rules:
        if not rule.enabled:
            continue
        line = by_area.setdefault(rule.area, [ZERO, ZERO])
        line[0] += earned(rule, answers.get(rule.code)) * rule.weight
        line[1] += most(rule) * rule.weight
    total = sum((points for points, _most in by_area.values()), ZERO)
    maximum = sum((top for _points, top in by_area.values()), ZERO)
    percent = (total * 100 / maximum).quantize(CENT, ROUND_HALF_UP) if maximum else ZERO
    reached = [(threshold, code) for code, threshold in levels if percent >= threshold]
    return Score(
        total=total.quantize(CENT, ROUND_HALF_UP),
        maximum=maximum.quantize(CENT, ROUND_HALF_UP),
        percent=percent,
        areas={
            code: (points.quantize(CENT, ROUND_HALF_UP), top.quantize(CENT, ROUND_HALF_UP))
            for code, (points, top) in by_area.items()
        },
        level=max(reached)[1] if reached else None,
    )
