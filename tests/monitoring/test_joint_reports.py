"""Joint alternative reports: opened by a coordinator, co-signed by member organisations,
published, printed and downloaded as a Word document."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from monitoring.commitments.models import Assessment, Instrument, JointReport, Signature
from tests.factories import MembershipFactory, OrganizationFactory
from tests.monitoring.test_commitments import recommend

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendations(world):
    kg = world.org_kg.country
    press = recommend(kg, reference="141.1", text="Protect journalists.", themes=["expression"])
    assembly = recommend(kg, reference="141.2", text="Allow peaceful assemblies.")
    Assessment.objects.create(
        recommendation=press,
        organization=world.org_kg,
        as_of=datetime.date(2025, 6, 1),
        implementation="partial",
        narrative="Two journalists were released.",
        status="approved",
    )
    return press, assembly


def open_report(client, world, recommendations):
    client.force_login(world.coordinator_kg)
    response = client.post(
        reverse("commitments:joint-report-open"),
        {
            "country": world.org_kg.country.pk,
            "mechanism": Instrument.objects.get(code="UPR").pk,
            "cycle": "4",
            "title": "Civic space in Kyrgyzstan",
        },
    )
    report = JointReport.objects.get()
    assert response.url == reverse("commitments:joint-report-edit", args=[report.pk])
    response = client.post(
        reverse("commitments:joint-report-edit", args=[report.pk]),
        {
            "title": "Civic space in Kyrgyzstan",
            "introduction": "Written by three organisations.",
            "recommendations": [r.pk for r in recommendations],
            "organizations": [world.org_kg.pk],
        },
    )
    assert response.status_code == 302
    return report


def sign(client, user, report, organization, action="sign"):
    client.force_login(user)
    return client.post(
        reverse("commitments:joint-report-sign", args=[report.pk]),
        {"organization": organization.pk, "action": action},
    )


def test_a_coordinator_opens_an_organisation_cosigns_and_the_report_is_published(
    client, world, recommendations
):
    report = open_report(client, world, recommendations)
    assert report.signatures.get().status == "invited"
    page = report.get_absolute_url()

    client.logout()
    assert client.get(page).status_code == 404  # a draft is not public

    sign(client, world.editor_kg, report, world.org_kg)
    assert report.signatures.get().status == "signed"

    client.force_login(world.coordinator_kg)
    client.post(reverse("commitments:joint-report-publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_published
    assert report.published_at

    client.logout()
    shown = client.get(page).content.decode()
    assert "Civic space in Kyrgyzstan" in shown
    assert "Written by three organisations." in shown
    assert "Bishkek Civic Centre" in shown  # the signatory
    assert "Two journalists were released." in shown  # the assessment
    assert shown.index("Protect journalists.") < shown.index("Allow peaceful assemblies.")
    assert "Freedom of opinion and expression" in shown  # grouped by theme
    assert "Other themes" in shown


def test_the_published_report_downloads_as_a_word_document(client, world, recommendations):
    report = open_report(client, world, recommendations)
    sign(client, world.editor_kg, report, world.org_kg)
    client.force_login(world.coordinator_kg)
    client.post(reverse("commitments:joint-report-publish", args=[report.pk]))
    client.logout()

    response = client.get(reverse("commitments:joint-report-docx", args=[report.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"] == (
        'attachment; filename="civic-space-in-kyrgyzstan.docx"'
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Civic space in Kyrgyzstan" in text
    assert "Bishkek Civic Centre" in text
    assert "Protect journalists." in text
    assert "Two journalists were released." in text


def test_the_word_document_is_in_the_language_it_was_downloaded_in(client, world, recommendations):
    from vision.l10n import format_date

    report = open_report(client, world, recommendations)
    sign(client, world.editor_kg, report, world.org_kg)
    client.force_login(world.coordinator_kg)
    client.post(reverse("commitments:joint-report-publish", args=[report.pk]))
    client.logout()

    response = client.get("/ru" + reverse("commitments:joint-report-docx", args=[report.pk]))

    document = Document(io.BytesIO(response.content))
    assert document.core_properties.language == "ru"
    text = "\n".join(p.text for p in document.paragraphs)
    report.refresh_from_db()
    assert format_date(report.published_at, "ru") in text  # "7 дек. 2026 г."
    assert format_date(datetime.date(2025, 6, 1), "ru") in text  # the assessment's date
    assert "Подписавшие организации" in text


def test_in_dari_the_word_document_runs_right_to_left(client, world, recommendations):
    from docx.oxml.ns import qn

    report = open_report(client, world, recommendations)
    sign(client, world.editor_kg, report, world.org_kg)
    client.force_login(world.coordinator_kg)
    client.post(reverse("commitments:joint-report-publish", args=[report.pk]))
    client.logout()
    url = reverse("commitments:joint-report-docx", args=[report.pk])

    def defaults(language):
        response = client.get(f"/{language}{url}")
        styles = Document(io.BytesIO(response.content)).styles.element
        return styles.find(qn("w:docDefaults"))

    dari, russian = defaults("prs"), defaults("ru")
    assert dari.find(f".//{qn('w:pPr')}/{qn('w:bidi')}") is not None
    assert dari.find(f".//{qn('w:rPr')}/{qn('w:rtl')}") is not None
    assert dari.find(f".//{qn('w:lang')}").get(qn("w:bidi")) == "prs"
    assert russian.find(f".//{qn('w:bidi')}") is None
    assert russian.find(f".//{qn('w:lang')}").get(qn("w:val")) == "ru"


def test_a_report_nobody_signed_is_not_published_and_a_published_one_is_locked(
    client, world, recommendations
):
    report = open_report(client, world, recommendations)
    client.post(reverse("commitments:joint-report-publish", args=[report.pk]), follow=True)
    report.refresh_from_db()
    assert not report.is_published

    sign(client, world.editor_kg, report, world.org_kg)
    client.force_login(world.coordinator_kg)
    client.post(reverse("commitments:joint-report-publish", args=[report.pk]))
    edit = client.post(
        reverse("commitments:joint-report-edit", args=[report.pk]),
        {"title": "Changed", "recommendations": [], "organizations": []},
    )
    assert edit.status_code == 302
    withdraw = sign(client, world.editor_kg, report, world.org_kg, action="withdraw")
    assert withdraw.status_code == 302
    report.refresh_from_db()
    assert report.title == "Civic space in Kyrgyzstan"
    assert report.recommendations.count() == 2
    assert report.signatures.get().status == "signed"


def test_an_organisation_withdraws_explicitly_and_only_its_editors_sign_for_it(
    client, world, recommendations
):
    report = open_report(client, world, recommendations)

    assert sign(client, world.viewer_kg, report, world.org_kg).status_code == 403
    assert sign(client, world.editor_kz, report, world.org_kg).status_code == 404
    uninvited = OrganizationFactory(country=world.org_kg.country)
    MembershipFactory(organization=uninvited, user=world.editor_kg, role="editor")
    assert sign(client, world.editor_kg, report, uninvited).status_code == 403
    assert report.signatures.get().status == "invited"

    sign(client, world.editor_kg, report, world.org_kg)
    sign(client, world.editor_kg, report, world.org_kg, action="withdraw")
    assert report.signatures.get().status == "withdrawn"
    statuses = Signature.history.filter(organization=world.org_kg).order_by("history_id")
    assert list(statuses.values_list("status", flat=True)) == ["invited", "signed", "withdrawn"]


def test_only_the_countrys_recommendations_and_member_organisations_can_be_chosen(
    client, world, recommendations
):
    report = open_report(client, world, recommendations)
    foreign = recommend(world.org_kz.country, reference="99.1")

    response = client.post(
        reverse("commitments:joint-report-edit", args=[report.pk]),
        {
            "title": "Civic space",
            "recommendations": [foreign.pk],
            "organizations": [world.org_kz.pk],
        },
    )

    assert response.status_code == 400
    assert report.recommendations.count() == 2
    assert list(report.signatures.values_list("organization", flat=True)) == [world.org_kg.pk]


def test_a_coordinator_opens_reports_only_for_the_countries_they_coordinate(
    client, world, reporting
):
    client.force_login(reporting.coordinator_kz)
    response = client.post(
        reverse("commitments:joint-report-open"),
        {
            "country": world.org_kg.country.pk,
            "mechanism": Instrument.objects.get(code="UPR").pk,
            "cycle": "4",
            "title": "Not mine",
        },
    )

    assert response.status_code == 400
    assert not JointReport.objects.exists()


def test_the_published_report_page_keeps_its_queries_as_recommendations_grow(
    client, world, recommendations, count_queries
):
    report = open_report(client, world, recommendations)
    sign(client, world.editor_kg, report, world.org_kg)
    client.force_login(world.coordinator_kg)
    client.post(reverse("commitments:joint-report-publish", args=[report.pk]))
    client.logout()
    before = count_queries(report.get_absolute_url())
    for number in range(10):
        more = recommend(world.org_kg.country, reference=f"150.{number}", themes=["assembly"])
        Assessment.objects.create(
            recommendation=more,
            organization=world.org_kg,
            as_of=datetime.date(2025, 6, 1),
            implementation="full",
            narrative="Done.",
            status="approved",
        )
        report.recommendations.add(more)

    assert count_queries(report.get_absolute_url()) == before
    assert count_queries(reverse("commitments:joint-reports")) <= 6
