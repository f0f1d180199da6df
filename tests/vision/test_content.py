"""The Vision's content in the database is the Vision's own text, word for word."""

import re

import pytest

from priorities.models import Objective, Priority
from vision.content import VISION_TEXT
from vision.models import Country, CountryIndexScore, InternationalIndex, VisionStatement

pytestmark = pytest.mark.django_db

Kind = VisionStatement.Kind


@pytest.fixture(scope="module")
def vision_lines() -> list[str]:
    return [line.strip() for line in VISION_TEXT.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def vision_prose(vision_lines) -> str:
    """The whole text as one line, without markup or footnote marks, to search in."""
    text = " ".join(line for line in vision_lines if line)
    return re.sub(r"[*¹²³⁴⁵⁶⁷⁸⁹⁰]", "", text)


def priorities_in_the_text(lines: list[str]) -> list[dict]:
    """Priorities, goals and ✓ objectives as the document prints them in section IV.

    An objective that runs over a page break continues on the next non-empty lines.
    """
    found: list[dict] = []
    for line in lines:
        if line == "Conclusion":
            break
        if heading := re.fullmatch(r"Priority (\d)\. (.+)", line):
            found.append({"number": int(heading[1]), "title": heading[2], "objectives": []})
        elif not found:
            continue
        elif goal := re.fullmatch(r"Goal – (.+)", line):
            found[-1]["goal"] = goal[1]
        elif line.startswith("- ✓ "):
            found[-1]["objectives"].append(line.removeprefix("- ✓ "))
        elif line and found[-1]["objectives"]:
            found[-1]["objectives"][-1] += " " + line
    return found


def test_the_seven_countries_that_co_designed_the_vision():
    codes = set(Country.objects.filter(is_vision_country=True).values_list("code", flat=True))

    assert codes == {"AF", "KZ", "KG", "MN", "TJ", "TM", "UZ"}
    assert Country.objects.get(code="KG").name == "Kyrgyzstan"


def test_nine_priorities_with_34_objectives():
    assert Priority.objects.count() == 9
    assert Objective.objects.count() == 34
    per_priority = [p.objectives.count() for p in Priority.objects.order_by("number")]
    assert per_priority == [3, 6, 4, 4, 4, 3, 3, 3, 4]


def test_priorities_goals_and_objectives_match_the_vision_word_for_word(vision_lines):
    expected = priorities_in_the_text(vision_lines)
    assert len(expected) == 9

    for entry in expected:
        priority = Priority.objects.get(number=entry["number"])
        assert priority.title == entry["title"]
        assert priority.goal == entry["goal"]
        stored = list(priority.objectives.order_by("position"))
        assert len(stored) == len(entry["objectives"])
        for objective, line in zip(stored, entry["objectives"], strict=True):
            headline, rest = re.fullmatch(r"\*\*(.+?)\*\*(.*)", line).groups()
            assert objective.title == headline
            assert objective.description == rest.strip()


def test_an_objective_that_runs_over_a_page_break_is_stored_whole():
    objective = Objective.objects.get(priority__number=4, position=4)

    assert objective.title == "Develop local self-governance"
    assert "monitoring the use of budgetary resources, and d) strengthening" in (
        objective.description
    )


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        (Kind.IMPACT, 6),
        (Kind.ROLE, 4),
        (Kind.DISTINGUISHING_FACTOR, 8),
        (Kind.PRINCIPLE, 8),
        (Kind.UNIFYING_FACTOR, 7),
        (Kind.SECTOR_STATE, 4),
    ],
)
def test_the_structured_parts_of_the_vision_are_all_there(kind, count):
    assert VisionStatement.objects.filter(kind=kind).count() == count


def test_every_statement_is_quoted_from_the_vision(vision_prose):
    for statement in VisionStatement.objects.prefetch_related("items"):
        for passage in [statement.title, statement.text, *(i.text for i in statement.items.all())]:
            assert passage in vision_prose, f"{statement.kind} {statement.position}: {passage!r}"


def test_principles_and_unifying_factors_keep_their_explanations(vision_lines):
    principle_lines = [line for line in vision_lines if re.match(r"\d\. \*\*", line)]
    principles = VisionStatement.objects.filter(kind=Kind.PRINCIPLE).order_by("position")
    assert [f"{p.position}. **{p.title}.** {p.text}" for p in principles] == principle_lines

    unifying = VisionStatement.objects.filter(kind=Kind.UNIFYING_FACTOR).order_by("position")
    assert [f.title for f in unifying] == [
        "Civic responsibility",
        "Human rights and freedoms",
        "Synergy",
        "Regional identity beyond political and geographic boundaries",
        "Social justice",
        "Equality and inclusion",
        "Progress",
    ]
    assert unifying.get(title="Progress").text == "A movement forward, improvement."


def test_the_four_roles_keep_their_items_and_the_four_states_their_order():
    roles = VisionStatement.objects.filter(kind=Kind.ROLE).order_by("position")
    assert [r.items.count() for r in roles] == [4, 6, 0, 0]
    assert roles[1].items.last().text == "Road maps."

    states = VisionStatement.objects.filter(kind=Kind.SECTOR_STATE).order_by("position")
    assert [s.title for s in states] == [
        "Well-established",
        "Legitimate",
        "Developing",
        "Experiencing difficulties",
    ]


def test_the_international_mechanisms_the_vision_names(vision_prose):
    indexes = InternationalIndex.objects.order_by("position")

    assert [i.slug for i in indexes] == [
        "wango-code",
        "civicus-monitor",
        "ogp",
        "human-freedom-index",
        "eiu-democracy-index",
        "eiti",
    ]
    for index in indexes:
        assert index.vision_text in vision_prose


def test_the_two_index_facts_the_vision_states_are_seeded_with_year_and_source():
    civicus = CountryIndexScore.objects.filter(index__slug="civicus-monitor")
    assert {s.country.code for s in civicus} == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert {(s.category, s.year) for s in civicus} == {("closed", 2019)}
    assert all(s.source_url and "Looking into the Future" in s.source_note for s in civicus)

    democracy = CountryIndexScore.objects.get(index__slug="eiu-democracy-index")
    assert (democracy.country.code, democracy.year) == ("KZ", 2018)
    assert (democracy.rank, democracy.rank_out_of) == (144, 167)
    assert democracy.source_url
