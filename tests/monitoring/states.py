"""Reports and assessments of the Kyrgyz organisation in every state of the workflow, each
carrying a marker in its narrative, its values' notes or sources and its evidence, so that a
test can search any page or file for what must not leak."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring import opendata
from monitoring.commitments import assessments
from monitoring.commitments.models import Assessment, Instrument, Recommendation
from monitoring.dashboards import engine
from monitoring.models import ProgressReport, ReportingPeriod
from monitoring.reporting import services
from monitoring.reporting.services import EvidenceInput, ValueInput

# Unlike anything the platform writes itself, so that finding it anywhere means a leak.
MARKER = "qxconfidentialqx"


@dataclass
class ReportStates:
    draft: ProgressReport
    submitted: ProgressReport
    returned: ProgressReport
    approved: ProgressReport
    # An open period nobody has reported for yet: starting a report in it changes something.
    fresh_period: ReportingPeriod


def marker_of(status: str) -> str:
    return f"{MARKER}{status}"


def _open_period(code: str, start: datetime.date, end: datetime.date) -> ReportingPeriod:
    return ReportingPeriod.objects.create(
        code=code,
        kind="quarter",
        start=start,
        end=end,
        deadline=end + datetime.timedelta(days=20),
        is_open=True,
    )


def _report(world, reporting, period, status: str) -> ProgressReport:
    marker = marker_of(status)
    report = services.report_start(
        organization=world.org_kg, roadmap=reporting.roadmap_kg, period=period, user=world.editor_kg
    )
    numbers = {"people": "120", "share": "40", "plan": "1", "score": "3"}
    services.report_save(
        report_id=report.pk,
        user=world.editor_kg,
        version=None,
        narrative=f"Narrative {marker}narrative",
        values=[
            ValueInput(getattr(reporting, name).pk, Decimal(number), note=f"{marker}note")
            for name, number in numbers.items()
        ],
        new_evidence=[
            EvidenceInput(
                reporting.people.pk,
                file=SimpleUploadedFile(f"{marker}file.pdf", b"%PDF-1.7 attendance list"),
                description=f"{marker}description",
            ),
            EvidenceInput(None, url=f"https://evidence.example.org/{marker}link"),
        ],
        submit=status != "draft",
    )
    if status == "approved":
        services.report_approve(report_id=report.pk, reviewer=world.coordinator_kg)
    if status == "returned":
        services.report_return(
            report_id=report.pk, reviewer=world.coordinator_kg, comment=f"{marker}comment"
        )
    report.refresh_from_db()
    assert report.status == status
    return report


@pytest.fixture
def report_states(world, reporting, settings, tmp_path) -> ReportStates:
    """A draft, a submitted, a returned and an approved report of the Kyrgyz organisation,
    the dashboards computed and the open data built from them."""
    settings.MEDIA_ROOT = tmp_path / "media"
    year = datetime.date
    # Dashboards cover periods that have begun: the approved report goes in the past one,
    # opened for the time it takes to write it.
    reporting.earlier.is_open = True
    reporting.earlier.save(update_fields=["is_open"])
    states = ReportStates(
        draft=_report(world, reporting, reporting.period, "draft"),
        submitted=_report(
            world,
            reporting,
            _open_period("2026-Q4", year(2026, 10, 1), year(2026, 12, 31)),
            "submitted",
        ),
        returned=_report(
            world,
            reporting,
            _open_period("2027-Q1", year(2027, 1, 1), year(2027, 3, 31)),
            "returned",
        ),
        approved=_report(world, reporting, reporting.earlier, "approved"),
        fresh_period=_open_period("2027-Q2", year(2027, 4, 1), year(2027, 6, 30)),
    )
    reporting.earlier.is_open = False
    reporting.earlier.save(update_fields=["is_open"])
    # The approval's recompute waits for a commit that a test's transaction never makes.
    engine.recompute_all()
    opendata.build()
    return states


@dataclass
class AssessmentStates:
    draft: Assessment
    submitted: Assessment
    returned: Assessment
    approved: Assessment


# What an approved assessment says: public, so found in the open data and on its page.
APPROVED_NARRATIVE = "The law on journalists was adopted and applied."


def assessment_marker(status: str) -> str:
    return marker_of(f"assessment{status}")


def _assessment(world, number: int, status: str) -> Assessment:
    recommendation = Recommendation.objects.create(
        country=world.kg,
        mechanism=Instrument.objects.get(code="UPR"),
        cycle="4",
        reference=f"141.{number}",
        made_on=datetime.date(2024, 1, 24),
        text=f"Recommendation {number} to protect journalists.",
    )
    assessment = assessments.assessment_start(
        recommendation=recommendation, organization=world.org_kg, user=world.editor_kg
    )
    marker = assessment_marker(status)
    secret = status != "approved"
    assessments.assessment_save(
        assessment_id=assessment.pk,
        user=world.editor_kg,
        version=None,
        as_of=assessment.as_of,
        implementation="partial",
        narrative=f"Narrative {marker}narrative" if secret else APPROVED_NARRATIVE,
        sources=f"https://sources.example.org/{marker}sources" if secret else "",
        new_evidence=[
            assessments.EvidenceInput(
                file=SimpleUploadedFile(f"{marker}file.pdf", b"%PDF-1.7 court records"),
                description=f"{marker}description",
            ),
            assessments.EvidenceInput(url=f"https://evidence.example.org/{marker}link"),
        ]
        if secret
        else [],
        submit=status != "draft",
    )
    if status == "approved":
        assessments.assessment_approve(assessment_id=assessment.pk, reviewer=world.coordinator_kg)
    if status == "returned":
        assessments.assessment_return(
            assessment_id=assessment.pk, reviewer=world.coordinator_kg, comment=f"{marker}comment"
        )
    assessment.refresh_from_db()
    assert assessment.status == status
    return assessment


@pytest.fixture
def assessment_states(world, report_states) -> AssessmentStates:
    """A draft, a submitted, a returned and an approved assessment of the Kyrgyz
    organisation (each of its own recommendation), besides the reports' states, and the
    open data built again with them."""
    states = AssessmentStates(
        *(
            _assessment(world, number, status)
            for number, status in enumerate(("draft", "submitted", "returned", "approved"))
        )
    )
    opendata.build()
    return states
