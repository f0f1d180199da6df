"""Numbers and dates as each language writes them, from CLDR's locale data (Babel).

The one place that decides which CLDR locale a site language follows and which digits it
writes: Dari and Pashto write Eastern Arabic digits (۱۲٫۵), as CLDR's default numbering
system for them says; the other languages write Latin ones. What people type is read in
either form (read_number)."""

import datetime
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time
from babel.dates import get_datetime_format
from babel.numbers import NumberPattern, parse_pattern
from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import sanitize_separators
from django.utils.translation import get_language

# The CLDR locale whose conventions a site language follows, where its code is not one
# (the platform writes British English: "7 Dec 2026").
BABEL_LOCALES = {"en": "en_GB", "uz": "uz_Latn", "prs": "fa_AF"}

# The Arabic decimal and thousands signs (٫ ٬), as a person may type them.
ARABIC_SEPARATORS = str.maketrans({"\u066b": ".", "\u066c": None})


def active_language(language: str | None = None) -> str:
    return (language or get_language() or "en").split("-")[0]


@lru_cache(maxsize=32)
def babel_locale(language: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(language, language))


# The digits of CLDR's numbering systems that our languages use by default (Babel knows
# which system a locale uses, and its signs, but not its digits).
DIGITS = {
    "arab": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    "arabext": "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
}


@lru_cache(maxsize=32)
def _digit_table(language: str) -> dict[int, str]:
    """ASCII digit → the language's digit; empty where the language writes Latin digits."""
    digits = DIGITS.get(babel_locale(language).default_numbering_system)
    return str.maketrans("0123456789", digits) if digits else {}


def local_digits(text, language: str | None = None) -> str:
    """A text's digits in the ones the language writes ("2026" → "۲۰۲۶" in Dari)."""
    return str(text).translate(_digit_table(active_language(language)))


# What of a page is not text to rewrite: tags with their attributes, character references,
# and the elements whose text is code or what a person typed (a textarea's text is sent back).
_MARKUP = re.compile(
    r"(<(textarea|pre|code|script|style|bdi)\b.*?</\2\s*>|<[^>]*>|&#?\w+;)",
    re.DOTALL | re.IGNORECASE,
)
# A word of the text, less the punctuation after it. Its digits are an identifier's
# ("2026-Q4", "I1", an address) if it holds a Latin letter.
_WORD = re.compile(r"[\w.,:/@+-]*\w")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")


def localize_page_text(html: str, language: str | None = None) -> str:
    """A page's text as the language writes it: its numbers in the language's digits (a
    Dari page's counts, codes such as 4.7.1 and years), and in a right-to-left language each
    identifier of Latin letters and digits set apart left to right, so that "2026-Q4:" does
    not come out as "2026-:Q4". Markup, code, typed text and identifiers keep their digits."""
    language = active_language(language)
    table = _digit_table(language)
    isolate = language in settings.LANGUAGES_BIDI
    if not table and not isolate:
        return html

    def word(match: re.Match) -> str:
        text = match.group()
        if not _LATIN_LETTER.search(text):
            return text.translate(table)
        return f"<bdi>{text}</bdi>" if isolate and _DIGIT.search(text) else text

    parts = _MARKUP.split(html)
    # split() gives text, then the whole markup and its element name, then text again.
    return "".join(
        _WORD.sub(word, part) if index % 3 == 0 else (part if index % 3 == 1 else "")
        for index, part in enumerate(parts)
    )


def format_number(number, decimals: int, language: str | None = None, *, trim=False) -> str:
    """A number for people: rounded half up to `decimals` places (at most that many, without
    trailing zeros, if `trim`), grouped and with the decimal sign and digits of the language
    (1,553.3 in English; 1 553,3 in Russian, with a narrow no-break space where CLDR's
    no-break space groups; ۱٬۵۵۳٫۳ in Dari). Empty for None."""
    if number is None or number == "":
        return ""
    try:
        rounded = Decimal(str(number)).quantize(
            Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
        )
    except InvalidOperation:
        return str(number)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0"
    if trim:
        rounded = rounded.normalize() if rounded != rounded.to_integral() else rounded.to_integral()
    language = active_language(language)
    locale, pattern = _number_format(language, 0 if trim else decimals)
    text = pattern.apply(rounded, locale, decimal_quantization=False, numbering_system="default")
    return local_digits(text.replace("\u00a0", "\u202f"), language)


@lru_cache(maxsize=256)
def _number_format(language: str, decimals: int) -> tuple[Locale, NumberPattern]:
    """Babel's locale and pattern for a language and a number of decimals, parsed once
    (what babel.numbers.format_decimal parses again on every call: a dashboard formats
    some two thousand numbers)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_locale(language), parse_pattern(pattern)


def format_date(value, language: str | None = None) -> str:
    """A date as the language writes it in a sentence ("7 дек. 2026 г.", "7 Dec 2026")."""
    if not value:
        return ""
    if not isinstance(value, datetime.date):
        return str(value)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    language = active_language(language)
    return local_digits(babel_date(value, "medium", locale=babel_locale(language)), language)


def format_datetime(value, language: str | None = None) -> str:
    """A moment in the site's time zone: the language's date and its short time."""
    if not isinstance(value, datetime.datetime):
        return format_date(value, language)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    language = active_language(language)
    locale = babel_locale(language)
    pattern = get_datetime_format("medium", locale=locale).replace("'", "")
    text = pattern.format(babel_time(value, "short", locale=locale), format_date(value, language))
    return local_digits(text, language)


def latin_digits(text: str) -> str:
    """Any Unicode decimal digits (۱۲, ١٢) as ASCII ones, and the Arabic decimal and
    thousands signs as the point and nothing."""
    return "".join(
        str(unicodedata.digit(char)) if char.isdecimal() and not char.isascii() else char
        for char in text
    ).translate(ARABIC_SEPARATORS)


def read_number(text) -> Decimal:
    """A number as a person types it in the active language ("12,5" in Russian, "۱۲٫۵" or
    "12.5" in Dari). Raises ValueError for text, NaN, infinity or nothing."""
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return Decimal(str(text))
    text = latin_digits(str(text).strip())
    cleaned = sanitize_separators(text).replace(" ", "").replace("\u00a0", "")
    cleaned = cleaned.replace("\u202f", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(f"not a number: {text!r}") from error
    if not number.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return number


class NumberField(forms.DecimalField):
    """A decimal field that reads what people type in their language and digits; shown
    back as typed (a text input with a decimal keyboard on phones)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return read_number(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def number_formfield(db_field, **kwargs):
    """ModelForm's formfield_callback: every decimal column read as NumberField reads it."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", NumberField)
    return db_field.formfield(**kwargs)
