"""English and Russian: URLs, the language menu and its memory, the browser's language on
a first visit, the Russian catalogue and content, and languages switched on by settings."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from monitoring.models import (
    Answer,
    Assessment,
    Consultation,
    Contribution,
    JointReport,
    Ratification,
    Recommendation,
    Roadmap,
    RoadmapIndicator,
    SdgGoal,
    Stakeholder,
)
from monitoring.projects.models import Location, Participant, Project, Update
from organizations.models import Organization, User
from priorities.models import Priority
from tests.conftest import BASE_DIR

pytestmark = pytest.mark.django_db

RUSSIAN_CATALOGUE = BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def read_catalogue(path=RUSSIAN_CATALOGUE):
    with path.open("rb") as f:
        return read_po(f)


class PageText(HTMLParser):
    """What a reader meets on a page: its text and the attributes read out or shown."""

    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "content"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0
        self._verbatim: list[str] = []

    # What people typed (a form's boxes) is content, not interface; what a page marks
    # translate="no" (a file's column names) is the same in every language.
    SKIPPED = ("script", "style", "textarea")

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skip += 1
        if ("translate", "no") in attrs:
            self._verbatim.append(tag)
            self._skip += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value and not (tag == "meta" and name != "content"):
                self.texts.append(value)
            if tag == "input" and name == "value" and ("type", "submit") in attrs:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self._skip -= 1
        if self._verbatim and self._verbatim[-1] == tag:
            self._verbatim.pop()
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def page_texts(html: str) -> list[str]:
    parser = PageText()
    parser.feed(html)
    return [" ".join(unescape(text).split()) for text in parser.texts]


# Language in the URL --------------------------------------------------------------------


def test_each_priority_shows_its_russian_title_under_ru(client):
    for priority in Priority.objects.all():
        page = client.get(f"/ru/priorities/{priority.number}/").content.decode()
        assert priority.title_ru
        assert priority.title_ru != priority.title_en
        assert priority.title_ru in unescape(page)
        assert '<html lang="ru" dir="ltr">' in page


def test_the_vision_content_is_in_russian_under_ru(client):
    page = unescape(client.get("/ru/").content.decode())
    assert "Кыргызстан" in page
    assert "Устойчивое и инклюзивное развитие" in page
    vision = unescape(client.get("/ru/vision/").content.decode())
    assert "Принципы" in vision or "принцип" in vision


def test_missing_russian_content_shows_the_english(client):
    Priority.objects.filter(number=4).update(title_ru=None)
    page = unescape(client.get("/ru/priorities/4/").content.decode())
    assert Priority.objects.get(number=4).title_en in page


# The language menu, its memory and the browser's language ----------------------------


def test_the_menu_leads_to_the_same_page_in_each_language_and_remembers_it(client):
    page = client.get("/priorities/3/?view=all").content.decode()
    assert 'href="/language/ru/?next=%2Fpriorities%2F3%2F%3Fview%3Dall"' in page
    assert (
        '<link rel="alternate" hreflang="ru" href="http://127.0.0.1:8000/ru/priorities/3/' in page
    )

    chosen = client.get("/language/ru/?next=/priorities/3/%3Fview%3Dall")
    assert chosen.status_code == 302
    assert chosen["Location"] == "/ru/priorities/3/?view=all"
    assert chosen.cookies["django_language"].value == "ru"
    # Back on an English address later, the visitor is sent to Russian.
    later = client.get("/vision/")
    assert later.status_code == 302
    assert later["Location"] == "/ru/vision/"

    # Choosing English sticks, even for a browser that asks for Russian.
    english = client.get("/language/en/?next=/ru/vision/")
    assert english["Location"] == "/vision/"
    assert client.get("/vision/", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200


def test_a_first_visit_follows_the_browsers_language(client):
    response = client.get("/dashboards/?format=", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.8")
    assert response.status_code == 302
    assert response["Location"] == "/ru/dashboards/?format="
    assert "Accept-Language" in response["Vary"]

    assert client.get("/dashboards/", HTTP_ACCEPT_LANGUAGE="en-GB,en").status_code == 200
    assert client.get("/dashboards/", HTTP_ACCEPT_LANGUAGE="de,fr").status_code == 200
    # Addresses outside the translated site are never redirected.
    api = client.get("/api/v1/priorities/2/", HTTP_ACCEPT_LANGUAGE="ru")
    assert api.status_code == 200
    assert api.json()["title"] == Priority.objects.get(number=2).title_ru


def test_the_menu_refuses_other_sites_and_unknown_languages(client):
    away = client.get("/language/ru/?next=https://evil.example/")
    assert away.status_code == 302
    assert away["Location"] == "/ru/"
    assert client.get("/language/xx/?next=/").status_code == 404


def test_a_language_switched_off_by_settings_is_a_404(client, settings):
    settings.LANGUAGES = [("en", "English"), ("ru", "Russian")]

    assert client.get("/language/kk/?next=/").status_code == 404
    assert "Қазақ" not in client.get("/").content.decode()


def test_a_signed_in_persons_choice_sets_the_language_of_their_emails(client, world):
    client.force_login(world.editor_kg)
    client.get("/language/ru/?next=/reports/")
    assert User.objects.get(pk=world.editor_kg.pk).language == "ru"


# Numbers and dates follow the language -------------------------------------------------


def test_numbers_are_written_the_russian_way_on_russian_pages():
    from django.template import Context, Template

    template = Template("{{ value }}")
    with translation.override("ru"):
        assert template.render(Context({"value": 12.5})) == "12,5"
    with translation.override("en"):
        assert template.render(Context({"value": 12.5})) == "12.5"


# The Russian catalogue and pages -------------------------------------------------------


CATALOGUES = sorted((BASE_DIR / "locale").glob("*/LC_MESSAGES/django.po"))


def test_there_is_a_catalogue_for_every_language_but_english():
    languages = {path.parts[-3] for path in CATALOGUES}

    assert languages == set(settings.KNOWN_LANGUAGES) - {"en"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_catalogue_is_complete(path):
    """No empty and no fuzzy entry, every plural form filled as the language's header says,
    and the same placeholders as the English."""
    catalogue = read_catalogue(path)
    assert len(catalogue) > 700
    missing, fuzzy, placeholders = [], [], []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            fuzzy.append(message.id)
        if not all(strings) or (
            isinstance(message.id, tuple) and len(strings) != catalogue.num_plurals
        ):
            missing.append(message.id)
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        wanted = set(re.findall(r"%\(\w+\)[sd]", source))
        for string in strings:
            if string and set(re.findall(r"%\(\w+\)[sd]", string)) - wanted:
                placeholders.append(message.id)
    assert not missing, f"{len(missing)} strings without a translation: {missing[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy strings: {fuzzy[:10]}"
    assert not placeholders, f"placeholders not in the English: {placeholders[:10]}"


@pytest.mark.parametrize(
    "path", [p for p in CATALOGUES if p.parts[-3] != "ru"], ids=lambda path: path.parts[-3]
)
def test_plural_forms_are_the_languages_own_in_the_locale_data(path):
    """Which form "1 indicator", "2 indicators" and "0 …" take, as CLDR says for the
    language (Dari: one for 0 and 1). Russian keeps Django's four forms, fractions apart."""
    from babel.messages.plurals import get_plural

    from vision.l10n import BABEL_LOCALES

    language = path.parts[-3]
    catalogue = read_catalogue(path)
    cldr = get_plural(BABEL_LOCALES.get(language, language))
    assert catalogue.num_plurals == cldr.num_plurals
    assert catalogue.plural_expr.replace(" ", "") == cldr.plural_expr.replace(" ", "")


def english_fragments(catalogue) -> set[str]:
    """Runs of English from the catalogue's strings that a Russian page must not show:
    placeholders and markup split a string into fragments; short ones (a code, "API")
    could legitimately stay the same."""
    fragments = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid in strings:
                continue
            for fragment in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\{\w*\}", msgid):
                fragment = " ".join(fragment.split()).strip(" .,:;")
                if len(fragment) >= 12 and " " in fragment:
                    fragments.add(fragment)
    return fragments


@pytest.fixture
def demo_site(demo_dashboards):
    """The demo and its dashboards (`recompute_dashboards`), shared (tests/conftest.py)."""


def public_paths() -> list[str]:
    indicator = RoadmapIndicator.objects.filter(roadmap__country__code="KG").first()
    organization = Organization.objects.filter(status="member").first()
    recommendation = Recommendation.objects.filter(country__code="KG").first()
    return [
        "/",
        "/vision/",
        "/priorities/",
        *[f"/priorities/{n}/" for n in range(1, 10)],
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
        f"/commitments/reports/{JointReport.objects.get(is_demo=True).pk}/",
        "/enterprises/",
        "/enterprises/?country=KG&level=leading",
        "/enterprises/rating/",
        "/enterprises/demo-kg-1/",
        "/enterprises/demo-kg-1/2025/",
        "/enterprises/methodology/",
        "/consultations/",
        "/consultations/?country=KG",
        "/projects/",
        "/projects/?country=KG&status=2",
        f"/projects/{Project.objects.published().filter(updates__status='approved').first().pk}/",
        *[f"/consultations/{c.pk}/" for c in Consultation.objects.filter(is_demo=True)],
        "/accounts/login/",
        "/accounts/password_reset/",
        "/no-such-page/",
    ]


def untranslated(client, paths: list[str]) -> list[str]:
    """Interface strings left in English on the Russian versions of `paths`: a string of
    the catalogue shown in English, or text the same in both languages that was never
    marked for translation."""
    fragments = english_fragments(read_catalogue())
    from monitoring.models import ProgressReport

    # Names that are the same in every language (organisations, people, places), longest
    # first, and what organisations write, in their own language (descriptions, report
    # narratives, assessments), or the treaties' reservations, quoted as the UN holds them.
    organizations = Organization.objects.all()
    names = {o.name for o in organizations} | {o.city for o in organizations}
    names |= {u.full_name for u in User.objects.all()}
    names |= {r.area_name for r in Roadmap.objects.all()} | {"Open SDG", "OpenAPI"}
    names |= {r.title for r in JointReport.objects.all()}  # a report's own title
    names |= {s.organization_name for s in Stakeholder.objects.all()}
    names |= {p.name for p in Participant.objects.exclude(name="")}  # funders outside
    names |= {p.name for p in Location.objects.all()}
    names |= {p.title for p in Project.objects.all()}  # as the map's places list them
    names = sorted(names - {""}, key=len, reverse=True)
    own_words = {" ".join(o.description.split()) for o in organizations}
    own_words |= {" ".join(r.narrative.split()) for r in ProgressReport.objects.all()}
    own_words |= {" ".join(a.narrative.split()) for a in Assessment.objects.all()}
    own_words |= {" ".join(r.reservations.split()) for r in Ratification.objects.all()}
    own_words |= {" ".join(r.introduction.split()) for r in JointReport.objects.all()}
    own_words |= {" ".join(c.text.split()) for c in Contribution.objects.all()}
    own_words |= {" ".join(a.note.split()) for a in Answer.objects.exclude(note="")}
    own_words |= {" ".join(a.verifier_comment.split()) for a in Answer.objects.all()}
    # A project's title and description are its organisation's (translatable, but the
    # demo's are in English only), as are its updates.
    for project in Project.objects.all():
        own_words |= {" ".join(project.title.split()), " ".join(project.description.split())}
    own_words |= {" ".join(u.text.split()) for u in Update.objects.all()}
    english_words = re.compile(r"\b[A-Za-z]{3,}(?: [A-Za-z]{2,})+\b")

    problems = []
    for path in paths:
        russian = client.get(f"/ru{path}")
        assert russian.status_code in (200, 404), path
        english = set(page_texts(client.get(path).content.decode()))
        texts = page_texts(russian.content.decode())
        # People's own words are shown as they wrote them, whatever catalogue words they use.
        joined = "\n".join(t for t in texts if " ".join(t.split()) not in own_words)
        problems += [f"/ru{path}: “{f}”" for f in fragments if f in joined]
        for text in texts:
            leftover = text
            for name in names:
                leftover = leftover.replace(name, "")
            if text in english and text not in own_words and english_words.search(leftover):
                problems.append(f"/ru{path}: unmarked “{text}”")
    return sorted(set(problems))


def test_russian_pages_show_no_untranslated_interface_string(client, demo_site):
    problems = untranslated(client, public_paths())
    assert not problems, "\n".join(problems)


def test_russian_pages_for_signed_in_people_are_translated_too(client, demo_site):
    from monitoring.models import ProgressReport

    draft = ProgressReport.objects.filter(status="draft", organization__slug="demo-kg-1").first()
    submitted = ProgressReport.objects.filter(
        status="submitted", organization__country__code="KG"
    ).first()
    assessment_draft = Assessment.objects.get(status="draft", organization__slug="demo-kg-1")
    assessment_waiting = Assessment.objects.get(status="submitted", organization__slug="demo-kg-1")
    published_report = JointReport.objects.get(is_demo=True)
    draft_report = JointReport.objects.create(
        country=published_report.country,
        mechanism=published_report.mechanism,
        cycle="5",
        title="Draft report",
    )
    client.force_login(User.objects.get(username="editor-kg"))
    problems = untranslated(
        client,
        [
            "/reports/",
            f"/reports/{draft.pk}/",
            "/accounts/",
            "/accounts/tokens/",
            "/accounts/password_change/",
            "/organizations/demo-kg-1/edit/",
            "/organizations/demo-kg-1/team/",
            "/commitments/assessments/",
            f"/commitments/assessments/{assessment_draft.pk}/",
            f"/consultations/{Consultation.objects.get(is_demo=True, country__code='KG').pk}/",
        ],
    )
    client.force_login(User.objects.get(username="coordinator-kg"))
    problems += untranslated(
        client,
        [
            "/review/",
            f"/review/{submitted.pk}/",
            "/applications/",
            f"/roadmaps/{submitted.roadmap_id}/edit/",
            f"/roadmaps/{submitted.roadmap_id}/import/",
            "/commitments/import/",
            f"/commitments/assessments/{assessment_waiting.pk}/",
            "/commitments/reports/new/",
            f"/commitments/reports/{draft_report.pk}/edit/",
        ],
    )
    # A contribution of the demo stakeholder's own, waiting; and the moderation queue.
    stakeholder = User.objects.get(username="stakeholder-kg")
    Contribution.objects.filter(author=stakeholder).update(status="pending")
    client.force_login(stakeholder)
    problems += untranslated(
        client,
        [f"/consultations/{Consultation.objects.get(is_demo=True, country__code='KG').pk}/"],
    )
    # A social enterprise's editor starts the open round's self-assessment; the verifier's
    # queue and form.
    from monitoring.enterprises.models import EnterpriseAssessment

    client.force_login(User.objects.get(username="enterprise-kg"))
    client.post("/enterprises/demo-kg-1/assess/")
    started = EnterpriseAssessment.objects.get(enterprise__slug="demo-kg-1", round__is_open=True)
    waiting = EnterpriseAssessment.objects.get(status="submitted", enterprise__slug="demo-kg-2")
    problems += untranslated(client, ["/enterprises/assessments/", started.get_absolute_url()])
    client.force_login(User.objects.get(username="verifier"))
    problems += untranslated(
        client, ["/enterprises/assessments/", f"/enterprises/assessments/{waiting.pk}/verify/"]
    )
    client.force_login(User.objects.get(username="admin"))
    problems += untranslated(
        client,
        ["/consultations/moderation/"]
        + [f"/consultations/{c.pk}/" for c in Consultation.objects.filter(is_demo=True)],
    )
    assert not problems, "\n".join(problems)


# More languages, switched on by settings ----------------------------------------------


@pytest.fixture
def national_languages(settings):
    languages = ["en", "ru", "kk", "ky", "uz", "tg", "tk", "mn", "prs", "ps"]
    with override_settings(
        LANGUAGES=[(code, settings.KNOWN_LANGUAGES[code]) for code in languages]
    ):
        yield


def test_national_languages_are_switched_on_by_settings(client, national_languages):
    kazakh = client.get("/kk/sdg/6/")
    assert kazakh.status_code == 200
    page = kazakh.content.decode()
    assert '<html lang="kk" dir="ltr">' in page
    # SDG titles from the reference data; the interface from the partial catalogue.
    with translation.override("kk"):
        assert SdgGoal.objects.get(number=6).title in page
    assert "Басты бет" in page or "Негізгі" in page
    # The Vision's content in the platform's Kazakh translation, said to be one.
    home = client.get("/kk/").content.decode()
    assert "Қырғызстан" in home
    priority = client.get("/kk/priorities/2/").content.decode()
    with translation.override("kk"):
        assert Priority.objects.get(number=2).title in priority
        assert Priority.objects.get(number=2).title != Priority.objects.get(number=2).title_en
    assert "platform’s translation" not in priority  # it is said in Kazakh
    assert 'href="/priorities/2/" lang="en"' in priority
    assert 'href="/ru/priorities/2/" lang="ru"' in priority
    for code in ("uz", "tg", "tk", "mn", "ky"):
        assert client.get(f"/{code}/vision/").status_code == 200


def test_dari_and_pashto_are_written_right_to_left(client, national_languages):
    for code in ("prs", "ps"):
        page = client.get(f"/{code}/priorities/").content.decode()
        assert f'<html lang="{code}" dir="rtl">' in page


def test_content_can_fall_back_to_russian_first(client, national_languages):
    # CONTENT_FALLBACK=ru,en; modeltranslation reads the setting once, at start-up.
    from modeltranslation import settings as mt_settings

    # A priority whose Kyrgyz title an admin has emptied.
    Priority.objects.filter(number=2).update(title_ky=None)
    russian = Priority.objects.get(number=2).title_ru
    original = mt_settings.FALLBACK_LANGUAGES
    mt_settings.FALLBACK_LANGUAGES = {"default": ("ru", "en")}
    try:
        assert russian in client.get("/ky/priorities/2/").content.decode()
    finally:
        mt_settings.FALLBACK_LANGUAGES = original


def test_the_admin_edits_the_switched_on_languages_side_by_side(client, world, settings):
    client.force_login(world.admin)
    url = f"/admin/priorities/priority/{Priority.objects.get(number=2).pk}/change/"
    html = client.get(url).content.decode()
    for code in ("en", "ru", "kk", "ky", "uz", "tg", "tk", "mn", "prs", "ps"):
        assert f'name="title_{code}"' in html
    settings.LANGUAGES = [("en", "English"), ("ru", "Russian")]
    narrowed = client.get(url).content.decode()
    assert 'name="title_ru"' in narrowed
    assert 'name="title_kk"' not in narrowed


def test_api_errors_speak_the_requests_language(client):
    response = client.get("/api/v1/organizations/?country=XX", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "Некоторые значения некорректны — подробности указаны в полях."
    )
    english = client.get("/api/v1/organizations/?country=XX").json()["error"]["message"]
    assert english == "Some values are not valid; see the fields."
