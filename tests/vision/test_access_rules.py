"""Every URL pattern of the project has an access rule declared by its view
(vision/access.py), and each rule holds: every pattern is requested by an anonymous
visitor, an outsider, a viewer and an editor of the Kyrgyz organisation, the coordinators
of Kyrgyzstan and of Kazakhstan, and a network admin, on an object of the Kyrgyz
organisation. Where the URL takes a write, those who may not write are refused and nothing
in the database changes; one who may, succeeds with the same request, which proves the
request was one that would have changed something.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from monitoring.commitments import imports as commitments_imports
from monitoring.enterprises.models import AnswerEvidence
from monitoring.models import (
    Assessment,
    AssessmentEvidence,
    Consultation,
    ConsultationDocument,
    Contribution,
    Instrument,
    JointReport,
    ProgressSnapshot,
    Ratification,
    Recommendation,
    Signature,
    Stakeholder,
)
from monitoring.projects.models import Project
from monitoring.reporting import imports
from organizations.models import MembershipApplication
from priorities.models import Objective
from tests.factories import OrganizationFactory, UserFactory
from tests.monitoring.projects import project_form_data
from tests.monitoring.rating import answers_data
from tests.monitoring.test_report_form import form_data
from tests.monitoring.test_roadmaps import indicator_data, roadmap_data
from vision.access import Access, Rule, declared_access
from vision.models import CountryIndexScore, InternationalIndex

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "outsider",
    "viewer",
    "editor",
    "coordinator",
    "other_coordinator",
    "admin",
]

# Who each rule lets in, for objects of the Kyrgyz organisation.
ALLOWED = {
    Rule.PUBLIC: set(PERSONAS),
    Rule.SIGNED_IN: set(PERSONAS) - {"anonymous"},
    Rule.ORGANIZATION_PEOPLE: {"viewer", "editor", "coordinator", "admin"},
    Rule.ORGANIZATION_EDITORS: {"editor", "admin"},
    Rule.REPORT_EDITORS: {"editor"},
    Rule.COUNTRY_COORDINATORS: {"coordinator", "admin"},
    Rule.ANY_COORDINATOR: {"coordinator", "other_coordinator", "admin"},
    Rule.NETWORK_ADMINS: {"admin"},
    Rule.CONTRIBUTORS: {"viewer", "editor"},
}


# The URL patterns ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str | None  # with its namespace, as reverse() takes it
    namespace: str
    route: str
    params: tuple[str, ...]
    positional: int  # unnamed regex groups (django-simple-history's admin URLs)
    localized: bool  # inside i18n_patterns: also served under /ru/ and the other languages
    callback: object = field(compare=False, repr=False)

    @property
    def id(self) -> str:
        suffix = "[format]" if "format" in self.params else ""
        return f"{self.name or self.route}{suffix}"

    @property
    def surface(self) -> str:
        if self.namespace.startswith("admin"):
            return "admin"
        return "api" if self.route.startswith("api/v1/") else "site"


def url_patterns(resolver=None, namespace="", route="", localized=False):
    """Every pattern, walking into includes: the i18n-prefixed pages, the API router (and
    its format-suffix variants), django.contrib.auth's views and the whole admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            in_language = localized or isinstance(entry.pattern, LocalePrefixPattern)
            yield from url_patterns(entry, inner, route + str(entry.pattern), in_language)
        else:
            regex = entry.pattern.regex
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Pattern(
                name=name,
                namespace=namespace,
                route=route + str(entry.pattern),
                params=tuple(regex.groupindex),
                positional=regex.groups - len(regex.groupindex),
                localized=localized,
                callback=entry.callback,
            )


PATTERNS = list(url_patterns())


def access_for(name: str) -> Access | None:
    """The rule its view declares for the URL of this name."""
    pattern = next(p for p in PATTERNS if p.name == name)
    return declared_access(pattern.name, pattern.callback, pattern.namespace)


def test_every_url_pattern_has_a_declared_access_rule():
    missing = [
        p.route for p in PATTERNS if declared_access(p.name, p.callback, p.namespace) is None
    ]

    assert not missing, f"no access rule declared for: {missing}"


def test_the_walk_reaches_every_part_of_the_project():
    names = {p.name for p in PATTERNS}

    # A walk that missed the i18n patterns, the router or the admin would pass the test
    # above by seeing nothing.
    assert {"home", "monitoring:report", "report-approve", "admin:index", "login"} <= names
    assert {p.name for p in PATTERNS if p.localized} >= {"home", "monitoring:report", "admin:index"}
    assert len(PATTERNS) > 150


# The objects the URLs name -------------------------------------------------------------


def enterprise_assessments(rating) -> dict:
    """The Kyrgyz enterprise's assessments of three past rounds: approved, submitted (all
    answered) and a draft with an evidence file; the open round is left to start."""
    from monitoring.enterprises import scoring
    from monitoring.enterprises.models import (
        Answer,
        AnswerEvidence,
        EnterpriseAssessment,
        RatingRound,
    )

    found = {}
    for year, status in ((2023, "approved"), (2024, "submitted"), (2025, "draft")):
        assessment = EnterpriseAssessment.objects.create(
            enterprise=rating.enterprise,
            round=RatingRound.objects.create(year=year, methodology=rating.methodology),
            methodology=rating.methodology,
            track=rating.methodology.tracks.get(code="small"),
            status=status,
        )
        Answer.objects.create(assessment=assessment, question=rating.mission, yes=True)
        Answer.objects.create(assessment=assessment, question=rating.accounts, option=rating.yearly)
        Answer.objects.create(assessment=assessment, question=rating.reinvested, number=60)
        if status == "approved":
            scoring.store_score(assessment)
        found[status] = assessment
    AnswerEvidence.objects.create(
        answer=found["draft"].answers.get(question=rating.mission),
        file=ContentFile(b"%PDF-1.4 statutes", name="statutes.pdf"),
    )
    return found


@pytest.fixture
def site(world, reporting, report_states, rating):
    application = MembershipApplication.objects.create(
        organization=OrganizationFactory(name="Karakol Eco Club", status="applicant"),
        applicant=UserFactory(username="karakol"),
    )
    import_csv = SimpleUploadedFile(
        "values.csv",
        b"organisation,period,indicator,value,sex:female,sex:male,note\n"
        b"bishkek-civic,2027-Q2,I1,5,,,\n",
    )
    values_import = imports.check_import(
        roadmap=reporting.roadmap_kg, user=world.coordinator_kg, upload=import_csv
    )
    assert imports.import_is_valid(values_import)
    CountryIndexScore.objects.create(
        country=world.kg, index=InternationalIndex.objects.first(), year=2025, category="closed"
    )
    Ratification.objects.create(
        country=world.kg,
        instrument=Instrument.objects.get(code="CRPD"),
        status="signed",
        signed_on="2011-09-21",
    )
    recommendation = Recommendation.objects.create(
        country=world.kg,
        mechanism=Instrument.objects.get(code="UPR"),
        cycle="4",
        reference="141.1",
        made_on="2024-01-24",
        text="Protect journalists.",
    )
    draft, submitted = (
        Assessment.objects.create(
            recommendation=Recommendation.objects.create(
                country=world.kg,
                mechanism=Instrument.objects.get(code="UPR"),
                cycle="4",
                reference=reference,
                made_on="2024-01-24",
                text="Free the press.",
            ),
            organization=world.org_kg,
            as_of="2025-06-01",
            implementation="partial",
            narrative="Assessed by the access test.",
            status=status,
        )
        for reference, status in (("141.3", "draft"), ("141.4", "submitted"))
    )
    Assessment.objects.create(
        recommendation=recommendation,
        organization=world.org_kg,
        as_of="2025-06-01",
        implementation="full",
        narrative="Approved, and public.",
        status="approved",
    )
    published_report, draft_report = (
        JointReport.objects.create(
            country=world.kg,
            mechanism=Instrument.objects.get(code="UPR"),
            cycle="4",
            title=title,
            status=status,
        )
        for title, status in (("Published report", "published"), ("Draft report", "draft"))
    )
    for joint_report in (published_report, draft_report):
        joint_report.recommendations.add(draft.recommendation)
        Signature.objects.create(report=joint_report, organization=world.org_kg, status="signed")
    AssessmentEvidence.objects.create(
        assessment=draft, file=ContentFile(b"%PDF-1.4 letter", name="letter.pdf")
    )
    commitments_import = commitments_imports.check_import(
        kind="recommendations", user=world.coordinator_kg, upload=recommendations_upload()
    )
    assert commitments_imports.import_is_valid(commitments_import)
    today = timezone.localdate()
    open_consultation, closed_consultation = (
        Consultation.objects.create(
            title=title,
            topic="draft_law",
            question="What should the law say?",
            country=world.kg,
            opens_on=today + datetime.timedelta(days=start),
            closes_on=today + datetime.timedelta(days=end),
            summary=summary,
        )
        for title, start, end, summary in (
            ("Open consultation", -5, 5, ""),
            ("Closed consultation", -30, -1, "What was said."),
        )
    )
    consultation_document = ConsultationDocument.objects.create(
        consultation=open_consultation,
        title="The draft",
        file=ContentFile(b"%PDF-1.4 draft", name="draft.pdf"),
    )
    contribution = Contribution.objects.create(
        consultation=open_consultation, author=world.editor_kg, text="Waiting for moderation."
    )
    Stakeholder.objects.create(
        user=UserFactory(username="ministry"), organization_name="Ministry", kind="ministry"
    )
    projects = projects_of(world)
    # The admin's pages of each model are tried on a real object.
    TOTPDevice.objects.create(user=world.outsider, name="phone", confirmed=False)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        fields = {"user_agent": "test", "ip_address": "10.0.0.1", "username": "outsider"}
        if model is AccessAttempt:
            fields.update(get_data="", post_data="", failures_since_start=1)
        model.objects.create(**fields)
    return SimpleNamespace(
        world=world,
        rating=rating,
        enterprise_assessments=enterprise_assessments(rating),
        reporting=reporting,
        reports=report_states,
        application=application,
        values_import=values_import,
        recommendation=recommendation,
        assessments=(draft, submitted),
        joint_reports=(published_report, draft_report),
        commitments_import=commitments_import,
        consultations=(open_consultation, closed_consultation),
        consultation_document=consultation_document,
        contribution=contribution,
        projects=projects,
        users={
            "outsider": world.outsider,
            "viewer": world.viewer_kg,
            "editor": world.editor_kg,
            "coordinator": world.coordinator_kg,
            "other_coordinator": reporting.coordinator_kz,
            "admin": world.admin,
        },
    )


IATI_FILE = b"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03"><iati-activity default-currency="USD">
<iati-identifier>KG-CIVIC-1</iati-identifier>
<reporting-org ref="KG-CIVIC" type="22"><narrative>Bishkek Civic Centre</narrative></reporting-org>
<title><narrative>Imported project</narrative></title>
<participating-org role="4"><narrative>Bishkek Civic Centre</narrative></participating-org>
<activity-status code="2"/><activity-date type="1" iso-date="2026-01-01"/>
<activity-date type="3" iso-date="2026-12-31"/><recipient-country code="KG"/>
</iati-activity></iati-activities>"""


def iati_upload():
    return SimpleUploadedFile("activities.xml", IATI_FILE)


def projects_of(world) -> SimpleNamespace:
    """A published project of the Kyrgyz organisation with an approved update (and its
    photo) and one waiting, a draft without parts, and an IATI file checked by its editor."""
    from monitoring.projects import imports as project_imports
    from monitoring.projects.models import Update
    from tests.monitoring.projects import make_project
    from tests.monitoring.test_projects import png

    published = make_project(world.org_kg)
    draft = Project.objects.create(
        organization=world.org_kg,
        title="Draft project",
        description="Not yet public.",
        planned_start="2026-01-01",
        planned_end="2026-12-31",
    )
    draft.countries.set([world.kg])
    approved = Update.objects.create(
        project=published,
        date="2026-02-01",
        text="Published update.",
        status="approved",
        photo=ContentFile(png(), name="meeting.png"),
        photo_description="A meeting",
    )
    waiting = Update.objects.create(project=published, date="2026-03-01", text="Waiting.")
    checked = project_imports.check_import(
        upload=iati_upload(), organization=world.org_kg, user=world.editor_kg
    )
    assert project_imports.import_is_valid(checked)
    return SimpleNamespace(
        published=published, draft=draft, approved=approved, waiting=waiting, checked=checked
    )


def site_kwargs(name: str, site) -> dict:
    reports, roadmap = site.reports, site.reporting.roadmap_kg
    org, value = site.world.org_kg, site.reports.approved.values.first()
    roadmap_pk = {"pk": roadmap.pk}
    return {
        "switch-language": {"code": "ru"},
        "priorities:detail": {"number": 9},
        "monitoring:sdg-goal": {"number": 6},
        "monitoring:roadmap": roadmap_pk,
        "monitoring:roadmap-edit": roadmap_pk,
        "monitoring:indicator-new": roadmap_pk,
        "monitoring:indicator-edit": {**roadmap_pk, "indicator_pk": site.reporting.people.pk},
        "monitoring:roadmap-import": roadmap_pk,
        "monitoring:roadmap-import-result": {**roadmap_pk, "import_pk": site.values_import.pk},
        "monitoring:report": {"pk": reports.draft.pk},
        "monitoring:report-reopen": {"pk": reports.approved.pk},
        "monitoring:evidence": {
            "pk": reports.draft.pk,
            "evidence_pk": reports.draft.evidence.exclude(file="").first().pk,
        },
        "monitoring:review-report": {"pk": reports.submitted.pk},
        "monitoring:dashboard-priority": {"number": 9},
        "monitoring:dashboard-sdg": {"number": 6},
        "monitoring:dashboard-indicator": {"pk": site.reporting.people.pk},
        "monitoring:dashboard-country": {"code": "KG"},
        "monitoring:open-data-file": {"path": "approved-values.csv"},
        "commitments:country": {"code": "KG"},
        "commitments:recommendation": {"pk": site.recommendation.pk},
        "commitments:import-result": {"pk": site.commitments_import.pk},
        "commitments:assessment-start": {"pk": site.recommendation.pk},
        "commitments:assessment": {"pk": site.assessments[0].pk},
        "commitments:assessment-evidence": {
            "pk": site.assessments[0].pk,
            "evidence_pk": site.assessments[0].evidence.get().pk,
        },
        "commitments:assessment-review": {"pk": site.assessments[1].pk},
        "commitments:joint-report": {"pk": site.joint_reports[0].pk},
        "instrument-detail": {"code": "CCPR"},
        "ratification-detail": {"pk": Ratification.objects.first().pk},
        "recommendation-detail": {"pk": site.recommendation.pk},
        "assessment-detail": {"pk": Assessment.objects.get(status="approved").pk},
        "commitments:joint-report-docx": {"pk": site.joint_reports[0].pk},
        "commitments:joint-report-edit": {"pk": site.joint_reports[1].pk},
        "commitments:joint-report-sign": {"pk": site.joint_reports[1].pk},
        "commitments:joint-report-publish": {"pk": site.joint_reports[1].pk},
        "consultations:detail": {"pk": site.consultations[0].pk},
        "consultations:contribute": {"pk": site.consultations[0].pk},
        "consultations:summary-publish": {"pk": site.consultations[1].pk},
        "consultations:document": {
            "pk": site.consultations[0].pk,
            "document_pk": site.consultation_document.pk,
        },
        "organizations:detail": {"slug": org.slug},
        "organizations:edit": {"slug": org.slug},
        "organizations:team": {"slug": org.slug},
        "organizations:application": {"pk": site.application.pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "country-detail": {"code": "KG"},
        "countryindexscore-detail": {"pk": CountryIndexScore.objects.first().pk},
        "priority-detail": {"number": 9},
        "objective-detail": {"pk": Objective.objects.first().pk},
        "sdggoal-detail": {"number": 6},
        "sdgtarget-detail": {"code": "6.1"},
        "sdgindicator-detail": {"code": "6.1.1"},
        "organization-detail": {"slug": org.slug},
        "roadmap-detail": roadmap_pk,
        "roadmapindicator-detail": {"pk": site.reporting.people.pk},
        "indicatorvalue-detail": {"pk": value.pk},
        "progresssnapshot-detail": {"pk": ProgressSnapshot.objects.first().pk},
        "report-detail": {"pk": reports.draft.pk},
        "report-submit": {"pk": reports.draft.pk},
        "report-approve": {"pk": reports.submitted.pk},
        "report-return-report": {"pk": reports.submitted.pk},
        "report-reopen": {"pk": reports.approved.pk},
        "enterprises:profile": {"slug": site.rating.enterprise.slug},
        "enterprises:rating": {"slug": site.rating.enterprise.slug, "year": 2023},
        "enterprises:methodology-version": {"version": 1},
        "enterprises:assessment-start": {"slug": site.rating.enterprise.slug},
        "enterprises:assessment": {"pk": site.enterprise_assessments["draft"].pk},
        "enterprises:assessment-verify": {"pk": site.enterprise_assessments["submitted"].pk},
        "enterprise-detail": {"slug": site.rating.enterprise.slug},
        "enterprise-rating-detail": {"pk": site.enterprise_assessments["approved"].pk},
        "enterprises:answer-evidence": {
            "pk": site.enterprise_assessments["draft"].pk,
            "evidence_pk": AnswerEvidence.objects.get().pk,
        },
        "projects:detail": {"pk": site.projects.published.pk},
        "projects:edit": {"pk": site.projects.draft.pk},
        "projects:publish": {"pk": site.projects.draft.pk},
        "projects:update-new": {"pk": site.projects.published.pk},
        "projects:update-photo": {"pk": site.projects.approved.pk},
        "projects:update-moderate": {"pk": site.projects.waiting.pk},
        "projects:import-result": {"pk": site.projects.checked.pk},
        "project-detail": {"pk": site.projects.published.pk},
        "my-project-detail": {"pk": site.projects.draft.pk},
        "my-project-publish": {"pk": site.projects.draft.pk},
        "my-assessment-detail": {"pk": site.assessments[0].pk},
        "my-assessment-submit": {"pk": site.assessments[0].pk},
        "my-assessment-approve": {"pk": site.assessments[1].pk},
        "my-assessment-return-assessment": {"pk": site.assessments[1].pk},
    }.get(name, {})


def admin_model(route: str):
    """admin/<app>/<model>/… → the model, for the admin's generated URLs; None for the
    admin's own pages."""
    parts = route.split("/")
    try:
        return apps.get_model(parts[1], parts[2])
    except (LookupError, ValueError, IndexError):
        return None


def admin_object(model, site):
    if model is Group:
        return Group.objects.first()
    if model is ContentType:
        return ContentType.objects.first()
    found = model.objects.order_by("pk").first()
    assert found is not None, f"no {model.__name__} to try the admin's pages on"
    return found


def url_of(pattern: Pattern, site) -> str:
    route = pattern.route
    if pattern.name is None:
        if route.endswith("(?P<url>.*)$"):
            return "/admin/no-such-page/"
        # admin/<app>/<model>/<object id>/ sends to the change page.
        obj = admin_object(admin_model(route), site)
        return f"/admin/{'/'.join(route.split('/')[1:3])}/{obj.pk}/"
    kwargs = dict(site_kwargs(pattern.name, site))
    args = ()
    model = admin_model(route) if pattern.surface == "admin" else None
    if model is not None:
        obj = admin_object(model, site)
        for param in ("object_id", "id", "pk"):
            if param in pattern.params:
                kwargs[param] = obj.pk
        if pattern.positional:
            args = (obj.pk, obj.history.order_by("history_id").first().history_id)
    if pattern.name == "admin:view_on_site":
        org = site.world.org_kg
        kwargs = {"content_type_id": ContentType.objects.get_for_model(org).pk, "object_id": org.pk}
    if pattern.name == "admin:app_list":
        kwargs = {"app_label": "monitoring"}
    if "format" in pattern.params:
        kwargs["format"] = "json"
    url = reverse(pattern.name, args=args) if args else reverse(pattern.name, kwargs=kwargs)
    if pattern.name == "admin:autocomplete":
        url += "?app_label=monitoring&model_name=roadmapindicator&field_name=sdg_indicator"
    return url


# What a permitted GET answers when that is not a 200, and why.
OK_STATUS = {
    "logout": 405,  # logging out is a POST
    "admin:logout": 405,
    "admin:login": 302,  # to the site's own login page, with its two-factor step
    # django-otp draws the QR code with the qrcode package, which is not installed: the
    # key is shown as text on the person's own two-factor page instead.
    "admin:otp_totp_totpdevice_qrcode": 503,
    "set_language": 302,  # back to where the visitor came from
    "login-token": 302,  # with no password just checked, back to the login page
    "switch-language": 302,
    "favicon": 301,  # permanently to the static SVG
    "monitoring:review-approve": 302,  # with no report chosen, back to the queue
    "admin:view_on_site": 302,  # to the object's page on the site
    "admin/(?P<url>.*)$": 404,
    # The workflow, not the admin, changes reports and imports and writes the lock-out log.
    "admin:monitoring_progressreport_add": 403,
    "admin:monitoring_valuesimport_add": 403,
    "admin:monitoring_assessment_add": 403,
    "admin:monitoring_jointreport_add": 403,
    "admin:monitoring_enterpriseassessment_add": 403,
    "admin:monitoring_contribution_add": 403,  # contributions are sent on the site
    "admin:monitoring_projectsimport_add": 403,  # organisations import on the site
    "admin:organizations_membershipapplication_add": 403,  # organisations apply on the site
    "admin:axes_accessattempt_add": 403,
    "admin:axes_accesslog_add": 403,
    "admin:axes_accessfailurelog_add": 403,
}


def ok_status(pattern: Pattern, persona: str) -> int:
    if pattern.name is None and not pattern.route.endswith("$"):
        return 302  # admin/<app>/<model>/<object id>/ → its change page
    key = pattern.name or pattern.route
    return OK_STATUS.get((key, persona), OK_STATUS.get(key, 200))


# The requests --------------------------------------------------------------------------


def recommendations_upload():
    return SimpleUploadedFile(
        "recommendations.csv",
        b"Country,Cycle,Paragraph,Date,Recommendation\nKG,4,141.2,2024-01-24,Free the press.\n",
    )


def csv_upload():
    return SimpleUploadedFile(
        "values.csv",
        b"organisation,period,indicator,value,sex:female,sex:male,note\n"
        b"bishkek-civic,2027-Q2,I2,7,,,\n",
    )


# For each URL that takes a write: a request that the one who may makes with success.
# (method, data, who may) — an API write is sent as JSON.
WRITES = {
    "monitoring:roadmap-new": ("post", lambda s: roadmap_data(s.world), "coordinator"),
    "monitoring:roadmap-edit": (
        "post",
        lambda s: roadmap_data(s.world, title="Renamed roadmap"),
        "coordinator",
    ),
    "monitoring:indicator-new": (
        "post",
        lambda s: indicator_data(baseline_value="62.5"),
        "coordinator",
    ),
    "monitoring:indicator-edit": (
        "post",
        lambda s: indicator_data(baseline_value="62.5", code="I1-renamed"),
        "coordinator",
    ),
    "monitoring:roadmap-import": ("post", lambda s: {"file": csv_upload()}, "coordinator"),
    "monitoring:roadmap-import-result": ("post", lambda s: {}, "coordinator"),
    "monitoring:report-start": (
        "post",
        lambda s: {
            "organization": s.world.org_kg.pk,
            "roadmap": s.reporting.roadmap_kg.pk,
            "period": s.reports.fresh_period.pk,
        },
        "editor",
    ),
    "monitoring:report": ("post", lambda s: form_data(s.reports.draft, s.reporting), "editor"),
    "monitoring:report-reopen": ("post", lambda s: {"reason": "A figure was wrong."}, "admin"),
    "monitoring:review-report": ("post", lambda s: {"action": "approve"}, "coordinator"),
    "monitoring:review-approve": (
        "post",
        lambda s: {"report": [s.reports.submitted.pk]},
        "coordinator",
    ),
    "commitments:import": (
        "post",
        lambda s: {"kind": "recommendations", "file": recommendations_upload()},
        "coordinator",
    ),
    "commitments:import-result": ("post", lambda s: {}, "coordinator"),
    "commitments:assessment-start": (
        "post",
        lambda s: {"organization": s.world.org_kg.pk},
        "editor",
    ),
    "commitments:assessment": (
        "post",
        lambda s: {
            "as_of": "2025-07-01",
            "implementation": "full",
            "narrative": "Changed by the access test.",
            "version": s.assessments[0].version,
            "save": "1",
        },
        "editor",
    ),
    "commitments:assessment-review": ("post", lambda s: {"decision": "approve"}, "coordinator"),
    "commitments:joint-report-open": (
        "post",
        lambda s: {
            "country": s.world.kg.pk,
            "mechanism": Instrument.objects.get(code="UPR").pk,
            "cycle": "4",
            "title": "Opened by the access test",
        },
        "coordinator",
    ),
    "commitments:joint-report-edit": (
        "post",
        lambda s: {
            "title": "Changed by the access test",
            "recommendations": [s.assessments[0].recommendation_id],
            "organizations": [s.world.org_kg.pk],
        },
        "coordinator",
    ),
    "commitments:joint-report-sign": (
        "post",
        lambda s: {"organization": s.world.org_kg.pk, "action": "withdraw"},
        "editor",
    ),
    "commitments:joint-report-publish": ("post", lambda s: {}, "coordinator"),
    "consultations:contribute": (
        "post",
        lambda s: {"text": "Sent by the access test.", "on_behalf_of": ""},
        "editor",
    ),
    "consultations:moderation": (
        "post",
        lambda s: {"contribution": s.contribution.pk, "decision": "publish"},
        "admin",
    ),
    "consultations:summary-publish": ("post", lambda s: {}, "admin"),
    "organizations:edit": (
        "post",
        lambda s: {
            "name": "Renamed Civic Centre",
            "city": s.world.org_kg.city,
            "kind": s.world.org_kg.kind,
            "description": s.world.org_kg.description,
        },
        "editor",
    ),
    "organizations:application": ("post", lambda s: {"decision": "accept", "note": ""}, "admin"),
    "report-list": (
        "post",
        lambda s: {
            "organization": s.world.org_kg.slug,
            "roadmap": s.reporting.roadmap_kg.pk,
            "period": s.reports.fresh_period.code,
        },
        "editor",
    ),
    "report-detail": (
        "patch",
        lambda s: {"version": s.reports.draft.version, "narrative": "Changed by the access test."},
        "editor",
    ),
    "report-submit": ("post", lambda s: {}, "editor"),
    "report-approve": ("post", lambda s: {}, "coordinator"),
    "report-return-report": ("post", lambda s: {"comment": "Add the evidence."}, "coordinator"),
    "report-reopen": ("post", lambda s: {"reason": "A figure was wrong."}, "admin"),
    "my-assessment-list": (
        "post",
        lambda s: {"recommendation": s.recommendation.pk, "organization": s.world.org_kg.slug},
        "editor",
    ),
    "my-assessment-detail": (
        "patch",
        lambda s: {
            "version": s.assessments[0].version,
            "narrative": "Changed by the access test.",
        },
        "editor",
    ),
    "enterprises:assessment-start": ("post", lambda s: {}, "editor"),
    "enterprises:assessment": (
        "post",
        lambda s: answers_data(s.rating, s.enterprise_assessments["draft"], save="1"),
        "editor",
    ),
    "enterprises:assessment-verify": (
        "post",
        lambda s: {
            **{
                f"q{q.pk}-decision": "accept"
                for q in (s.rating.mission, s.rating.accounts, s.rating.reinvested)
            },
            "decision": "approve",
        },
        "coordinator",
    ),
    "my-assessment-submit": ("post", lambda s: {}, "editor"),
    "projects:new": ("post", lambda s: project_form_data(s.world), "editor"),
    "projects:edit": (
        "post",
        lambda s: {
            **project_form_data(s.world, title="Renamed draft"),
            **{
                f"{prefix}-TOTAL_FORMS": "0"
                for prefix in ("participants", "locations", "sectors", "budgets")
            },
        },
        "editor",
    ),
    "projects:publish": ("post", lambda s: {}, "editor"),
    "projects:update-new": (
        "post",
        lambda s: {"date": "2026-04-01", "text": "Sent by the access test."},
        "editor",
    ),
    "projects:update-moderate": ("post", lambda s: {"decision": "approve"}, "coordinator"),
    "projects:import": (
        "post",
        lambda s: {"organization": s.world.org_kg.pk, "file": iati_upload()},
        "editor",
    ),
    "projects:import-result": ("post", lambda s: {}, "editor"),
    "my-project-list": (
        "post",
        lambda s: {
            "organization": s.world.org_kg.slug,
            "title": "Recorded through the API",
            "description": "By the access test.",
            "planned_start": "2026-01-01",
            "planned_end": "2026-12-31",
            "countries": ["KG"],
        },
        "editor",
    ),
    "my-project-detail": ("patch", lambda s: {"title": "Renamed by the access test"}, "editor"),
    "my-project-publish": ("post", lambda s: {}, "editor"),
    "my-assessment-approve": ("post", lambda s: {}, "coordinator"),
    "my-assessment-return-assessment": (
        "post",
        lambda s: {"comment": "Name your sources."},
        "coordinator",
    ),
}


def form_errors(response) -> list:
    """What a refused form complained of, for the message of a failing test."""
    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            errors = getattr(value, "errors", None)
            if errors and hasattr(value, "is_bound"):
                found.append(errors)
    return found


def test_every_write_tried_is_a_declared_write():
    undeclared = [name for name in WRITES if not access_for(name).write]

    assert not undeclared


def clients(site) -> dict[str, Client]:
    """One client per persona, signed in once: signing in writes to the user's row, which
    must not count as a change made by a refused request."""
    result = {"anonymous": Client()}
    for persona, user in site.users.items():
        result[persona] = Client()
        result[persona].force_login(user)
    return result


def send(client: Client, method: str, url: str, data, surface: str):
    if surface == "api" and method != "get":
        return getattr(client, method)(url, data, content_type="application/json")
    return getattr(client, method)(url, data)


def fingerprint() -> str:
    """A digest of every row the platform keeps, sessions and lock-out records aside."""
    digest = hashlib.sha256()
    for app_label in ("vision", "priorities", "organizations", "monitoring"):
        for model in apps.get_app_config(app_label).get_models():
            rows = model.objects.order_by("pk").values()
            for row in rows:
                row.pop("last_login", None)
                digest.update(repr(sorted(row.items())).encode())
    digest.update(repr(list(Group.objects.values_list("name", flat=True))).encode())
    return digest.hexdigest()


def refusal(access: Access, persona: str, surface: str) -> str:
    if persona == "anonymous" or surface == "admin":
        return "login"
    return "forbidden" if persona in ALLOWED[access.existence] else "hidden"


def assert_outcome(response, outcome: str, pattern: Pattern, persona: str, method: str):
    where = f"{method.upper()} {pattern.id} as {persona}"
    status = response.status_code
    if outcome == "login":
        if pattern.surface == "api":
            assert status in (401, 403), where
        else:
            login = "/admin/login/" if pattern.surface == "admin" else reverse("login")
            if pattern.name == "admin:logout":
                login = "/admin/"  # Django sends a stranger logging out to the admin's door
            assert status == 302, f"{where}: {status}"
            assert response["Location"].startswith(login), where
    else:
        expected = {"hidden": 404, "forbidden": 403, "no-get": 405}.get(outcome, outcome)
        assert status == expected, f"{where}: {status}, expected {expected}"


def get_outcome(access: Access, pattern: Pattern, persona: str):
    if access.read is None:
        return "login" if persona == "anonymous" else "no-get"
    if persona in ALLOWED[access.read]:
        return ok_status(pattern, persona)
    return refusal(access, persona, pattern.surface)


def model_groups() -> dict[str, list[Pattern]]:
    """The patterns in groups: each on its own, except the admin's, a group per model
    (a test each would mostly spend its time building the same objects again)."""
    groups: dict[str, list[Pattern]] = {}
    for pattern in PATTERNS:
        model = admin_model(pattern.route) if pattern.surface == "admin" else None
        key = f"admin:{model._meta.label_lower}" if model else pattern.id
        groups.setdefault(key, []).append(pattern)
    return groups


GROUPS = model_groups()


@pytest.mark.parametrize("group", list(GROUPS))
def test_each_persona_gets_what_the_rule_says(group, site):
    by_persona = clients(site)
    for pattern in GROUPS[group]:
        check_pattern(pattern, site, by_persona)


def check_pattern(pattern: Pattern, site, by_persona: dict[str, Client]) -> None:
    access = declared_access(pattern.name, pattern.callback, pattern.namespace)
    assert access is not None, f"no access rule for {pattern.route}"
    url = url_of(pattern, site)

    for persona in PERSONAS:
        response = by_persona[persona].get(url)
        assert_outcome(response, get_outcome(access, pattern, persona), pattern, persona, "get")
        if pattern.localized and persona in ("anonymous", "other_coordinator"):
            # The same page in Russian: the same rule, whatever the language.
            in_russian = by_persona[persona].get(f"/ru{url}")
            # The request leaves Russian active in this thread, where reverse() would use it.
            translation.activate(settings.LANGUAGE_CODE)
            assert in_russian.status_code == response.status_code, f"/ru{url} as {persona}"

    if pattern.surface == "api" and access.write is None:
        # The public API is read-only for everyone, signed in or not.
        before = fingerprint()
        for persona in PERSONAS:
            response = by_persona[persona].post(url, {}, content_type="application/json")
            assert response.status_code in (401, 403, 405), f"POST {pattern.id} as {persona}"
        assert fingerprint() == before
        return
    write = access.write or access.read
    if write is None or write is Rule.PUBLIC:
        return
    method, data, permitted = WRITES.get(pattern.name, ("post", lambda s: {}, None))
    before = fingerprint()
    refused = [persona for persona in PERSONAS if persona not in ALLOWED[write]]
    for persona in refused:
        response = send(by_persona[persona], method, url, data(site), pattern.surface)
        outcome = refusal(access, persona, pattern.surface)
        assert_outcome(response, outcome, pattern, persona, method)
        # The admin turns every stranger away at its door, before any of its views runs:
        # one look at the data after them all is enough there, and much quicker.
        if pattern.surface != "admin":
            assert fingerprint() == before, f"{method.upper()} {pattern.id} by {persona} changed"
    assert fingerprint() == before, f"{method.upper()} {pattern.id} by one of {refused} changed"

    if permitted is not None:
        assert permitted in ALLOWED[write]
        response = send(by_persona[permitted], method, url, data(site), pattern.surface)
        assert response.status_code < 400, (
            f"{pattern.id} by {permitted}: {response.status_code} {form_errors(response)}"
        )
        assert fingerprint() != before, f"{pattern.id} by {permitted} changed nothing"
