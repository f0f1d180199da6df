"""Each country's dashboard shows its recommendations by the network's position on their
implementation, counted in the background with the progress figures: fresh after an
approval, never half written."""

import pytest

from monitoring.commitments import assessments, selectors
from monitoring.commitments.models import Assessment, ImplementationSnapshot
from monitoring.dashboards import engine, schedule
from monitoring.dashboards.engine import recompute as recompute_module
from monitoring.dashboards.models import DashboardState, PendingRecompute, ProgressSnapshot
from tests.api.test_open_data import download
from tests.monitoring.test_assessments import approved
from tests.monitoring.test_commitments import recommend

pytestmark = pytest.mark.django_db


def shown(client, code):
    page = client.get(f"/dashboards/{code}/").content.decode()
    return page[page.index('id="commitments-title"') : page.index('id="indicators-title"')]


def generation():
    return DashboardState.objects.get(pk=1).generation


def test_the_demo_countrys_dashboard_counts_as_the_commitments_page_does(client, demo_dashboards):
    line = next(x for x in selectors.region_commitments() if x.country.code == "KG")
    section = shown(client, "KG")

    assert line.recommendations > 0
    assessed = line.recommendations - {k: c for k, _l, c, _s in line.by_position()}["unassessed"]
    assert f"{assessed} of the {line.recommendations} recommendations" in section
    for key, label, count, _share in line.by_position():
        assert str(label) in section
        if count:
            assert f'href="/commitments/KG/?status={key}#recommendations">{count}</a>' in section
    assert 'class="chart share-bar"' in section


def test_an_approval_reaches_the_dashboard_by_a_recompute_of_the_commitments_alone(
    client, world, django_capture_on_commit_callbacks
):
    first = recommend(world.kg, reference="141.7")
    recommend(world.kg, reference="141.8")
    engine.recompute_all()
    assert "0 of the 2 recommendations" in shown(client, "KG")
    progress_written = list(ProgressSnapshot.objects.values_list("pk", "computed_at"))
    before = generation()

    assessment = approved(first, world.org_kg, "full")
    assessment.status = Assessment.Status.SUBMITTED
    assessment.save()
    with django_capture_on_commit_callbacks(execute=True):
        assessments.assessment_approve(assessment_id=assessment.pk, reviewer=world.coordinator_kg)

    section = shown(client, "KG")
    assert "1 of the 2 recommendations" in section
    assert 'status=full#recommendations">1</a>' in section
    assert generation() == before + 1, "the pages' caches see a new generation"
    assert not PendingRecompute.objects.exists()
    assert list(ProgressSnapshot.objects.values_list("pk", "computed_at")) == progress_written
    # The open data is rebuilt after the recompute, with the approved assessment.
    approved_file = download(client, "approved-assessments.csv")
    assert f"\n{assessment.pk},{first.pk},KG," in approved_file


def test_a_recompute_that_fails_before_its_end_leaves_the_last_counts(world, monkeypatch):
    recommendation = recommend(world.kg)
    engine.recompute_all()
    before = generation()
    approved(recommendation, world.org_kg, "full")

    def crash(*args, **kwargs):
        raise RuntimeError("the worker died")

    monkeypatch.setattr(recompute_module, "advance", crash)
    with pytest.raises(RuntimeError):
        engine.recompute_counts(country_id=world.kg.pk)

    snapshot = ImplementationSnapshot.objects.get(country=world.kg)
    assert snapshot.counts == {"unassessed": 1}
    assert generation() == before


def test_every_recompute_of_a_country_counts_its_commitments_too(world):
    recommendation = recommend(world.kg)
    engine.recompute_all()
    approved(recommendation, world.org_kg, "partial")

    engine.recompute_country(country_id=world.kg.pk)

    assert ImplementationSnapshot.objects.get(country=world.kg).counts == {"partial": 1}


def test_a_request_for_the_commitments_does_not_narrow_nor_widen_a_progress_request(
    world, monkeypatch
):
    # The requests wait for their task (the broker is down, say) and merge.
    monkeypatch.setattr(schedule, "enqueue", lambda *args, **kwargs: False)
    schedule.request_recompute(country_id=world.kg.pk, indicator_ids=[7], progress=True)
    schedule.request_recompute(country_id=world.kg.pk, progress=False)
    pending = PendingRecompute.objects.get()
    assert (pending.indicator_ids, pending.progress) == ([7], True)

    pending.delete()
    schedule.request_recompute(country_id=world.kg.pk, progress=False)
    schedule.request_recompute(country_id=world.kg.pk, indicator_ids=[7], progress=True)
    pending = PendingRecompute.objects.get()
    assert (pending.indicator_ids, pending.progress) == ([7], True)


def test_imported_recommendations_are_counted_on_the_dashboard(
    client, world, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monitoring.commitments import imports

    engine.recompute_all()
    upload = SimpleUploadedFile(
        "upr.csv",
        b"Country,Cycle,Paragraph,Date,Recommendation,Response\n"
        b"KG,4,141.1,2024-01-24,Protect journalists.,Supported\n",
        content_type="text/csv",
    )
    checked = imports.check_import(kind="recommendations", user=world.coordinator_kg, upload=upload)
    with django_capture_on_commit_callbacks(execute=True):
        imports.apply_import(import_id=checked.pk, user=world.coordinator_kg)

    assert "0 of the 1 recommendation " in shown(client, "KG")
