"""Numbers and dates as each language writes them (vision.l10n, from CLDR through Babel), on
pages, in emails and in the documents the platform makes."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from vision.l10n import format_date, format_datetime, format_number, local_digits, read_number

EASTERN_DIGITS = re.compile("[\u06f0-\u06f9]")


def spaced(text: str) -> str:
    """CLDR's no-break and narrow no-break spaces as plain ones, to compare."""
    return re.sub(r"\s", " ", text)


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "3 Dec 2026"),
        ("ru", "3 дек. 2026 г."),
        ("kk", "2026 ж. 03 жел."),
        ("ky", "2026-ж., 3-дек."),
        ("uz", "3-dek, 2026"),
        ("tk", "3 dek 2026"),
        ("mn", "2026 оны 12-р сарын 3"),
        ("prs", "۳ دسم ۲۰۲۶"),
        ("ps", "۳ دسمبر ۲۰۲۶"),
    ],
)
def test_a_date_is_written_as_its_language_writes_it(language, written):
    assert spaced(format_date(datetime.date(2026, 12, 3), language)) == written


def test_dari_and_pashto_write_eastern_arabic_digits_and_the_others_latin_ones():
    assert format_number(Decimal("1553.25"), 1, "prs") == "۱٬۵۵۳٫۳"
    assert format_number(Decimal("1553.25"), 1, "ps") == "۱٬۵۵۳٫۳"
    assert format_number(Decimal("1553.25"), 1, "mn") == "1,553.3"
    assert format_number(Decimal("1553.25"), 1, "kk") == "1\u202f553,3"
    assert local_digits("2026", "ps") == "۲۰۲۶"


def test_a_moment_is_shown_in_the_sites_time_zone_with_a_short_time(settings):
    settings.TIME_ZONE = "Asia/Bishkek"
    moment = datetime.datetime(2026, 12, 3, 20, 30, tzinfo=datetime.UTC)

    assert spaced(format_datetime(moment, "ru")) == "4 дек. 2026 г., 02:30"
    assert format_datetime(moment, "prs").startswith("۴ دسم ۲۰۲۶")


@pytest.mark.parametrize(
    ("language", "typed"),
    [("prs", "۱٬۲۳۴٫۵"), ("prs", "1234.5"), ("ps", "١٢٣٤٫٥"), ("ru", "1 234,5"), ("en", "1234.5")],
)
def test_a_number_is_read_in_either_digits(language, typed):
    with translation.override(language):
        assert read_number(typed) == Decimal("1234.5")


@pytest.mark.parametrize("typed", ["", "twelve", "NaN", "Infinity", "۱۲a"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError, match="not a number"), translation.override("prs"):
        read_number(typed)


def test_template_filters_write_numbers_and_dates_in_the_language():
    from django.template import Context, Template

    template = Template('{{ n|number:"-2" }} · {{ n|number:"0" }} · {{ day|local_date }}')
    context = Context({"n": Decimal("1234.50"), "day": datetime.date(2026, 12, 3)})
    with translation.override("en"):
        assert template.render(context) == "1,234.5 · 1,235 · 3 Dec 2026"
    with translation.override("prs"):
        assert template.render(context) == "۱٬۲۳۴٫۵ · ۱٬۲۳۵ · ۳ دسم ۲۰۲۶"


@pytest.mark.django_db
def test_a_dari_dashboard_writes_its_figures_in_eastern_arabic_digits(client, demo_dashboards):
    english = client.get("/dashboards/KG/").content.decode()
    dari = client.get("/prs/dashboards/KG/").content.decode()

    assert re.search(r"\d+\u00a0%", english)
    assert re.search("[\u06f0-\u06f9]+\u00a0%", dari), "shares in Dari digits"
    charts = dari[dari.index("<svg") :]
    assert EASTERN_DIGITS.search(charts), "and the charts' labels"


def shown_text(page: str) -> str:
    """The title and the body's text, less code and what a person typed."""
    import html

    title = page[page.index("<title>") : page.index("</title>")]
    body = page[page.index("<body") : page.index("</body>")]
    body = re.sub(r"<(script|style|textarea|code)\b.*?</\1>", " ", body, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", title + body))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/prs/", "/prs/dashboards/", "/ps/dashboards/KG/"])
def test_a_dari_or_pashto_page_writes_every_number_of_its_text_in_their_digits(
    client, demo_dashboards, path
):
    text = shown_text(client.get(path).content.decode())

    assert EASTERN_DIGITS.search(text)
    latin = [w for w in re.findall(r"[\w.,:/@+-]*\d[\w.,:/@+-]*", text) if re.search(r"[0-9]", w)]
    assert all(re.search("[A-Za-z]", w) for w in latin), (
        f"numbers left in Latin digits: {[w for w in latin if not re.search('[A-Za-z]', w)][:10]}"
    )
    assert "2026-Q4" in text or "Q4" not in text, "codes such as 2026-Q4 stay as they are written"


def test_markup_code_and_typed_text_keep_their_digits_and_codes_read_left_to_right():
    from vision.l10n import localize_page_text

    page = (
        '<p class="w-10">In 10 areas, 4.7.1 &#39;x&#39; <a href="/r/12/">I1, 2026-Q4</a></p>'
        "<textarea name=n>12 people</textarea><code>tok3n</code>"
    )

    assert localize_page_text(page, "prs") == (
        '<p class="w-10">In ۱۰ areas, ۴.۷.۱ &#39;x&#39; <a href="/r/12/"><bdi>I1</bdi>, '
        "<bdi>2026-Q4</bdi></a></p>"
        "<textarea name=n>12 people</textarea><code>tok3n</code>"
    )
    assert localize_page_text(page, "ru") == page
    assert localize_page_text("برای 2026-Q4: ۳", "ps") == "برای <bdi>2026-Q4</bdi>: ۳"


@pytest.mark.django_db
def test_a_reminder_gives_the_deadline_as_the_recipients_language_writes_it(
    world, reporting, settings
):
    from monitoring.reporting.tasks import send_deadline_reminders

    world.editor_kg.language = "prs"
    world.editor_kg.save()
    settings.REPORT_REMINDER_DAYS = 7
    deadline = reporting.period.deadline

    send_deadline_reminders((deadline - datetime.timedelta(days=7)).isoformat())

    (email,) = (m for m in mail.outbox if m.to == [world.editor_kg.email])
    assert format_date(deadline, "prs") in email.body
    assert deadline.isoformat() not in email.body
