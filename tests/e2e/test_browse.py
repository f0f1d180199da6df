import re

import pytest
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}


def test_a_visitor_opens_the_home_page_follows_a_priority_and_reads_its_objectives(
    page: Page, site
):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Looking into the Future")
    expect(page.locator(".cards .card")).to_have_count(9)

    page.get_by_role("link", name=re.compile("Social entrepreneurship")).click()

    expect(page).to_have_url(re.compile(r"/priorities/8/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Social entrepreneurship")
    objectives = page.locator(".objectives > li")
    expect(objectives).to_have_count(3)
    expect(objectives.first).to_contain_text(
        "Create an enabling operating environment for social entrepreneurship"
    )


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_on_a_phone_the_page_fits_the_screen_and_the_navigation_is_reachable(
    page: Page, site, viewport
):
    page.set_viewport_size(viewport)
    page.goto(site + "/")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Priorities").click()
    page.get_by_role("link", name=re.compile("Priority 6")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Civil society multigenerational paradigm"
    )
    expect(page.locator(".objectives > li")).to_have_count(3)


def test_the_keyboard_reaches_the_main_content_first(page: Page, site):
    page.goto(site + "/sdg/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile("#main$"))
