"""An editor imports the organisation's IATI file on a phone, checks what it would do,
imports it, and publishes a project: it is then on the public list, on the map and on
its country's dashboard. A file with an error is refused on the dry run page."""

import re

from playwright.sync_api import Page, expect

from monitoring.dashboards import geo
from monitoring.projects.models import Project
from tests.e2e.test_accessibility import AXE, BLOCKING, WCAG_AA
from tests.e2e.test_reporting import PHONE, log_in, log_out
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

ORGANISATION = "Issyk-Kul Water Users"
TITLE = "Clean water for Bishkek's new districts"
BISHKEK = (74.59, 42.87)  # longitude, latitude

ACTIVITY = """
  <iati-activity default-currency="EUR" last-updated-datetime="2024-05-01T00:00:00">
    <iati-identifier>KG-ORG-7001-{number}</iati-identifier>
    <reporting-org ref="KG-ORG-7001" type="22"><narrative>{organisation}</narrative></reporting-org>
    <title><narrative>{title}</narrative></title>
    <description type="1"><narrative>Standpipes and a water users' council in two
      districts of Bishkek.</narrative></description>
    <participating-org role="1" type="40" ref="XI-IATI-EC_INTPA">
      <narrative>European Union</narrative></participating-org>
    <participating-org role="4" type="22" ref="KG-ORG-7001">
      <narrative>{organisation}</narrative></participating-org>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2024-03-01"/>
    <activity-date type="3" iso-date="2026-02-28"/>
    <recipient-country code="KG" percentage="100"/>
    <location>
      <name><narrative>Bishkek</narrative></name>
      <point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>42.87 74.59</pos></point>
    </location>
    <sector vocabulary="1" code="{sector}" percentage="100"/>
    <budget type="1" status="1">
      <period-start iso-date="2024-03-01"/>
      <period-end iso-date="2025-02-28"/>
      <value currency="EUR" value-date="2024-03-01">120000</value>
    </budget>
  </iati-activity>"""


def iati_file(tmp_path, name: str, *activities: dict) -> str:
    body = "".join(
        ACTIVITY.format(organisation=ORGANISATION, **activity) for activity in activities
    )
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<iati-activities version="2.03" generated-datetime="2024-05-01T00:00:00">'
        f"{body}\n</iati-activities>\n",
        encoding="utf-8",
    )
    return str(path)


def an_editor(username: str = "editor-issyk-kul"):
    organisation = OrganizationFactory(name=ORGANISATION, slug="issyk-kul-water-users")
    MembershipFactory(
        user=UserFactory(username=username, password="demo-password"),
        organization=organisation,
        role="editor",
    )
    return organisation


def axe_violations(page: Page) -> list[str]:
    """The serious and critical WCAG 2.1 AA violations on the page as it is now."""
    results = AXE.run(page, options=WCAG_AA).response
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}) at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def assert_fits_a_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px phone"


def upload(page: Page, site: str, path: str) -> None:
    page.goto(f"{site}/projects/")
    page.get_by_role("link", name="Import from an IATI file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import projects from an IATI file")
    assert_fits_a_phone(page)
    page.get_by_label("Organisation").select_option(label=ORGANISATION)
    page.get_by_label("IATI activity file").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What the IATI file would change")


def test_an_editor_imports_an_iati_file_and_publishes_a_project(page: Page, site, tmp_path):
    an_editor()
    path = iati_file(
        tmp_path,
        "activities.xml",
        {"number": "1", "title": TITLE, "sector": "15150"},
        {"number": "2", "title": "Water users' councils in Talas", "sector": "14030"},
    )
    page.set_viewport_size(PHONE)
    violations = []

    # A visitor has seen the country's dashboard (and it is cached) before the import.
    page.goto(f"{site}/dashboards/KG/")
    expect(page.get_by_role("region", name="Projects behind these figures")).to_contain_text(
        "No published project contributes here yet."
    )

    # The editor checks the file: the dry run lists each activity and stores nothing.
    log_in(page, site, "editor-issyk-kul")
    upload(page, site, path)
    activities = page.get_by_role("region", name="The activities of the file")
    expect(activities.get_by_role("row")).to_have_count(3)
    water = activities.get_by_role("row", name=re.compile("KG-ORG-7001-1"))
    expect(water).to_contain_text(TITLE)
    expect(water).to_contain_text("create a project")
    expect(activities.get_by_role("row", name=re.compile("KG-ORG-7001-2"))).to_contain_text(
        "create a project"
    )
    expect(page.locator("main")).to_contain_text("All 2 activities can be imported.")
    assert_fits_a_phone(page)
    violations += axe_violations(page)
    assert not Project.objects.exists()

    # Imported, the projects are drafts: only the organisation's people see them.
    page.get_by_role("button", name="Import these projects").click()
    expect(page).to_have_url(re.compile(r"/organizations/issyk-kul-water-users/#projects$"))
    expect(page.get_by_role("status")).to_contain_text("2 projects imported as drafts")
    drafts = page.locator("li.panel")
    expect(drafts).to_have_count(2)
    for index in range(2):
        expect(drafts.nth(index)).to_contain_text("Draft")
    assert_fits_a_phone(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("A draft")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Implementation")
    expect(facts).to_contain_text("Kyrgyzstan")
    expect(facts).to_contain_text("15150")
    assert_fits_a_phone(page)
    violations += axe_violations(page)

    # Its edit form holds what the file gave, each part in its own formset.
    page.get_by_role("link", name="Edit the project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {TITLE}")
    places = page.get_by_role("group", name="Places")
    expect(places.get_by_label("Place").first).to_have_value("Bishkek")
    budget = page.get_by_role("group", name="Budget by year")
    expect(budget.get_by_label("Year").first).to_have_value("2024")
    funder = budget.get_by_label("Funder").first.locator("option:checked")
    expect(funder).to_have_text("European Union")
    assert_fits_a_phone(page)
    violations += axe_violations(page)
    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name=TITLE).click()

    # Published, it is public.
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The project is published.")
    expect(page.get_by_text("A draft")).to_have_count(0)
    expect(page.get_by_role("button", name="Unpublish")).to_be_visible()
    assert_fits_a_phone(page)
    violations += axe_violations(page)
    project = Project.objects.get(source_identifier="KG-ORG-7001-1")
    assert project.is_published
    assert not Project.objects.get(source_identifier="KG-ORG-7001-2").is_published
    log_out(page)

    # An anonymous visitor finds it on the list, with its funder and its place on the map.
    page.goto(f"{site}/projects/")
    expect(page.get_by_role("heading", level=2, name="1 project")).to_be_visible()
    row = page.locator("li.panel", has=page.get_by_role("link", name=TITLE))
    expect(row).to_contain_text(ORGANISATION)
    expect(row).to_contain_text("Funded by European Union")
    expect(page.get_by_role("link", name="Water users' councils in Talas")).to_have_count(0)
    places = page.get_by_role("region", name="Places")
    expect(places.get_by_role("listitem")).to_have_text([f"Bishkek: {TITLE}"])
    the_map = page.get_by_role("img", name=re.compile("Map of the seven countries"))
    dot = the_map.locator("circle", has=page.locator("title", has_text="Bishkek"))
    expect(dot).to_have_count(1)
    x, y = geo.project(*BISHKEK)
    expect(dot).to_have_attribute("cx", str(x))
    expect(dot).to_have_attribute("cy", str(y))
    assert_fits_a_phone(page)
    violations += axe_violations(page)

    # The organisation's page shows it to everyone; the other project is still a draft.
    page.goto(f"{site}/organizations/issyk-kul-water-users/")
    expect(page.locator("li.panel")).to_have_count(1)
    expect(page.locator("li.panel")).not_to_contain_text("Draft")
    draft = Project.objects.get(source_identifier="KG-ORG-7001-2")
    assert page.goto(f"{site}/projects/{draft.pk}/").status == 404

    # Its page shows the budget by funder and year.
    page.goto(f"{site}/projects/")
    page.get_by_role("heading", level=3, name=TITLE).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    budget = page.get_by_role("region", name="Budget table, EUR")
    expect(budget.get_by_role("columnheader")).to_have_text(["Funder", "2024", "Total"])
    expect(budget.get_by_role("row", name=re.compile("European Union"))).to_contain_text("120,000")
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)

    # And on its country's dashboard.
    page.goto(f"{site}/dashboards/KG/")
    section = page.get_by_role("region", name="Projects behind these figures")
    expect(section).to_contain_text("1 published project of the member organisations")
    expect(section.get_by_role("link", name=TITLE)).to_be_visible()
    expect(section.get_by_role("region", name="Budget table, EUR")).to_contain_text("120,000")

    assert not violations, "\n".join(violations)


def test_a_file_with_an_unknown_sector_is_refused_on_the_dry_run_page(page: Page, site, tmp_path):
    an_editor()
    path = iati_file(
        tmp_path,
        "wrong-sector.xml",
        {"number": "1", "title": TITLE, "sector": "15150"},
        {"number": "2", "title": "Water users' councils in Talas", "sector": "99999"},
    )
    page.set_viewport_size(PHONE)
    log_in(page, site, "editor-issyk-kul")
    upload(page, site, path)

    expect(page.get_by_role("alert")).to_contain_text(
        "1 activity has errors; nothing was imported."
    )
    activities = page.get_by_role("region", name="The activities of the file")
    wrong = activities.get_by_role("row", name=re.compile("KG-ORG-7001-2"))
    expect(wrong).to_contain_text("Sector 99999 is not an OECD DAC 5-digit code.")
    expect(activities.get_by_role("row", name=re.compile("KG-ORG-7001-1"))).not_to_contain_text(
        "Sector"
    )
    expect(page.get_by_role("button", name="Import these projects")).to_have_count(0)
    expect(page.get_by_role("link", name="Correct the file and check it again")).to_be_visible()
    assert_fits_a_phone(page)
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    assert not Project.objects.exists()
