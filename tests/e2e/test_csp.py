"""Pages work under the Content-Security-Policy: the browser blocks nothing on them."""

import pytest
from playwright.sync_api import Page, expect

PAGES = [
    "/",
    "/vision/",
    "/priorities/6/",
    "/sdg/",
    "/sdg/6/",
    "/dashboards/",
    "/roadmaps/",
    "/organizations/",
    "/accounts/login/",
    "/admin/login/",
]


def violations(page: Page) -> list[str]:
    """Chromium reports every blocked script, style or image on the console."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


@pytest.mark.parametrize("url", PAGES)
def test_the_browser_blocks_nothing_on_the_page(page: Page, site, url):
    blocked = violations(page)

    response = page.goto(site + url)

    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert blocked == []


def test_the_api_docs_load_under_the_policy(page: Page, site):
    blocked = violations(page)

    page.goto(site + "/api/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Vision 2025 platform API")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert blocked == []


def test_a_network_admin_works_in_the_admin_and_sets_up_two_factor_under_the_policy(
    page: Page, site
):
    from django.core.management import call_command

    call_command("seed_demo", stdout=None)
    blocked = violations(page)

    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Curate the Vision, its members and its monitoring"))
    page.goto(site + "/admin/organizations/organization/")
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#organization_form")).to_be_visible()
    page.goto(site + "/admin/monitoring/roadmap/add/")
    expect(page.locator("#roadmap_form")).to_be_visible()
    page.goto(site + "/accounts/two-factor/")
    expect(page.locator("code.secret").first).to_be_visible()

    page.wait_for_load_state("networkidle")
    assert blocked == []
