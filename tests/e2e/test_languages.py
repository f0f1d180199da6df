"""Checked as a user would: in each of the ten languages, on a phone 390 px wide, the home
page, a country's dashboard, the form of a draft report (its organisation's editor) and the
review of a submitted one (the country's coordinator) show no interface string left in
English, pass axe's WCAG 2.1 AA rules, fit the screen without a word cut off, and read right
to left in Dari and Pashto."""

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

from tests.conftest import BASE_DIR
from tests.e2e.test_accessibility import AXE, BLOCKING, WCAG_AA
from tests.monitoring.conftest import reporting  # noqa: F401 - shared fixtures
from tests.monitoring.states import ReportStates, report_states  # noqa: F401
from tests.vision.test_languages import english_fragments, read_catalogue

PHONE = {"width": 390, "height": 844}
ENGLISH = settings.LANGUAGE_CODE
RIGHT_TO_LEFT = set(settings.LANGUAGES_BIDI)

# What a reader meets on a page, line by line: its text, the names given to images, links
# and fields, the fields' hints, and the choices of its menus; the <details> opened first,
# as a reader would open them.
SHOWN_TEXT = """() => {
  for (const details of document.querySelectorAll("details")) details.open = true;
  const texts = [document.title, ...document.body.innerText.split("\\n")];
  for (const el of document.body.querySelectorAll("[title], [aria-label], [alt], [placeholder]")) {
    for (const name of ["title", "aria-label", "alt", "placeholder"]) {
      const value = el.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  for (const option of document.querySelectorAll("select option")) texts.push(option.text);
  return texts.map(text => text.split(/\\s+/).join(" ").trim()).filter(Boolean);
}"""

# What sticks out of the 390 px screen, or out of its own box (a long word cut off, or
# spilling over its neighbour), or a chart's label cut off by the chart's edge. Inside a box
# that scrolls sideways (a wide table's .table-scroll) that is the design.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const inScroller = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up)) return true;
    }
    return false;
  };
  const describe = el => {
    const text = (el.innerText || el.textContent || "").split(/\\s+/).join(" ").trim();
    const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/) : [];
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + classes.filter(Boolean).map(name => "." + name).join("") + ` “${text.slice(0, 60)}”`;
  };
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  }
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // not shown, or visually hidden
    if (inScroller(el)) continue;
    if (box.left < -1 || box.right > width + 1) {
      const [from, to] = [Math.round(box.left), Math.round(box.right)];
      problems.push(`${describe(el)} runs from ${from} to ${to}px`);
    } else if (el instanceof SVGTextElement) {
      const chart = el.ownerSVGElement.getBoundingClientRect();
      if (box.left < chart.left - 1 || box.right > chart.right + 1) {
        problems.push(`${describe(el)} is cut off by the edge of its drawing`);
      }
    } else if (!(el instanceof SVGElement) && !scrolls(el)
               && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describe(el)} holds ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  }
  return problems;
}"""

# The main heading's direction, and how far its text sits from each side of its box.
HEADING = """heading => {
  const style = getComputedStyle(heading);
  const box = heading.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(heading);
  const text = range.getBoundingClientRect();
  return {
    direction: style.direction,
    left: Math.round(text.left - box.left - parseFloat(style.paddingLeft)),
    right: Math.round(box.right - parseFloat(style.paddingRight) - text.right),
  };
}"""

# English dates: Django's month names and their abbreviations ("Dec. 7, 2026").
ENGLISH_MONTHS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)(?!\w)"
)
# A run of English words: the same on the English page, it was never translated.
ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{3,}(?: [A-Za-z]{2,})+\b")


@dataclass
class Reports:
    site: str
    world: object
    reporting: object
    states: ReportStates


@pytest.fixture
def reports(site, world, reporting, report_states) -> Reports:  # noqa: F811
    """The Vision's content; a draft, a submitted and an approved report of the Kyrgyz
    organisation; the dashboards computed. Built for each language (about a second): a live
    server's test is transactional, and the database is emptied after each."""
    return Reports(site, world, reporting, report_states)


def own_words(reports: Reports) -> re.Pattern:
    """The names of the test's organisations, people, roadmap and indicators, and what they
    wrote: shown as written in every language (in capitals where a style says so)."""
    world, roadmaps = reports.world, (reports.reporting.roadmap_kg, reports.reporting.roadmap_kz)
    names = {world.org_kg.name, world.org_kz.name, world.org_kg.city, world.org_kz.city}
    names |= {user.full_name for user in type(world.editor_kg).objects.all()}
    names |= {roadmap.title for roadmap in roadmaps}
    names |= {indicator.title for roadmap in roadmaps for indicator in roadmap.indicators.all()}
    for report in (reports.states.draft, reports.states.submitted):
        names.add(report.narrative)
        names |= {value.note for value in report.values.all()}
    longest_first = sorted(names - {""}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, longest_first)), re.IGNORECASE)


def sign_in(page: Page, site: str, user) -> None:
    """The browser carries a session of `user`, as after the login form."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.ok, f"{url} answered {response.status}"


def shown_text(page: Page, words: re.Pattern) -> list[str]:
    """The page's text, line by line, without the test's own words."""
    return [" ".join(words.sub(" ", text).split()) for text in page.evaluate(SHOWN_TEXT)]


def untranslated(texts: list[str], english: list[str], fragments: set[str]) -> list[str]:
    shown = "\n".join(texts)
    problems = [f"in English: “{fragment}”" for fragment in sorted(fragments) if fragment in shown]
    problems += [f"an English date: “{text}”" for text in texts if ENGLISH_MONTHS.search(text)]
    problems += [
        f"the same as on the English page: “{text}”"
        for text in sorted(set(texts) & set(english))
        if ENGLISH_WORDS.search(text) and not any(fragment in text for fragment in fragments)
    ]
    return problems


def layout(page: Page, code: str) -> list[str]:
    problems = [f"overflow: {problem}" for problem in page.evaluate(OVERFLOW)]
    html = page.locator("html")
    direction = "rtl" if code in RIGHT_TO_LEFT else "ltr"
    if (html.get_attribute("lang"), html.get_attribute("dir")) != (code, direction):
        problems.append(
            f'<html lang="{html.get_attribute("lang")}" dir="{html.get_attribute("dir")}">, '
            f'not lang="{code}" dir="{direction}"'
        )
    headings = page.locator("main h1")
    if headings.count() != 1:
        return [*problems, f"{headings.count()} main headings (h1), not one"]
    heading = headings.evaluate(HEADING)
    start = "right" if direction == "rtl" else "left"
    if heading["direction"] != direction or heading[start] > 1:
        problems.append(
            f"the main heading is not written from the {start}: direction "
            f"{heading['direction']}, its text {heading['left']}px from the left and "
            f"{heading['right']}px from the right"
        )
    return problems


def accessibility(page: Page) -> list[str]:
    return [
        f"axe: {violation['id']} ({violation['impact']}) at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in AXE.run(page, options=WCAG_AA).response["violations"]
        if violation["impact"] in BLOCKING
    ]


def check(page: Page, site: str, path: str, code: str, fragments, words) -> list[str]:
    """Everything wrong with `path` in the language `code`, as a reader on a phone meets it."""
    english = []
    if code != ENGLISH:
        open_page(page, f"{site}{path}")
        english = shown_text(page, words)
    url = f"{site}{path}" if code == ENGLISH else f"{site}/{code}{path}"
    open_page(page, url)
    problems = accessibility(page)
    if code != ENGLISH:
        problems += untranslated(shown_text(page, words), english, fragments)
    problems += layout(page, code)
    return [f"{url}: {problem}" for problem in problems]


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES])
def test_the_home_dashboard_report_and_review_pages_read_well_on_a_phone(
    page: Page, reports: Reports, code: str
):
    catalogue = BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"
    fragments = set() if code == ENGLISH else english_fragments(read_catalogue(catalogue))
    words = own_words(reports)
    site, states = reports.site, reports.states
    page.set_viewport_size(PHONE)

    problems = check(page, site, "/", code, fragments, words)
    problems += check(page, site, "/dashboards/KG/", code, fragments, words)
    sign_in(page, site, reports.world.editor_kg)
    problems += check(page, site, f"/reports/{states.draft.pk}/", code, fragments, words)
    sign_in(page, site, reports.world.coordinator_kg)
    problems += check(page, site, f"/review/{states.submitted.pk}/", code, fragments, words)
    assert not problems, f"{len(problems)} problems in {code}:\n" + "\n".join(problems)
