"""A reviewer comments on single values when returning a report; the editors see each
comment beside its indicator when the report comes back."""

import pytest

from monitoring.models import ProgressReport
from tests.api.test_write import auth
from tests.monitoring.test_review import submit

pytestmark = pytest.mark.django_db


def test_a_comment_on_one_value_shows_beside_its_indicator(client, world, reporting):
    report = submit(world, reporting)
    client.force_login(world.coordinator_kg)

    form = client.get(f"/review/{report.pk}/").content.decode()
    response = client.post(
        f"/review/{report.pk}/",
        {
            "action": "return",
            "comment": "Two values need a look.",
            f"value-{reporting.share.pk}": "The share seems high for the first quarter.",
            f"value-{reporting.plan.pk}": "  ",
        },
    )
    client.force_login(world.editor_kg)
    page = client.get(f"/reports/{report.pk}/").content.decode()

    assert f'name="value-{reporting.share.pk}"' in form
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.value_comments == {
        str(reporting.share.pk): "The share seems high for the first quarter."
    }
    share_box = page.split(f'id="indicator-{reporting.share.pk}"', 1)[1].split("</fieldset>")[0]
    assert "The share seems high for the first quarter." in share_box
    people_box = page.split(f'id="indicator-{reporting.people.pk}"', 1)[1].split("</fieldset>")[0]
    assert "The reviewer’s comment" not in people_box


def test_a_comment_on_another_roadmaps_indicator_is_refused(client, world, reporting):
    report = submit(world, reporting)
    client.force_login(world.coordinator_kg)

    response = client.post(
        f"/review/{report.pk}/",
        {"action": "return", "comment": "See below.", f"value-{reporting.other.pk}": "Hm."},
    )

    assert response.status_code == 400
    assert "This indicator is not part of this roadmap." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_api_takes_and_shows_comments_on_single_values(client, world, reporting):
    report = submit(world, reporting)

    refused = client.post(
        f"/api/v1/reports/{report.pk}/return/",
        {"comment": "Again.", "value_comments": {"abc": "x"}},
        content_type="application/json",
        **auth(world.coordinator_kg),
    )
    response = client.post(
        f"/api/v1/reports/{report.pk}/return/",
        {"comment": "See the share.", "value_comments": {str(reporting.share.pk): "Too high?"}},
        content_type="application/json",
        **auth(world.coordinator_kg),
    )

    assert response.status_code == 200, response.content
    assert response.json()["value_comments"] == {str(reporting.share.pk): "Too high?"}
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["value_comments.abc"] == [
        "This indicator is not part of this roadmap."
    ]
    assert ProgressReport.objects.get(pk=report.pk).status == "returned"
