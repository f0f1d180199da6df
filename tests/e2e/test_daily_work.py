"""The daily work in a real browser: an editor goes from signing in to a submitted report
from the to-do page, and a coordinator approves it from the review queue on a phone."""

import re

from django.core.management import call_command
from playwright.sync_api import Page, expect

from monitoring.models import ProgressReport

PHONE = {"width": 390, "height": 844}


def sideways_scroll(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def sign_in(page: Page, site: str, username: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(re.compile(r"^Password")).fill("demo-password")
    page.get_by_role("button", name="Log in").click()


def test_from_sign_in_to_a_submitted_report_and_its_approval_from_the_queue(page: Page, site):
    call_command("seed_demo", stdout=None)
    page.set_viewport_size(PHONE)

    # The editor's steps: 1 sign in (lands on the to-do page), 2 start or continue the
    # first report owed (the most urgent), 3 fill what is still empty (one step per empty
    # indicator), 4 submit. Before the to-do page it took at least seven, through the account
    # page, "My reports" and the report's address.
    sign_in(page, site, "editor-kg")
    expect(page).to_have_url(re.compile(r"/todo/$"))
    expect(page.get_by_role("heading", name="To do", level=1)).to_be_visible()
    assert sideways_scroll(page) <= 0, "the to-do page scrolls sideways on a phone"
    first = page.locator(".todo-item").first
    first.get_by_role("button").or_(
        first.get_by_role("link", name=re.compile("report"))
    ).first.click()
    expect(page.get_by_role("button", name="Submit for review")).to_be_visible()
    report = ProgressReport.objects.get(pk=int(re.search(r"/reports/(\d+)/", page.url)[1]))
    for indicator in report.roadmap.indicators.order_by("position"):
        field = page.locator(f"#indicator-{indicator.pk}").get_by_label("Value")
        if field.input_value():
            continue  # a draft continued: what was typed before stays
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(index=1)
        else:
            field.fill("3")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("submitted for review")
    report.refresh_from_db()
    assert report.status == "submitted"
    page.context.clear_cookies()

    # The coordinator, on the same phone: the to-do page says what waits, the queue fits.
    sign_in(page, site, "coordinator-kg")
    expect(page.locator("#waiting-title")).to_contain_text("for your review")
    page.goto(site + "/review/")
    assert sideways_scroll(page) <= 0, "the review queue scrolls sideways on a phone"
    page.get_by_label(
        re.compile(f"Choose {re.escape(report.roadmap.title)}, {report.period.code}")
    ).check()
    page.get_by_role("button", name="Approve the chosen reports…").click()
    expect(page.locator("main")).to_contain_text("the report is locked")
    assert sideways_scroll(page) <= 0
    page.get_by_role("button", name="Approve and lock the report").click()
    expect(page.get_by_role("status")).to_contain_text("1 report is approved and locked.")
    report.refresh_from_db()
    assert report.status == "approved"
