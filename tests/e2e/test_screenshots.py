"""The home page, a country dashboard, an editor's to-do page and a coordinator's review
queue on a desktop and on a phone, with the demo data: never a sideways scroll on a phone.
With SCREENSHOTS_DIR set (`make screenshots`), each is also saved there as a full-page
screenshot: home-1280.png, home-390.png, country-…, todo-…, review-…, and Afghanistan's
dashboard in Dari and Mongolia's in Mongolian (country-prs-…, country-mn-…)."""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

VIEWPORTS = {1280: 800, 390: 844}
PAGES = {
    "home": "/",
    "country": "/dashboards/KG/",
    # Right to left with Eastern Arabic digits, and a Cyrillic script beyond Russian.
    "country-prs": "/prs/dashboards/AF/",
    "country-mn": "/mn/dashboards/MN/",
}
# Signed-in pages, each as the demo account that uses it.
SIGNED_IN = {"todo": ("/todo/", "editor-kg"), "review": ("/review/", "coordinator-kg")}


@pytest.fixture
def demo(site):
    call_command("seed_demo", stdout=None)
    call_command("recompute_dashboards", stdout=None)
    return site


def check(page: Page, url: str, name: str, width: int) -> None:
    response = page.goto(url)
    assert response is not None, url
    assert response.ok, f"{url} answered {response.status}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"
    if folder := os.environ.get("SCREENSHOTS_DIR"):
        page.screenshot(path=Path(folder) / f"{name}-{width}.png", full_page=True)


def sign_in(page: Page, site: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(re.compile(r"^Password")).fill("demo-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_public_and_daily_pages_fit_a_desktop_and_a_phone(page: Page, demo):
    for width, height in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in PAGES.items():
            check(page, demo + path, name, width)
        for name, (path, username) in SIGNED_IN.items():
            sign_in(page, demo, username)
            check(page, demo + path, name, width)
        page.context.clear_cookies()
