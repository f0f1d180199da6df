"""The consultations of the dialogue platform (Priority 8): a network admin opens one, the
people of member organisations and invited stakeholders contribute while it is open, a
network admin moderates each contribution before it is public, and publishes a summary
after it closes, which is emailed to everyone who contributed."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring.consultations import tasks
from monitoring.consultations.models import (
    CONTRIBUTION_MAX_LENGTH,
    Consultation,
    ConsultationDocument,
    Contribution,
    Stakeholder,
)
from organizations.models import User
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def consultation(**fields) -> Consultation:
    today = timezone.localdate()
    defaults = {
        "title": "Draft law on social entrepreneurship",
        "topic": Consultation.Topic.DRAFT_LAW,
        "question": "Does the draft define a social enterprise well?",
        "opens_on": today - 5 * DAY,
        "closes_on": today + 10 * DAY,
    }
    return Consultation.objects.create(**{**defaults, **fields})


@pytest.fixture
def consultations(world):
    today = timezone.localdate()
    return SimpleNamespace(
        open=consultation(country=world.kg),
        closed=consultation(
            title="The rating's next version",
            topic=Consultation.Topic.RATING,
            opens_on=today - 60 * DAY,
            closes_on=today - 10 * DAY,
            summary="Most contributors asked for a lighter questionnaire.",
        ),
        upcoming=consultation(
            title="Tax incentives for social enterprises",
            topic=Consultation.Topic.TAX,
            country=world.kz,
            opens_on=today + 3 * DAY,
            closes_on=today + 30 * DAY,
        ),
    )


@pytest.fixture
def stakeholder(world):
    person = UserFactory(username="ministry-kg", full_name="Aida Ministry")
    return Stakeholder.objects.create(
        user=person,
        organization_name="Ministry of Economy of the Kyrgyz Republic",
        kind=Stakeholder.Kind.MINISTRY,
        country=world.kg,
        invited_by=world.admin,
    )


def contribute(client, consultation, text="A clear definition is needed.", **data):
    return client.post(
        f"/consultations/{consultation.pk}/contribute/", {"text": text, **data}, follow=False
    )


# Opening a consultation --------------------------------------------------------------


def test_a_network_admin_opens_a_consultation_with_a_document_in_the_admin(client, world, settings):
    client.force_login(world.admin)
    today = timezone.localdate()
    response = client.post(
        "/admin/monitoring/consultation/add/",
        {
            "title_en": "Draft law on social entrepreneurship",
            "title_ru": "Проект закона о социальном предпринимательстве",
            "topic": "draft_law",
            "country": world.kg.pk,
            "opens_on": today.isoformat(),
            "closes_on": (today + 30 * DAY).isoformat(),
            "question_en": "Does the draft define a social enterprise well?",
            "question_ru": "Хорошо ли проект определяет социальное предприятие?",
            "documents-TOTAL_FORMS": "2",
            "documents-INITIAL_FORMS": "0",
            "documents-0-position": "1",
            "documents-0-title_en": "The draft law",
            "documents-0-file": SimpleUploadedFile("draft-law.pdf", b"%PDF-1.4 the draft"),
            "documents-1-position": "2",
            "documents-1-title_en": "The ministry's page",
            "documents-1-url": "https://example.org/draft-law",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    opened = Consultation.objects.get()
    assert opened.created_by == world.admin
    assert opened.is_open
    assert opened.title_ru == "Проект закона о социальном предпринимательстве"
    draft, link = opened.documents.all()
    # The file is kept with the evidence, out of the public uploads, and served by the page.
    assert str(settings.EVIDENCE_ROOT) in draft.file.path
    download = client.get(draft.get_absolute_url())
    assert download["Content-Disposition"] == 'attachment; filename="draft-law.pdf"'
    assert download["Content-Type"] == "application/octet-stream"
    assert link.get_absolute_url() == "https://example.org/draft-law"
    change = client.get(f"/admin/monitoring/consultation/{opened.pk}/change/").content.decode()
    assert f'href="{draft.get_absolute_url()}"' in change
    page = client.get(opened.get_absolute_url()).content.decode()
    assert "The draft law" in page
    assert "https://example.org/draft-law" in page


def test_a_document_that_is_not_what_it_says_is_refused(client, world):
    client.force_login(world.admin)
    today = timezone.localdate()
    response = client.post(
        "/admin/monitoring/consultation/add/",
        {
            "title_en": "A consultation",
            "topic": "other",
            "opens_on": today.isoformat(),
            "closes_on": (today + DAY).isoformat(),
            "question_en": "What do you think?",
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "0",
            "documents-0-position": "1",
            "documents-0-title_en": "Not a PDF",
            "documents-0-file": SimpleUploadedFile("draft.pdf", b"MZ\x90\x00 an executable"),
        },
    )

    assert response.status_code == 200
    assert "The content of this file is not a PDF file." in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_consultation_cannot_close_before_it_opens(client, world):
    client.force_login(world.admin)
    today = timezone.localdate()
    client.post(
        "/admin/monitoring/consultation/add/",
        {
            "title_en": "Backwards",
            "topic": "other",
            "opens_on": today.isoformat(),
            "closes_on": (today - DAY).isoformat(),
            "question_en": "?",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )

    assert not Consultation.objects.exists()


# Contributing and moderation ---------------------------------------------------------


def test_a_members_contribution_waits_for_moderation_then_is_public(client, world, consultations):
    client.force_login(world.viewer_kg)
    page = client.get(consultations.open.get_absolute_url()).content.decode()
    assert 'name="text"' in page
    assert world.org_kg.name in page  # offered as the organisation spoken for

    response = contribute(
        client,
        consultations.open,
        text="Define social enterprises by their mission, not their legal form.",
        on_behalf_of=f"organization-{world.org_kg.pk}",
    )

    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.status == Contribution.Status.PENDING
    assert contribution.author == world.viewer_kg
    assert contribution.organization == world.org_kg
    # Its author sees it, marked as waiting; nobody else does.
    own = client.get(consultations.open.get_absolute_url()).content.decode()
    assert "Define social enterprises by their mission" in own
    assert "Awaiting moderation" in own
    client.logout()
    public = client.get(consultations.open.get_absolute_url()).content.decode()
    assert "Define social enterprises by their mission" not in public
    client.force_login(world.editor_kg)
    assert (
        "Define social enterprises"
        not in client.get(consultations.open.get_absolute_url()).content.decode()
    )

    client.force_login(world.admin)
    queue = client.get("/consultations/moderation/").content.decode()
    assert "Define social enterprises by their mission" in queue
    decided = client.post(
        "/consultations/moderation/", {"contribution": contribution.pk, "decision": "publish"}
    )
    assert decided.status_code == 302

    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PUBLISHED
    assert contribution.moderated_by == world.admin
    client.logout()
    public = client.get(consultations.open.get_absolute_url()).content.decode()
    assert "Define social enterprises by their mission" in public
    assert f"on behalf of {world.org_kg.name}" in public
    assert world.viewer_kg.get_full_name() in public
    listing = client.get("/consultations/").content.decode()
    assert "1 published contribution" in listing


def test_a_rejected_contribution_stays_hidden_and_its_author_sees_why(client, world, consultations):
    client.force_login(world.editor_kg)
    contribute(client, consultations.open, text="Buy cheap watches here.")
    contribution = Contribution.objects.get()

    client.force_login(world.admin)
    # A refusal needs its reason.
    without = client.post(
        "/consultations/moderation/", {"contribution": contribution.pk, "decision": "reject"}
    )
    assert without.status_code == 400
    assert "Say why the contribution is not published" in without.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PENDING
    client.post(
        "/consultations/moderation/",
        {"contribution": contribution.pk, "decision": "reject", "reason": "Advertising."},
    )
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.REJECTED
    assert "Buy cheap watches" not in client.get("/consultations/moderation/").content.decode()
    # Moderated once: a second decision is refused.
    again = client.post(
        "/consultations/moderation/", {"contribution": contribution.pk, "decision": "publish"}
    )
    assert again.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.REJECTED

    client.logout()
    assert (
        "Buy cheap watches"
        not in client.get(consultations.open.get_absolute_url()).content.decode()
    )
    client.force_login(world.editor_kg)
    own = client.get(consultations.open.get_absolute_url()).content.decode()
    assert "Buy cheap watches" in own
    assert "Not published" in own
    assert "Advertising." in own


def test_the_moderation_queue_is_the_network_admins_only(client, world, consultations):
    client.force_login(world.editor_kg)
    contribute(client, consultations.open)
    contribution = Contribution.objects.get()

    for person in (world.editor_kg, world.coordinator_kg, world.outsider):
        client.force_login(person)
        assert client.get("/consultations/moderation/").status_code == 404
        refused = client.post(
            "/consultations/moderation/", {"contribution": contribution.pk, "decision": "publish"}
        )
        assert refused.status_code == 404
    client.logout()
    assert client.get("/consultations/moderation/")["Location"].startswith("/accounts/login/")
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PENDING


def test_the_signed_out_are_sent_to_log_in_and_an_outsider_is_refused(client, world, consultations):
    page = client.get(consultations.open.get_absolute_url()).content.decode()
    assert 'name="text"' not in page
    assert "to contribute if you work for a member" in page
    anonymous = contribute(client, consultations.open)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")

    for person in (world.outsider, world.coordinator_kg, world.admin):
        client.force_login(person)
        page = client.get(consultations.open.get_absolute_url()).content.decode()
        assert 'name="text"' not in page
        assert "join the network" in page
        assert contribute(client, consultations.open).status_code == 403
    assert not Contribution.objects.exists()


def test_an_organisation_that_is_no_longer_a_member_does_not_make_its_people_contributors(
    client, world, consultations
):
    world.org_kg.status = "suspended"
    world.org_kg.save()
    client.force_login(world.editor_kg)

    assert contribute(client, consultations.open).status_code == 403
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("closed", "closed on"),
        ("upcoming", "opens on"),
    ],
)
def test_a_consultation_that_is_not_open_refuses_contributions(
    client, world, consultations, which, message
):
    client.force_login(world.editor_kg)
    target = getattr(consultations, which)
    assert 'name="text"' not in client.get(target.get_absolute_url()).content.decode()

    response = contribute(client, target)

    assert response.status_code == 409
    assert message in response.content.decode()
    assert "contributions are" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_consultation_is_open_through_its_closing_day(client, world, consultations):
    Consultation.objects.filter(pk=consultations.open.pk).update(closes_on=timezone.localdate())
    client.force_login(world.editor_kg)

    assert contribute(client, consultations.open).status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Write your contribution before sending it."),
        (
            {"text": "x" * (CONTRIBUTION_MAX_LENGTH + 1)},
            f"at most {CONTRIBUTION_MAX_LENGTH} characters long; this one has "
            f"{CONTRIBUTION_MAX_LENGTH + 1}",
        ),
        (
            {"text": "Fine.", "on_behalf_of": "organization-{other}"},
            "only on behalf of your own organisations",
        ),
        ({"text": "Fine.", "on_behalf_of": "stakeholder"}, "only on behalf of your own"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(
    client, world, consultations, data, message
):
    data = {k: v.format(other=world.org_kz.pk) for k, v in data.items()}
    client.force_login(world.editor_kg)

    response = client.post(f"/consultations/{consultations.open.pk}/contribute/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_contribution_is_never_on_behalf_of_an_organisation_one_is_not_in(world, consultations):
    from django.core.exceptions import ValidationError

    from monitoring.consultations import services

    with pytest.raises(ValidationError):
        services.contribution_submit(
            consultation_id=consultations.open.pk,
            author=world.editor_kg,
            text="Fine.",
            on_behalf_of=f"organization-{world.org_kz.pk}",
        )
    assert not Contribution.objects.exists()


# Stakeholders ------------------------------------------------------------------------


def test_an_invited_stakeholder_contributes_for_their_organisation(
    client, world, consultations, stakeholder
):
    client.force_login(stakeholder.user)
    page = client.get(consultations.open.get_absolute_url()).content.decode()
    assert "Ministry of Economy of the Kyrgyz Republic" in page

    response = contribute(
        client,
        consultations.open,
        text="The ministry supports a register.",
        on_behalf_of="stakeholder",
    )

    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.stakeholder == stakeholder
    assert contribution.on_behalf_of == "Ministry of Economy of the Kyrgyz Republic"

    # An invitation withdrawn ends their part.
    stakeholder.is_active = False
    stakeholder.save()
    client.force_login(User.objects.get(pk=stakeholder.user.pk))
    assert contribute(client, consultations.open).status_code == 403


def test_a_network_admin_invites_a_stakeholder_who_sets_a_password(
    client, world, consultations, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/monitoring/stakeholder/add/",
            {
                "full_name": "Bakyt Business",
                "email": "bakyt@business.example",
                "organization_name": "Association of Social Entrepreneurs",
                "kind": "business",
                "country": world.kg.pk,
            },
        )

    assert response.status_code == 302
    invited = Stakeholder.objects.get()
    assert invited.invited_by == world.admin
    assert invited.user.email == "bakyt@business.example"
    assert not invited.user.has_usable_password()
    (email,) = mail.outbox
    assert email.to == ["bakyt@business.example"]
    assert "Association of Social Entrepreneurs" in email.body
    link = next(line for line in email.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("127.0.0.1:8000", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    assert "new_password1" in form.content.decode()

    # The same person cannot be invited twice.
    client.post(
        "/admin/monitoring/stakeholder/add/",
        {
            "full_name": "Bakyt Business",
            "email": "BAKYT@business.example",
            "organization_name": "Another",
            "kind": "business",
        },
    )
    assert Stakeholder.objects.count() == 1


def test_inviting_someone_who_has_an_account_uses_it(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/monitoring/stakeholder/add/",
            {
                "full_name": "ignored",
                "email": world.outsider.email,
                "organization_name": "UNDP Kyrgyzstan",
                "kind": "international",
            },
        )

    assert Stakeholder.objects.get().user == world.outsider
    (email,) = mail.outbox
    assert "/accounts/reset/" not in email.body


# The summary -------------------------------------------------------------------------


def test_publishing_the_summary_emails_each_contributor_once(
    client, world, consultations, stakeholder, django_capture_on_commit_callbacks
):
    closed = consultations.closed
    for author, status in [
        (world.editor_kg, "published"),
        (world.editor_kg, "published"),  # two contributions, one email
        (world.viewer_kg, "rejected"),
        (stakeholder.user, "published"),
    ]:
        Contribution.objects.create(
            consultation=closed,
            author=author,
            text="Said.",
            status=status,
            rejection_reason="Off topic." if status == "rejected" else "",
        )
    world.viewer_kg.language = "ru"
    world.viewer_kg.save()
    client.force_login(world.admin)
    assert "Publish the summary" in client.get(closed.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/consultations/{closed.pk}/summary/publish/")

    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.summary_published_at is not None
    assert closed.summary_published_by == world.admin
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.editor_kg.email, world.viewer_kg.email, stakeholder.user.email]
    )
    russian = next(m for m in mail.outbox if m.to == [world.viewer_kg.email])
    assert "Опубликованы итоги" in russian.subject
    assert f"/consultations/{closed.pk}/" in russian.body
    # The task run again (a retry, a duplicate) emails nobody twice.
    assert tasks.send_summary_published(closed.pk) == 0
    assert len(mail.outbox) == 3
    # Published once.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/consultations/{closed.pk}/summary/publish/")
    assert len(mail.outbox) == 3

    client.logout()
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Most contributors asked for a lighter questionnaire." in page
    assert "Summary published" in page


def test_the_summary_is_not_public_before_it_is_published(client, consultations):
    page = client.get(consultations.closed.get_absolute_url()).content.decode()

    assert "Most contributors asked for a lighter questionnaire." not in page


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("open", "after the consultation closes"),
        ("empty", "Write the summary first"),
    ],
)
def test_a_summary_is_published_only_once_written_and_after_the_close(
    client, world, consultations, which, message, django_capture_on_commit_callbacks
):
    if which == "empty":
        Consultation.objects.filter(pk=consultations.closed.pk).update(summary="", summary_en="")
        target = consultations.closed
    else:
        Consultation.objects.filter(pk=consultations.open.pk).update(summary_en="Too early.")
        target = consultations.open
    client.force_login(world.admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/consultations/{target.pk}/summary/publish/", follow=True)

    assert message in response.content.decode()
    target.refresh_from_db()
    assert target.summary_published_at is None
    assert not mail.outbox


def test_only_a_network_admin_publishes_a_summary(client, world, consultations):
    for person in (world.editor_kg, world.coordinator_kg):
        client.force_login(person)
        assert (
            client.post(f"/consultations/{consultations.closed.pk}/summary/publish/").status_code
            == 403
        )
    consultations.closed.refresh_from_db()
    assert consultations.closed.summary_published_at is None


def test_the_admin_action_publishes_the_summaries_through_the_same_rule(
    client, world, consultations, django_capture_on_commit_callbacks
):
    Contribution.objects.create(
        consultation=consultations.closed, author=world.editor_kg, text="Said.", status="published"
    )
    client.force_login(world.admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/monitoring/consultation/",
            {
                "action": "publish_summaries",
                "_selected_action": [consultations.closed.pk, consultations.open.pk],
            },
        )

    consultations.closed.refresh_from_db()
    consultations.open.refresh_from_db()
    assert consultations.closed.summary_published_at is not None
    assert consultations.open.summary_published_at is None
    assert [m.to for m in mail.outbox] == [[world.editor_kg.email]]


# The public list ---------------------------------------------------------------------


def test_the_list_shows_open_then_upcoming_then_closed_and_filters_by_country(
    client, world, consultations
):
    page = client.get("/consultations/").content.decode()
    assert (
        page.index("Draft law on social entrepreneurship")
        < page.index("Tax incentives for social enterprises")
        < page.index("The rating&#x27;s next version")
    )
    assert "Whole region" in page

    kyrgyz = client.get("/consultations/?country=KG").content.decode()
    assert "Draft law on social" in kyrgyz
    assert "Tax incentives" not in kyrgyz
    region = client.get("/consultations/?country=region").content.decode()
    assert "rating&#x27;s next version" in region
    assert "Draft law on social" not in region
    unknown = client.get("/consultations/?country=FR")
    assert unknown.status_code == 400
    assert "There is no such country among the Vision’s seven." in unknown.content.decode()


def test_the_consultations_are_in_the_main_menu(client):
    page = client.get("/consultations/").content.decode()

    assert '<a href="/consultations/" aria-current="page">Consultations</a>' in page


def test_the_pages_keep_their_query_count_as_consultations_and_contributions_grow(
    client, world, consultations, stakeholder
):
    open_page = consultations.open.get_absolute_url()

    def counts() -> tuple[int, ...]:
        found = []
        for url in ("/consultations/", open_page, "/consultations/moderation/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found.append(len(queries))
        return tuple(found)

    def grow(numbers) -> None:
        for n in numbers:
            organization = OrganizationFactory(country=world.kg)
            author = MembershipFactory(organization=organization).user
            for status in ("published", "pending"):
                Contribution.objects.create(
                    consultation=consultations.open,
                    author=author,
                    organization=organization,
                    text=f"Contribution {n}",
                    status=status,
                )
            Contribution.objects.create(
                consultation=consultations.open,
                author=stakeholder.user,
                stakeholder=stakeholder,
                text="Ministry's view",
                status="published",
            )
            consultation(title=f"More {n}", country=world.kz if n % 2 else None)
            ConsultationDocument.objects.create(
                consultation=consultations.open,
                title=f"Annex {n}",
                file=ContentFile(b"%PDF-1.4 annex", name=f"annex-{n}.pdf"),
            )

    client.force_login(world.admin)
    grow([0])
    before = counts()
    grow(range(1, 8))

    assert counts() == before
    # The session, the person and their roles in every page. The list: the countries of
    # the filter, the count, the consultations with their published contributions. The
    # page: the consultation, its documents, the memberships, enterprise memberships and
    # stakeholder account the rule reads, the published contributions (a count and a page)
    # and the person's own.
    # The queue: its count and its page.
    on_list, on_page, on_queue = before
    assert on_list <= 6
    assert on_page <= 11
    assert on_queue <= 5


def test_a_contributor_sees_their_pages_in_a_constant_number_of_queries(
    client, world, consultations, django_assert_max_num_queries
):
    client.force_login(world.editor_kg)
    with django_assert_max_num_queries(14) as few:
        client.get(consultations.open.get_absolute_url())
    for n in range(5):
        Contribution.objects.create(
            consultation=consultations.open, author=world.editor_kg, text=f"Mine {n}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(consultations.open.get_absolute_url())
    assert "Mine 4" in page.content.decode()


def test_a_document_of_another_consultation_is_not_found(client, consultations):
    document = ConsultationDocument.objects.create(
        consultation=consultations.open,
        title="Draft",
        file=ContentFile(b"%PDF-1.4 draft", name="draft.pdf"),
    )

    assert (
        client.get(f"/consultations/{consultations.closed.pk}/documents/{document.pk}/").status_code
        == 404
    )
    ok = client.get(f"/consultations/{consultations.open.pk}/documents/{document.pk}/")
    assert ok.status_code == 200
    assert "no-store" in ok["Cache-Control"]


# The demo ----------------------------------------------------------------------------


def test_the_demo_has_an_open_and_a_summarised_consultation_and_seeding_twice_changes_nothing(
    client, demo_data
):
    from django.core.management import call_command

    from monitoring.permissions import may_contribute

    def rows():
        return [
            list(model.objects.order_by("pk").values())
            for model in (Consultation, ConsultationDocument, Contribution, Stakeholder)
        ]

    seeded = rows()
    open_one = Consultation.objects.get(is_demo=True, country__code="KG")
    assert open_one.is_open
    assert open_one.contributions.filter(status="published").count() == 3
    assert open_one.contributions.filter(status="pending").count() == 1
    closed = Consultation.objects.get(is_demo=True, country=None)
    assert closed.status == Consultation.Status.SUMMARY_PUBLISHED
    assert closed.summary_ru
    stakeholder = User.objects.get(username="stakeholder-kg")
    assert stakeholder.check_password("demo-password")
    assert may_contribute(stakeholder)
    assert all(c.is_demo for c in Contribution.objects.all())

    call_command("seed_demo", stdout=None)

    assert rows() == seeded


def test_a_social_enterprises_staff_contribute_in_their_own_name(
    client, world, consultations, django_user_model
):
    from monitoring.enterprises.models import EnterpriseMembership, SocialEnterprise

    enterprise = SocialEnterprise.objects.create(
        name="Issyk-Kul Felt", slug="issyk-kul-felt", country=world.kg,
        legal_form="cooperative", sector="crafts", size="small", founded=2015,
    )  # fmt: skip
    staff = django_user_model.objects.create_user(username="felt", password="x", full_name="Aida")
    EnterpriseMembership.objects.create(user=staff, enterprise=enterprise, role="viewer")
    client.force_login(staff)

    response = contribute(client, consultations.open, text="Count the women we employ.")

    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.author, contribution.organization) == (staff, None)
