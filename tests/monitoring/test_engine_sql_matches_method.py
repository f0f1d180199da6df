"""The SQL that computes the dashboards on PostgreSQL against the method it implements.

engine/method.py states the ESCAP method once, in Python; on PostgreSQL the indicator
series (sql.INDICATOR_SERIES) and the roll-ups' sums (sql.ROLLUP_SUMS) compute the same
figures set-wise. Hypothesis draws hundreds of series (gaps between reports, several
organisations per period, decreasing targets, zero baselines, percentages, cumulative
stocks, each way of combining values) and the two must agree on every one.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from monitoring.dashboards.engine.figures import ROLLUP_KEYS, Scope
from monitoring.dashboards.engine.indicators import grouped_values, indicator_figures, load_rules
from monitoring.dashboards.engine.method import year_of
from monitoring.dashboards.engine.rollups import rollup_figures
from monitoring.dashboards.engine.series import store_indicator_series
from monitoring.dashboards.engine.store import stored_figures
from monitoring.dashboards.engine.sums import by_country, stored_sums
from monitoring.models import (
    IndicatorValue,
    ProgressReport,
    ProgressSnapshot,
    ReportingPeriod,
    Roadmap,
    RoadmapIndicator,
)
from priorities.models import Objective
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the SQL path is PostgreSQL's"
)

QUARTERS = 12  # 2023 to 2025
EVERYTHING = dict.fromkeys(ROLLUP_KEYS)


def four_places(low: int, high: int):
    return st.integers(low * 10000, high * 10000).map(lambda n: Decimal(n) / 10000)


@st.composite
def series(draw):
    """One indicator and what organisations reported on it, period by period."""
    percent = draw(st.booleans())
    bound = 100 if percent else 5000
    baseline = draw(st.sampled_from([Decimal(0), draw(four_places(0, bound))]))
    target = draw(four_places(0, bound).filter(lambda t: t != baseline))  # Up or down.
    reported = draw(st.lists(st.integers(0, QUARTERS - 1), min_size=1, max_size=QUARTERS))
    values = {
        quarter: draw(st.lists(four_places(-bound // 5, bound), min_size=1, max_size=3))
        for quarter in sorted(set(reported))  # Gaps wherever a quarter was not drawn.
    }
    return {
        "unit": "percent" if percent else "number",
        "aggregation": draw(st.sampled_from(["sum", "mean", "latest"])),
        "cumulative": draw(st.booleans()),
        "baseline": baseline,
        "target": target,
        "target_year": draw(st.integers(2024, 2032)),
        "objectives": draw(st.sets(st.integers(0, 2), max_size=2)),
        "values": values,
    }


def quarter_end(quarter: int) -> datetime.date:
    return datetime.date(2023 + quarter // 4, 3 * (quarter % 4) + 3, 28)


def aimed(anticipated: float) -> dict:
    """A series whose trend gives this anticipated progress (to the fourth decimal of its
    values): two reports a year apart, on a line from 10 that reaches the drawn share of
    the way from 0 to 100 by the end of 2030. Just either side of a threshold, a class
    boundary moved in one of the two implementations shows."""
    first, second = year_of(quarter_end(0)), year_of(quarter_end(4))
    target = year_of(datetime.date(2030, 12, 31))
    rise = (anticipated * 100 - 10) * (second - first) / (target - first)
    return {
        "unit": "percent",
        "aggregation": "sum",
        "cumulative": False,
        "baseline": Decimal(0),
        "target": Decimal(100),
        "target_year": 2030,
        "objectives": {0},
        "values": {0: [Decimal(10)], 4: [Decimal(10 + rise).quantize(Decimal("0.0001"))]},
    }


@pytest.fixture
def network(world):
    periods = [
        ReportingPeriod.objects.create(
            code=f"{2023 + q // 4}-Q{q % 4 + 1}",
            kind="quarter",
            start=datetime.date(2023 + q // 4, 3 * (q % 4) + 1, 1),
            end=quarter_end(q),
            deadline=quarter_end(q),
            is_open=False,
        )
        for q in range(QUARTERS)
    ]
    organizations = [world.org_kg] + [
        OrganizationFactory(slug=f"kg-{n}", country=world.kg) for n in range(2)
    ]
    roadmap = Roadmap.objects.create(
        country=world.kg,
        level="national",
        title="Generated",
        start=datetime.date(2023, 1, 1),
        end=datetime.date(2032, 12, 31),
    )
    roadmap.owners.add(*organizations)
    objectives = list(Objective.objects.order_by("pk")[:3])
    return world.kg, periods, organizations, roadmap, objectives


def build(network, drawn) -> None:
    """The drawn series as approved values, each organisation's in its own report."""
    country, periods, organizations, roadmap, objectives = network
    reports = {}
    values = []
    moment = timezone.now() - datetime.timedelta(days=1)
    for position, one in enumerate(drawn, start=1):
        indicator = RoadmapIndicator.objects.create(
            roadmap=roadmap,
            position=position,
            title=f"Generated {position}",
            code=f"G{position}",
            unit=one["unit"],
            aggregation=one["aggregation"],
            cumulative=one["cumulative"],
            baseline_value=one["baseline"],
            baseline_date=datetime.date(2022, 12, 31),
            target_value=one["target"],
            target_date=datetime.date(one["target_year"], 12, 31),
        )
        indicator.objectives.set([objectives[n] for n in one["objectives"]])
        for quarter, reported in one["values"].items():
            for organization, value in zip(organizations, reported, strict=False):
                key = (organization.pk, quarter)
                if key not in reports:
                    # Each report approved at its own moment, in no particular order:
                    # "latest" takes the one approved last.
                    moment += datetime.timedelta(minutes=(len(reports) * 7919) % 1000 + 1)
                    reports[key] = ProgressReport.objects.create(
                        organization=organization,
                        roadmap=roadmap,
                        period=periods[quarter],
                        status=ProgressReport.Status.APPROVED,
                        reviewed_at=moment,
                    )
                values.append(
                    IndicatorValue(
                        report=reports[key],
                        indicator=indicator,
                        value=value,
                        country=country,
                        period=periods[quarter],
                        is_approved=True,
                    )
                )
    IndicatorValue.objects.bulk_create(values)


def figures_by_key(figures) -> dict:
    return {(f.scope, f.key, f.period_id): f for f in figures}


def assert_same(computed, expected) -> None:
    assert computed.keys() == expected.keys()
    for key, figure in expected.items():
        row = computed[key]
        assert (row.value, row.period_value, row.reports) == (
            figure.value,
            figure.period_value,
            figure.reports,
        ), key
        assert row.status_class == figure.status_class, key
        assert row.current == pytest.approx(figure.current, abs=1e-6), key
        if figure.anticipated is None:
            assert row.anticipated is None, key
        else:
            assert row.anticipated == pytest.approx(figure.anticipated, abs=1e-6), key


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=st.lists(series(), min_size=1, max_size=10))
@example(drawn=[aimed(a) for a in (0.9495, 0.9505, 0.4995, 0.5005, -0.0005, 0.0005)])
def test_the_sql_computes_what_the_method_states(network, drawn):
    country, periods, *_ = network
    # Each example in a transaction of its own, rolled back at its end.
    with transaction.atomic():
        build(network, drawn)
        rules = load_rules()
        by_python = indicator_figures(country.pk, rules, grouped_values(country.pk, rules), periods)
        store_indicator_series(periods, timezone.now(), country_id=country.pk)
        by_sql = stored_figures(ProgressSnapshot.objects.filter(scope=Scope.INDICATOR))
        assert_same(figures_by_key(by_sql), figures_by_key(by_python))

        # The roll-ups: the database's sums of the stored snapshots, against the
        # method's averages of the Python figures.
        sums = by_country(stored_sums(country.pk, EVERYTHING, [p.pk for p in periods]))
        summed = rollup_figures(
            country.pk, rules, [], EVERYTHING, partial_sums=sums[country.pk], activity={}
        )
        averaged = rollup_figures(country.pk, rules, by_python, EVERYTHING, activity={})
        assert_same(figures_by_key(summed), figures_by_key(averaged))
        assert {f.scope for f in summed} >= {Scope.COUNTRY}
        transaction.set_rollback(True)
