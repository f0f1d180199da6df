"""An editor assesses a recommendation on a phone; the coordinator approves it; the
public page shows the assessment and the network's position."""

from django.core.management import call_command
from playwright.sync_api import Page, expect

from monitoring.models import Assessment, Recommendation
from tests.e2e.test_reporting import PHONE, log_in, log_out


def test_an_editor_assesses_a_recommendation_and_a_coordinator_publishes_it(page: Page, site):
    call_command("seed_demo", stdout=None)
    recommendation = (
        Recommendation.objects.filter(country__code="KG")
        .exclude(assessments__organization__slug="demo-kg-1")
        .first()
    )
    page.set_viewport_size(PHONE)

    # editor-kg finds the recommendation and assesses it for the organisation.
    log_in(page, site, "editor-kg")
    page.goto(f"{site}/commitments/KG/")
    page.get_by_role("link", name=recommendation.text[:30]).first.click()
    page.get_by_role("button", name="Assess it for").click()
    page.get_by_label("Implementation").select_option(label="Partially implemented")
    page.locator("#id_narrative").fill("A draft law exists; it was not adopted.")
    page.get_by_label("Add a link").fill("https://example.org/draft-law")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the assessment form scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("submitted for review")
    log_out(page)

    # coordinator-kg approves it from the list of assessments waiting for review.
    log_in(page, site, "coordinator-kg")
    page.goto(f"{site}/commitments/assessments/")
    waiting = page.get_by_role("region", name="Waiting for your review")
    waiting.get_by_role("link", name=recommendation.reference).first.click()
    expect(page.locator("main")).to_contain_text("A draft law exists; it was not adopted.")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_role("status")).to_contain_text("approved and public")
    log_out(page)

    # Everyone sees it, with the network's position.
    page.goto(f"{site}{recommendation.get_absolute_url()}")
    assessments = page.get_by_role("region", name="Assessments by civil society")
    expect(assessments).to_contain_text("A draft law exists; it was not adopted.")
    expect(page.locator(".lead")).to_contain_text("Partially implemented")
    assessment = Assessment.objects.get(
        recommendation=recommendation, organization__slug="demo-kg-1"
    )
    assert assessment.status == "approved"
    assert assessment.evidence.get().url == "https://example.org/draft-law"
