"""What the engine works with: a Rule per roadmap indicator (what the method needs to know
of it), a Figure per snapshot before it is stored, and the scopes figures roll up into."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from monitoring.dashboards.models import (
    ProgressSnapshot,
)

Scope = ProgressSnapshot.Scope


ROLLUP_SCOPES = [
    (Scope.OBJECTIVE, "objective_id", "objective_ids"),
    (Scope.PRIORITY, "priority_id", "priority_ids"),
    (Scope.SDG_GOAL, "sdg_goal_id", "goal_ids"),
]


ROLLUP_KEYS = [Scope.OBJECTIVE, Scope.PRIORITY, Scope.SDG_GOAL, Scope.COUNTRY]


# The snapshot table's columns, in the order rows are written (COPY) and read back.
SNAPSHOT_COLUMNS = [
    "scope",
    "country_id",
    "period_id",
    "indicator_id",
    "objective_id",
    "priority_id",
    "sdg_goal_id",
    "value",
    "period_value",
    "current_status",
    "anticipated_progress",
    "status_class",
    "report_count",
    "organization_count",
    "indicator_count",
    "current_sum",
    "current_count",
    "anticipated_sum",
    "anticipated_count",
    "achieved_count",
    "computed_at",
]


@dataclass
class Rule:
    """What the engine needs to know about one roadmap indicator."""

    pk: int
    roadmap_id: int
    aggregation: str
    cumulative: bool
    baseline: float
    target: float
    target_date: datetime.date
    objective_ids: set = field(default_factory=set)
    priority_ids: set = field(default_factory=set)
    goal_ids: set = field(default_factory=set)


@dataclass
class Figure:
    """One snapshot before it is stored."""

    scope: str
    country_id: int | None
    period_id: int
    key: int | None
    current: float | None
    anticipated: float | None
    status_class: str
    value: Decimal | None = None
    period_value: Decimal | None = None
    reports: int = 0
    organizations: int = 0
    indicators: int = 0
    # A country's roll-ups: the sums their figures come from (Rollup.sums).
    sums: tuple | None = None

    def as_row(self, computed_at) -> tuple:
        """The snapshot's columns in SNAPSHOT_COLUMNS order."""
        scope = self.scope
        return (
            scope,
            self.country_id,
            self.period_id,
            self.key if scope == Scope.INDICATOR else None,
            self.key if scope == Scope.OBJECTIVE else None,
            self.key if scope == Scope.PRIORITY else None,
            self.key if scope == Scope.SDG_GOAL else None,
            self.value,
            self.period_value,
            self.current,
            self.anticipated,
            self.status_class,
            self.reports,
            self.organizations,
            self.indicators,
            *(self.sums or NO_SUMS),
            computed_at,
        )

    def as_model(self, computed_at) -> ProgressSnapshot:
        keys = {
            "indicator_id": None,
            "objective_id": None,
            "priority_id": None,
            "sdg_goal_id": None,
        }
        key_field = {
            Scope.INDICATOR: "indicator_id",
            Scope.OBJECTIVE: "objective_id",
            Scope.PRIORITY: "priority_id",
            Scope.SDG_GOAL: "sdg_goal_id",
        }.get(self.scope)
        if key_field:
            keys[key_field] = self.key
        return ProgressSnapshot(
            scope=self.scope,
            country_id=self.country_id,
            period_id=self.period_id,
            value=self.value,
            period_value=self.period_value,
            current_status=self.current,
            anticipated_progress=self.anticipated,
            status_class=self.status_class,
            report_count=self.reports,
            organization_count=self.organizations,
            indicator_count=self.indicators,
            computed_at=computed_at,
            **dict(zip(SUM_FIELDS, self.sums or NO_SUMS, strict=True)),
            **keys,
        )


SUM_FIELDS = [
    "current_sum",
    "current_count",
    "anticipated_sum",
    "anticipated_count",
    "achieved_count",
]


NO_SUMS = (None,) * len(SUM_FIELDS)


def scope_keys(rule: Rule):
    """The (scope, key) pairs an indicator counts in, the country included."""
    for scope, _field, attribute in ROLLUP_SCOPES:
        for key in getattr(rule, attribute):
            yield scope, key
    yield Scope.COUNTRY, None


def roadmap_scopes(rules) -> dict[int, set]:
    """The (scope, key) pairs each roadmap has an indicator in."""
    scopes: dict[int, set] = defaultdict(set)
    for rule in rules.values():
        scopes[rule.roadmap_id].update(scope_keys(rule))
    return scopes


def is_wanted(wanted, scope, key) -> bool:
    return wanted[scope] is None or key in wanted[scope]


def countries_with_data() -> list[int]:
    from vision.models import Country

    return list(Country.objects.order_by("pk").values_list("pk", flat=True))
