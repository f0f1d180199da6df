from decimal import Decimal

from monitoring.reporting.values import combine_parts


def test_a_cumulative_sum_s_parts_are_added_up_over_the_periods():
    reported = {
        1: [{"sex": {"female": "3"}}, {"sex": {"male": "2"}}],
        3: [{"sex": {"female": "1", "male": "4"}}],
    }

    parts = combine_parts(
        aggregation="sum", cumulative=True, periods=[0, 1, 2, 3], reported=reported
    )

    # Nothing before the first report; a period without reports keeps the stock.
    assert parts == {
        1: {("sex", "female"): 3, ("sex", "male"): 2},
        2: {("sex", "female"): 3, ("sex", "male"): 2},
        3: {("sex", "female"): 4, ("sex", "male"): 6},
    }


def test_parts_are_averaged_or_taken_from_the_latest_value_as_the_headline_is():
    reported = {1: [{"sex": {"female": "10"}}, {"sex": {"female": "20", "male": "5"}}]}

    mean = combine_parts(aggregation="mean", cumulative=False, periods=[1, 2], reported=reported)
    latest = combine_parts(aggregation="latest", cumulative=False, periods=[1], reported=reported)

    assert mean == {
        1: {("sex", "female"): Decimal(15), ("sex", "male"): Decimal(5)},
        2: {("sex", "female"): Decimal(15), ("sex", "male"): Decimal(5)},
    }
    assert latest == {1: {("sex", "female"): 20, ("sex", "male"): 5}}
