import re

from django.core.management import call_command
from playwright.sync_api import Page, expect


def test_a_visitor_follows_the_map_to_an_indicator_and_downloads_its_data(page: Page, site):
    call_command("seed_demo", stdout=None)
    call_command("recompute_dashboards", stdout=None)

    page.goto(site + "/dashboards/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Progress of Central Asian civil society"
    )
    page.locator("svg.map").get_by_role("link", name=re.compile("^Kyrgyzstan")).click()

    expect(page).to_have_url(re.compile(r"/dashboards/KG/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kyrgyzstan")
    page.get_by_role("link", name=re.compile("Young people trained")).first.click()

    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("main")).to_contain_text("The approved reports behind each point")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    content = download.path().read_text(encoding="utf-8")
    assert content.startswith("Country,Period,Reported in the period,Value")
    assert "Kyrgyzstan" in content
