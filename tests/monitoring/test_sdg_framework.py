import csv

import pytest
from django.core.management import call_command

from monitoring.models import SdgGoal, SdgIndicator, SdgTarget
from monitoring.sdg.content import DATA_DIR

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return [
        *SdgGoal.objects.values_list("id", "number", "title_en", "title_ru", "colour"),
        *SdgTarget.objects.values_list("id", "code", "goal_id", "position", "title_en", "title_ru"),
        *SdgIndicator.objects.values_list(
            "id", "code", "target_id", "position", "title_en", "title_ru", "unsd_code"
        ),
    ]


def test_the_whole_framework_is_loaded():
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    assert SdgIndicator.objects.count() == 248
    targets_per_goal = [g.targets.count() for g in SdgGoal.objects.order_by("number")]
    assert targets_per_goal == [7, 8, 13, 10, 9, 8, 5, 12, 8, 10, 10, 11, 5, 10, 12, 12, 19]


def test_titles_are_in_english_and_russian_as_the_data_files_give_them():
    with open(DATA_DIR / "indicators.csv", encoding="utf-8") as f:
        rows = {row["code"]: row for row in csv.DictReader(f)}

    for indicator in SdgIndicator.objects.all():
        assert indicator.title_en == rows[indicator.code]["title_en"]
        assert (indicator.title_ru or "") == rows[indicator.code]["title_ru"]
    assert SdgIndicator.objects.exclude(title_ru=None).count() == 242
    poverty = SdgGoal.objects.get(number=1)
    assert poverty.title_ru == "Повсеместная ликвидация нищеты во всех ее формах"


def test_a_missing_russian_title_falls_back_to_english():
    from django.utils import translation

    indicator = SdgIndicator.objects.get(code="11.5.3")
    with translation.override("ru"):
        assert indicator.title == indicator.title_en


def test_repeated_indicators_keep_their_own_codes_and_share_the_unsd_code():
    group = SdgIndicator.objects.filter(code__in=["1.5.1", "11.5.1", "13.1.1"])

    assert {i.unsd_code for i in group} == {"C200303"}
    assert {i.target.code for i in group} == {"1.5", "11.5", "13.1"}
    assert SdgTarget.objects.get(code="11.c").indicators.count() == 0


def test_loading_the_data_twice_changes_nothing():
    before = snapshot()

    call_command("load_content")
    call_command("load_content")

    assert snapshot() == before
