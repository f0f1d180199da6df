"""WCAG 2.1 AA in a real browser: axe-core on every public page, the login page, the
report form and the review pages, in English and Russian; and a report submitted and
approved with the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect

from monitoring.models import (
    Assessment,
    Consultation,
    Contribution,
    JointReport,
    ProgressReport,
    Recommendation,
    RoadmapIndicator,
)
from organizations.models import Organization

AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = {"serious", "critical"}


def audit(page: Page, url: str) -> list[str]:
    """The serious and critical WCAG 2.1 AA violations on the page at `url`."""
    response = page.goto(url)
    assert response is not None
    assert response.ok, f"{url} answered {response.status}"
    results = AXE.run(page, options=WCAG_AA).response
    return [
        f"{url}: {violation['id']} ({violation['impact']}) at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def log_in_as(page: Page, site: str, username: str, prefix: str = "") -> None:
    page.goto(f"{site}{prefix}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("demo-password")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def demo(site):
    call_command("seed_demo", stdout=None)
    call_command("recompute_dashboards", stdout=None)
    return site


def public_pages() -> list[str]:
    indicator = RoadmapIndicator.objects.filter(roadmap__country__code="KG").first()
    organization = Organization.objects.filter(status="member").first()
    recommendation = Recommendation.objects.filter(
        country__code="KG", assessments__status="approved"
    ).first()
    return [
        "/",
        "/vision/",
        "/priorities/",
        "/priorities/2/",
        "/sdg/",
        "/sdg/6/",
        "/roadmaps/",
        f"/roadmaps/{indicator.roadmap_id}/",
        "/organizations/",
        f"/organizations/{organization.slug}/",
        "/join/",
        "/dashboards/",
        "/dashboards/KG/",
        "/dashboards/priorities/2/",
        "/dashboards/sdg/6/",
        f"/dashboards/indicators/{indicator.pk}/",
        "/dashboards/methodology/",
        "/data/",
        "/commitments/",
        "/commitments/KG/",
        f"/commitments/recommendations/{recommendation.pk}/",
        "/commitments/reports/",
        "/enterprises/",
        "/enterprises/rating/",
        "/enterprises/demo-kg-1/",
        "/enterprises/demo-kg-1/2025/",
        "/enterprises/methodology/",
        f"/commitments/reports/{JointReport.objects.get(is_demo=True).pk}/",
        "/accounts/login/",
    ]


@pytest.mark.parametrize("prefix", ["", "/ru"], ids=["english", "russian"])
def test_pages_have_no_serious_accessibility_violations(page: Page, demo, prefix):
    violations = []
    for path in public_pages():
        violations += audit(page, f"{demo}{prefix}{path}")

    draft = ProgressReport.objects.filter(status="draft", organization__slug="demo-kg-1").first()
    submitted = ProgressReport.objects.filter(
        status="submitted", organization__country__code="KG"
    ).first()
    assessment_draft = Assessment.objects.get(status="draft", organization__slug="demo-kg-1")
    assessment_waiting = Assessment.objects.get(status="submitted", organization__slug="demo-kg-1")
    log_in_as(page, demo, "editor-kg", prefix)
    violations += audit(page, f"{demo}{prefix}/todo/")
    violations += audit(page, f"{demo}{prefix}/reports/")
    violations += audit(page, f"{demo}{prefix}/reports/{draft.pk}/")
    violations += audit(page, f"{demo}{prefix}/commitments/assessments/")
    violations += audit(page, f"{demo}{prefix}/commitments/assessments/{assessment_draft.pk}/")
    page.context.clear_cookies()
    log_in_as(page, demo, "coordinator-kg", prefix)
    violations += audit(page, f"{demo}{prefix}/review/")
    violations += audit(page, f"{demo}{prefix}/review/{submitted.pk}/")
    violations += audit(page, f"{demo}{prefix}/review/approve/?report={submitted.pk}")
    violations += audit(page, f"{demo}{prefix}/todo/")
    violations += audit(page, f"{demo}{prefix}/commitments/assessments/{assessment_waiting.pk}/")
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("prefix", ["", "/ru"], ids=["english", "russian"])
def test_consultations_have_no_serious_accessibility_violations(page: Page, demo, prefix):
    open_one = Consultation.objects.get(is_demo=True, country__code="KG")
    closed = Consultation.objects.get(is_demo=True, country=None)
    violations = []
    for path in (
        "/consultations/",
        "/consultations/?country=KG",
        "/consultations/?country=XX",  # the filter's error
        f"/consultations/{open_one.pk}/",
        f"/consultations/{closed.pk}/",
    ):
        url = f"{demo}{prefix}{path}"
        violations += audit(page, url) if "XX" not in path else audit_refused(page, url)
    # The form, the contributor's own waiting contribution and a refused one's reason.
    log_in_as(page, demo, "editor-kz", prefix)
    violations += audit(page, f"{demo}{prefix}/consultations/{open_one.pk}/")
    page.context.clear_cookies()
    log_in_as(page, demo, "admin", prefix)
    violations += audit(page, f"{demo}{prefix}/consultations/moderation/")
    violations += audit(page, f"{demo}{prefix}/consultations/{closed.pk}/")
    assert not violations, "\n".join(violations)


def audit_refused(page: Page, url: str) -> list[str]:
    """The violations on a page answered with an error status (a form's refusal)."""
    response = page.goto(url)
    assert response is not None
    assert response.status == 400, url
    results = AXE.run(page, options=WCAG_AA).response
    return [
        f"{url}: {violation['id']} ({violation['impact']})"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_consultations_take_a_contribution_from_the_keyboard_alone(page: Page, demo):
    open_one = Consultation.objects.get(is_demo=True, country__code="KG")
    log_in_as(page, demo, "stakeholder-kg")
    page.goto(f"{demo}/consultations/{open_one.pk}/")

    focus_by_tab(page, page.get_by_label("Your contribution"))
    page.keyboard.type("Typed without a mouse, for the ministry.")
    focus_by_tab(page, page.get_by_label("On behalf of"))
    page.keyboard.press("End")  # the stakeholder's organisation, the last choice
    focus_by_tab(page, page.get_by_role("button", name="Send the contribution"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("your contribution is sent")
    expect(page.locator("#your-contributions")).to_be_visible()
    sent = Contribution.objects.get(text="Typed without a mouse, for the ministry.")
    assert sent.status == Contribution.Status.PENDING
    assert sent.stakeholder is not None

    # A network admin publishes it from the queue, also with the keyboard.
    page.context.clear_cookies()
    log_in_as(page, demo, "admin")
    page.goto(f"{demo}/consultations/moderation/")
    item = page.locator("li.panel", has_text="Typed without a mouse")
    focus_by_tab(page, item.get_by_role("button", name="Publish", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("The contribution is published.")
    sent.refresh_from_db()
    assert sent.status == Contribution.Status.PUBLISHED


def focus_by_tab(page: Page, locator, limit: int = 300) -> None:
    """Press Tab until `locator` has the focus, and check that the focus can be seen."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => el === document.activeElement", target):
            style = page.evaluate(
                "el => { const s = getComputedStyle(el); "
                "return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }",
                target,
            )
            assert (style[0] != "none" and style[1] != "0px") or style[2] != "none", (
                f"the focus on {locator} cannot be seen: {style}"
            )
            return
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


def test_a_report_is_submitted_and_approved_with_the_keyboard_alone(page: Page, demo):
    draft = ProgressReport.objects.get(
        status="draft", organization__slug="demo-kg-1", roadmap__level="local"
    )

    # The skip link is the first stop and takes the focus to the content.
    page.goto(f"{demo}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # Log in by typing (the login form puts the focus in the username field).
    page.goto(f"{demo}/accounts/login/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("editor-kg")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    # Open the draft and fill it in: a number typed, choices picked with the arrow keys.
    page.goto(f"{demo}/reports/{draft.pk}/")
    for indicator in draft.roadmap.indicators.order_by("position"):
        field = page.locator(f"#indicator-{indicator.pk}").get_by_label("Value")
        focus_by_tab(page, field)
        if field.evaluate("el => el.tagName") == "SELECT":
            page.keyboard.press("End")
        else:
            page.keyboard.type("3")
    focus_by_tab(page, page.get_by_label("Narrative for the period"))
    page.keyboard.type("Typed without a mouse.")
    focus_by_tab(page, page.get_by_role("button", name="Submit for review"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("submitted for review")

    # The coordinator approves it, also from the keyboard.
    page.context.clear_cookies()
    log_in_as(page, demo, "coordinator-kg")
    page.goto(f"{demo}/review/{draft.pk}/")
    focus_by_tab(page, page.get_by_role("button", name="Approve the report"))
    page.keyboard.press("Enter")
    focus_by_tab(page, page.get_by_role("button", name="Approve and lock the report"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("approved")
    draft.refresh_from_db()
    assert draft.status == ProgressReport.Status.APPROVED
    assert draft.values.exclude(value=None).count() == draft.roadmap.indicators.count()


def test_right_to_left_languages_mirror_the_layout(page: Page, site, settings):
    settings.LANGUAGES = [(code, settings.KNOWN_LANGUAGES[code]) for code in ("en", "ru", "prs")]

    def brand_is_left_of_the_menu():
        brand = page.locator(".brand").bounding_box()
        menu = page.locator(".language-menu").bounding_box()
        return brand["x"] < menu["x"]

    page.goto(f"{site}/priorities/")
    assert brand_is_left_of_the_menu()
    page.goto(f"{site}/prs/priorities/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert not brand_is_left_of_the_menu()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the Dari page scrolls sideways by {overflow}px"


def test_on_a_phone_the_ten_languages_take_one_line_until_the_menu_is_opened(page: Page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/ky/")
    languages = page.locator(".language-menu a")
    expect(languages.first).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 844 / 4, f"the header takes {header['height']}px of 844"

    focus_by_tab(page, page.locator(".language-menu summary"))
    page.keyboard.press("Enter")
    expect(languages).to_have_count(10)
    for index in range(10):
        expect(languages.nth(index)).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the open menu scrolls sideways by {overflow}px"

    focus_by_tab(page, page.get_by_role("link", name="Монгол хэл"))
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "mn")
