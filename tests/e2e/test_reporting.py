import re

from django.core.management import call_command
from playwright.sync_api import Page, expect

from monitoring.models import ProgressReport

PHONE = {"width": 390, "height": 844}


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(re.compile(r"^Password")).fill("demo-password")
    page.get_by_role("button", name="Log in").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_a_report_is_filled_on_a_phone_returned_corrected_and_approved(page: Page, site):
    call_command("seed_demo", stdout=None)
    draft = ProgressReport.objects.get(
        status="draft", organization__slug="demo-kg-1", roadmap__level="local"
    )
    indicators = list(draft.roadmap.indicators.order_by("position"))
    page.set_viewport_size(PHONE)

    # editor-kg fills the draft on a phone and submits it.
    log_in(page, site, "editor-kg")
    page.get_by_role("link", name="My reports").click()
    page.goto(f"{site}/reports/{draft.pk}/")
    fieldsets = {i.code: page.locator(f"#indicator-{i.pk}") for i in indicators}
    fieldsets["KG-HEAR"].get_by_label("Value").fill("3")
    fieldsets["KG-PART"].get_by_label("Value").select_option("4")
    fieldsets["KG-PLAN"].get_by_label("Value").select_option(label="Yes")
    page.get_by_label("Narrative for the period").fill("Three hearings, one per district.")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the report form scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("submitted for review")
    log_out(page)

    # coordinator-kg returns it with a comment.
    log_in(page, site, "coordinator-kg")
    page.goto(f"{site}/review/{draft.pk}/")
    page.get_by_label("What needs to change").fill("Please attach the minutes of the hearings.")
    page.get_by_role("button", name="Return the report").click()
    expect(page.get_by_role("status")).to_contain_text("returned")
    log_out(page)

    # The editor corrects and resubmits.
    log_in(page, site, "editor-kg")
    page.goto(f"{site}/reports/{draft.pk}/")
    expect(page.locator("main")).to_contain_text("Please attach the minutes of the hearings.")
    hearings = page.locator(f"#indicator-{indicators[0].pk}")
    hearings.get_by_text("Note and evidence").click()
    hearings.get_by_label("Add a link").fill("https://example.org/minutes.pdf")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("submitted for review")
    log_out(page)

    # The coordinator approves; the report is locked.
    log_in(page, site, "coordinator-kg")
    page.goto(f"{site}/review/{draft.pk}/")
    expect(page.locator("main")).to_contain_text("https://example.org/minutes.pdf")
    page.get_by_role("button", name="Approve the report").click()
    # A confirmation page says the report will be locked.
    expect(page.locator("main")).to_contain_text("the report is locked")
    page.get_by_role("button", name="Approve and lock the report").click()
    expect(page.get_by_role("status")).to_contain_text("approved")
    log_out(page)

    log_in(page, site, "editor-kg")
    page.goto(f"{site}/reports/{draft.pk}/")
    expect(page.locator("main")).to_contain_text("approved and locked")
    expect(page.get_by_role("button", name="Save draft")).to_have_count(0)
    draft.refresh_from_db()
    assert draft.status == "approved"
    assert [e.action for e in draft.events.all()][-6:] == [
        "saved",
        "submitted",
        "returned",
        "saved",
        "submitted",
        "approved",
    ]
