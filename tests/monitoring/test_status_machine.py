"""Every allowed and every refused transition of a report, by role."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring.models import IndicatorValue, ProgressReport
from monitoring.reporting import services
from monitoring.reporting.services import ReportConflictError, ValueInput
from organizations.models import Membership

pytestmark = pytest.mark.django_db

FULL = {"people": "120", "share": "40.5", "plan": "1", "score": "3"}


def values(reporting, **overrides):
    given = {**FULL, **overrides}
    return [
        ValueInput(indicator_id=getattr(reporting, name).pk, value=Decimal(v) if v else None)
        for name, v in given.items()
    ]


@pytest.fixture
def draft(world, reporting):
    return services.report_start(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.period,
        user=world.editor_kg,
    )


def save(report, user, reporting, submit=False, **overrides):
    return services.report_save(
        report_id=report.pk,
        user=user,
        version=None,
        narrative="A quarter of work.",
        values=values(reporting, **overrides),
        submit=submit,
    )


@pytest.fixture
def submitted(world, reporting, draft):
    return save(draft, world.editor_kg, reporting, submit=True)


def status(report):
    report.refresh_from_db()
    return report.status


def test_an_editor_saves_and_submits_a_complete_draft(
    world, reporting, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save(draft, world.editor_kg, reporting, submit=True)

    assert status(draft) == "submitted"
    assert draft.values.count() == 4
    assert [m.to for m in mail.outbox] == [[world.coordinator_kg.email]]
    assert [e.action for e in draft.events.all()] == ["created", "saved", "submitted"]


def test_submitting_an_incomplete_report_stores_nothing(world, reporting, draft):
    with pytest.raises(ValidationError) as error:
        save(draft, world.editor_kg, reporting, submit=True, score="")

    assert f"{reporting.score.pk}:value" in error.value.message_dict
    assert status(draft) == "draft"
    assert draft.values.count() == 0, "the values of a refused submit are not half-stored"


@pytest.mark.parametrize("role", ["viewer_kg", "coordinator_kg", "admin", "editor_kz"])
def test_only_the_organisations_editors_write_its_report(world, reporting, draft, role):
    with pytest.raises(PermissionDenied):
        save(draft, getattr(world, role), reporting)
    assert draft.values.count() == 0


def test_a_suspended_organisations_editor_can_no_longer_report(world, reporting, draft):
    world.org_kg.status = "suspended"
    world.org_kg.save()

    with pytest.raises(PermissionDenied):
        save(draft, world.editor_kg, reporting, submit=True)


@pytest.mark.parametrize("role", ["coordinator_kg", "admin"])
def test_the_countrys_coordinator_or_an_admin_approves(
    world, reporting, submitted, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report_id=submitted.pk, reviewer=getattr(world, role))

    assert status(submitted) == "approved"
    assert all(v.is_approved for v in submitted.values.all())
    assert [m.to for m in mail.outbox] == [[world.editor_kg.email]]
    assert "approved" in mail.outbox[0].subject


@pytest.mark.parametrize("role", ["editor_kg", "viewer_kg", "editor_kz", "outsider"])
def test_people_who_are_not_reviewers_cannot_approve(world, reporting, submitted, role):
    with pytest.raises(PermissionDenied):
        services.report_approve(report_id=submitted.pk, reviewer=getattr(world, role))
    assert status(submitted) == "submitted"


def test_a_coordinator_of_another_country_cannot_approve(world, reporting, submitted):
    with pytest.raises(PermissionDenied, match="coordinators of the organisation’s country"):
        services.report_approve(report_id=submitted.pk, reviewer=reporting.coordinator_kz)
    assert status(submitted) == "submitted"


def test_a_coordinator_who_is_also_its_editor_cannot_approve_their_own_report(
    world, reporting, submitted
):
    Membership.objects.create(user=world.coordinator_kg, organization=world.org_kg, role="editor")

    with pytest.raises(PermissionDenied, match="another coordinator must review"):
        services.report_approve(report_id=submitted.pk, reviewer=world.coordinator_kg)
    assert status(submitted) == "submitted"


def test_a_draft_cannot_jump_to_approved(world, reporting, draft):
    save(draft, world.editor_kg, reporting)

    with pytest.raises(ReportConflictError, match="Only a submitted report"):
        services.report_approve(report_id=draft.pk, reviewer=world.coordinator_kg)
    assert status(draft) == "draft"


def test_returning_needs_a_comment_and_the_editor_resubmits(
    world, reporting, submitted, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.report_return(report_id=submitted.pk, reviewer=world.coordinator_kg, comment="  ")
    assert status(submitted) == "submitted"

    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            report_id=submitted.pk, reviewer=world.coordinator_kg, comment="Share looks too high."
        )
    assert status(submitted) == "returned"
    assert "Share looks too high." in mail.outbox[0].body

    save(submitted, world.editor_kg, reporting, submit=True, share="30")
    assert status(submitted) == "submitted"
    assert submitted.values.get(indicator=reporting.share).value == Decimal("30")


def test_an_approved_report_is_locked(world, reporting, submitted):
    services.report_approve(report_id=submitted.pk, reviewer=world.coordinator_kg)

    with pytest.raises(ReportConflictError, match="approved and can no longer be changed"):
        save(submitted, world.editor_kg, reporting, share="99")
    with pytest.raises(ReportConflictError):
        services.report_return(report_id=submitted.pk, reviewer=world.coordinator_kg, comment="x")
    assert submitted.values.get(indicator=reporting.share).value == Decimal("40.5")


def test_only_a_network_admin_reopens_an_approved_report_with_a_reason(world, reporting, submitted):
    services.report_approve(report_id=submitted.pk, reviewer=world.coordinator_kg)

    with pytest.raises(PermissionDenied):
        services.report_reopen(report_id=submitted.pk, admin=world.coordinator_kg, reason="Typo")
    with pytest.raises(ValidationError):
        services.report_reopen(report_id=submitted.pk, admin=world.admin, reason="")
    assert status(submitted) == "approved"

    services.report_reopen(
        report_id=submitted.pk, admin=world.admin, reason="Wrong quarter entered."
    )

    assert status(submitted) == "returned"
    assert not IndicatorValue.objects.filter(report=submitted, is_approved=True).exists()
    assert submitted.events.last().comment == "Wrong quarter entered."


def test_a_value_for_an_indicator_of_another_roadmap_is_refused(world, reporting, draft):
    with pytest.raises(ValidationError) as error:
        services.report_save(
            report_id=draft.pk,
            user=world.editor_kg,
            version=None,
            narrative="",
            values=[ValueInput(indicator_id=reporting.other.pk, value=Decimal(5))],
        )
    assert "not part of this roadmap" in str(error.value)
    assert draft.values.count() == 0


def test_a_report_can_only_be_started_for_an_open_period_of_an_owned_roadmap(world, reporting):
    with pytest.raises(ReportConflictError):
        services.report_start(
            organization=world.org_kg,
            roadmap=reporting.roadmap_kg,
            period=reporting.earlier,
            user=world.editor_kg,
        )
    with pytest.raises(ReportConflictError):
        services.report_start(
            organization=world.org_kg,
            roadmap=reporting.roadmap_kz,
            period=reporting.period,
            user=world.editor_kg,
        )
    assert not ProgressReport.objects.exists()


def test_history_keeps_every_change_of_status_and_value(world, reporting, draft):
    save(draft, world.editor_kg, reporting, share="10")
    save(draft, world.editor_kg, reporting, share="20", submit=True)

    share = draft.values.get(indicator=reporting.share)
    assert [h.value for h in share.history.order_by("history_date")] == [
        Decimal("10"),
        Decimal("20"),
    ]
    assert share.history.first().history_user == world.editor_kg
    assert (
        list(draft.history.order_by("history_date").values_list("status", flat=True))[-1]
        == "submitted"
    )


def test_each_person_is_emailed_in_their_own_language(
    world, reporting, submitted, django_capture_on_commit_callbacks
):
    world.editor_kg.language = "ru"
    world.editor_kg.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report_id=submitted.pk, reviewer=world.coordinator_kg)

    (email,) = mail.outbox
    assert "утверждён" in email.subject
    assert "approved" not in email.subject
    assert "Здравствуйте" in email.body
