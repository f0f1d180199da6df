"""A social enterprise fills its self-assessment on a phone and submits it; a verifier
corrects one answer and approves it; the rating is public."""

from django.core.management import call_command
from playwright.sync_api import Page, expect

from monitoring.enterprises.models import EnterpriseAssessment, SocialEnterprise
from tests.e2e.test_reporting import PHONE, log_in, log_out


def test_an_enterprise_submits_its_self_assessment_and_a_verifier_approves_it(page: Page, site):
    call_command("seed_demo", stdout=None)
    page.set_viewport_size(PHONE)

    # enterprise-kg starts the open round's self-assessment and answers every question.
    log_in(page, site, "enterprise-kg")
    page.get_by_role("link", name="Self-assessments of social enterprises").click()
    page.get_by_role("button", name="Start the self-assessment of").click()
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        question = questions.nth(index)
        radios = question.get_by_role("radio")
        if radios.count():
            radios.last.check()
        else:
            question.locator("input[inputmode=decimal]").fill("60")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the questionnaire scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="Submit for verification").click()
    expect(page.get_by_role("status")).to_contain_text("submitted")
    log_out(page)

    # The verifier accepts every answer but one, which it corrects, and approves.
    log_in(page, site, "verifier")
    page.goto(f"{site}/enterprises/assessments/")
    enterprise = SocialEnterprise.objects.get(slug="demo-kg-1")
    page.get_by_role("link", name=enterprise.name, exact=True).click()
    decisions = page.locator("fieldset.verification")
    for index in range(decisions.count()):
        decisions.nth(index).get_by_role("radio", name="Accept").check()
    first = decisions.first
    first.get_by_role("radio", name="Correct").check()
    first.get_by_role("radio", name="No", exact=True).check()  # G1: yes or no
    first.get_by_label("Why, for").fill("The statutes do not say it.")
    page.get_by_role("button", name="Approve and publish the rating").click()
    expect(page.get_by_role("status")).to_contain_text("approved")
    log_out(page)

    assessment = EnterpriseAssessment.objects.get(enterprise__slug="demo-kg-1", round__is_open=True)
    assert assessment.status == "approved"
    assert assessment.answers.filter(accepted=False).count() == 1
    page.goto(f"{site}/enterprises/demo-kg-1/")
    expect(page.locator("main")).to_contain_text(f"{assessment.round.year}")
    expect(page.locator(".lead")).to_contain_text(assessment.level.name)


def test_the_rating_fits_a_phone_its_tables_scroll_within_themselves(page: Page, site):
    call_command("seed_demo", stdout=None)
    page.set_viewport_size(PHONE)

    page.goto(f"{site}/enterprises/")
    page.get_by_role("link", name="The current rating, by country and sector").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The social enterprises’ rating")
    region = page.get_by_role("region", name="Kyrgyzstan")
    expect(region.get_by_role("table")).to_be_visible()
    expect(region.locator("svg.meter").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the rating scrolls sideways by {overflow}px on a phone"

    page.get_by_label("Country").select_option("KG")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(["Kyrgyzstan"])
