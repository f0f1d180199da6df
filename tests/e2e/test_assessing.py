"""An editor assesses a recommendation on a phone; the coordinator approves it; the
public page shows the assessment and the network's position."""

from django.core.management import call_command
from playwright.sync_api import Page, expect

from monitoring.models import Assessment, Recommendation
from organizations.models import Organization
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


def test_a_coordinator_opens_a_joint_report_an_editor_cosigns_and_it_is_published(page: Page, site):
    call_command("seed_demo", stdout=None)
    recommendation = Recommendation.objects.filter(
        country__code="KG", assessments__status="approved"
    ).first()
    organization = Organization.objects.get(slug="demo-kg-1")

    # coordinator-kg opens the report, selects a recommendation, invites demo-kg-1.
    log_in(page, site, "coordinator-kg")
    page.goto(f"{site}/commitments/reports/")
    page.get_by_role("link", name="Open a joint report").click()
    page.get_by_label("Country").select_option(label="Kyrgyzstan")
    page.get_by_label("Mechanism").select_option(label="Universal Periodic Review (UPR)")
    page.get_by_label("Cycle or session").fill("5")
    page.get_by_label("Title").fill("Freedoms in Kyrgyzstan, fifth cycle")
    page.get_by_role("button", name="Open a joint report").click()
    page.get_by_label("Introduction").fill("Prepared together by the network's members.")
    page.get_by_label(recommendation.label, exact=False).first.check()
    page.get_by_label(organization.name, exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    log_out(page)

    # editor-kg co-signs for the organisation.
    log_in(page, site, "editor-kg")
    page.goto(f"{site}/commitments/reports/")
    page.get_by_role("link", name="Freedoms in Kyrgyzstan, fifth cycle").click()
    page.get_by_role("button", name="Co-sign for").click()
    expect(page.get_by_role("status")).to_contain_text("co-signs the report")
    log_out(page)

    # coordinator-kg publishes it; everyone reads it and downloads it.
    log_in(page, site, "coordinator-kg")
    page.goto(f"{site}/commitments/reports/")
    page.get_by_role("link", name="Freedoms in Kyrgyzstan, fifth cycle").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("published")
    log_out(page)
    page.goto(f"{site}/commitments/reports/")
    page.get_by_role("link", name="Freedoms in Kyrgyzstan, fifth cycle").click()
    signatories = page.get_by_role("region", name="Signatories")
    expect(signatories).to_contain_text(organization.name)
    expect(page.locator("main")).to_contain_text(recommendation.text[:40])
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Word (DOCX)").click()
    assert download.value.suggested_filename == "freedoms-in-kyrgyzstan-fifth-cycle.docx"
