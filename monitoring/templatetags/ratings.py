"""The social-enterprise rating drawn on the server: an area's share of its points as a
meter, an enterprise's score round by round as a line. Each image names its figures in
its title, beside text that carries them too."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from monitoring.templatetags.charts import _Frame, _period_axis, _reference_line, _series, _svg
from vision.l10n import format_number

register = template.Library()


@register.filter
def area_rows(assessment) -> list[tuple]:
    """(area name, points, most, share) of each impact area of a scored assessment, in the
    methodology's order (its areas prefetched)."""
    rows = []
    for area in assessment.methodology.areas.all():
        points, most = (Decimal(x) for x in assessment.area_scores.get(area.code, ["0", "0"]))
        rows.append((area.name, points, most, float(points / most) if most else 0.0))
    return rows


@register.simple_tag
def share_meter(share: float, width=160, height=12):
    """A bar filled to the share (0 to 1) of its width."""
    filled = max(0.0, min(1.0, share)) * width
    return format_html(
        '<svg class="meter" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'focusable="false"><title>{t}</title><rect class="meter-track" x="0" y="0" '
        'width="{w}" height="{h}"/><rect class="meter-fill" x="0" y="0" width="{f}" '
        'height="{h}"/></svg>',
        w=width,
        h=height,
        f=f"{filled:.1f}",
        t=format_number(share * 100, 0) + " %",
    )


@register.simple_tag
def rating_chart(assessments, width=300, height=110):
    """An enterprise's share of the points round by round, from 0 to 100 %."""
    points = [(a.round.year, float(a.percent)) for a in assessments if a.percent is not None]
    if not points:
        return ""
    frame = _Frame(width, height, 8, 8, 14, 18, 0.0, 100.0)
    first, last = points[0][0], points[-1][0]
    span = (last - first) or 1
    xs = [frame.x((year - first) / span) for year, _value in points]
    body = format_html(
        "{}{}{}{}",
        _reference_line(frame, 100.0, "target", "100 %"),
        _reference_line(frame, 0.0, "baseline", "0 %"),
        _period_axis(frame, str(first), str(last)),
        _series(frame, xs, [value for _year, value in points]),
    )
    title = _("Share of the points earned, by round: %(points)s") % {
        "points": "; ".join(f"{year} {format_number(value, 1)} %" for year, value in points)
    }
    return _svg("chart chart-small", width, height, title, body)
