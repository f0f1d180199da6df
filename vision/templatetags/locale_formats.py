"""Numbers and dates in templates as each language writes them (vision.l10n), on every
template without loading: {{ day|local_date }}, {{ moment|local_datetime }},
{{ number|number:"-2" }} (at most two decimals) or "2" (exactly two), {{ text|local_digits }}."""

from django import template

from vision import l10n

register = template.Library()


@register.filter
def local_date(value) -> str:
    return l10n.format_date(value)


@register.filter
def local_datetime(value) -> str:
    return l10n.format_datetime(value)


@register.filter
def number(value, places="-2") -> str:
    """floatformat as the language writes numbers: a negative `places` drops the trailing
    zeros, "0" gives a whole number; always grouped."""
    if value is None or value == "":
        return ""
    places = int(str(places).rstrip("g") or 0)
    return l10n.format_number(value, abs(places), trim=places < 0)


@register.filter
def local_digits(value) -> str:
    """A year, a count or a duration in the language's digits."""
    return l10n.local_digits(value)


@register.filter(is_safe=True)
def localize_page_text(html):
    """For a block of a page: {% filter localize_page_text %}…{% endfilter %}."""
    return l10n.localize_page_text(html)
