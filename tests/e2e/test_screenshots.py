"""The home page and a country dashboard on a desktop and on a phone, with the demo data:
never a sideways scroll on a phone. With SCREENSHOTS_DIR set (`make screenshots`), each is
also saved there as a full-page screenshot: home-1280.png, home-390.png, country-1280.png,
country-390.png."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

VIEWPORTS = {1280: 800, 390: 844}
PAGES = {"home": "/", "country": "/dashboards/KG/"}


@pytest.fixture
def demo(site):
    call_command("seed_demo", stdout=None)
    call_command("recompute_dashboards", stdout=None)
    return site


def test_the_home_page_and_a_country_dashboard_fit_a_desktop_and_a_phone(page: Page, demo):
    folder = os.environ.get("SCREENSHOTS_DIR")
    for width, height in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in PAGES.items():
            response = page.goto(demo + path)
            assert response is not None, path
            assert response.ok, f"{path} answered {response.status}"

            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
            if folder:
                page.screenshot(path=Path(folder) / f"{name}-{width}.png", full_page=True)
