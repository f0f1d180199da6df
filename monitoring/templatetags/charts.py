"""Charts drawn on the server as SVG: no script to download, readable without JavaScript.

Every chart answers "when" and "how far": periods on its horizontal axis (the first and the
last labelled), its scale with the unit, the baseline and the target. Each is an image with
a text alternative (its <title> names every point) for screen readers, and stands next to
a data table that carries the same figures."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from monitoring.dashboards.models import StatusClass
from monitoring.reporting.values import format_share, format_value, value_formatter
from vision.l10n import format_date, format_number, local_digits

register = template.Library()

# Glyphs that tell the classes apart without colour (also drawn by the stylesheet).
STATUS_GLYPHS = {
    StatusClass.ACHIEVED: "✓",
    StatusClass.ON_TRACK: "↑",
    StatusClass.ACCELERATION: "↗",
    StatusClass.LIMITED: "→",
    StatusClass.REGRESSING: "↓",
    StatusClass.INSUFFICIENT: "?",
}


@register.filter
def percent(value):
    """A share (0.45) as people read it, in the active language: "45 %"."""
    return format_share(value)


@register.filter
def figure(value):
    """A count with its thousands grouped as the active language groups them."""
    return "–" if value is None else format_number(value, 0)


@register.filter
def comment_for(comments, indicator_id):
    """The reviewer's comment on one indicator's value, from a report's value_comments."""
    return (comments or {}).get(str(indicator_id), "")


@register.filter
def measure(value, indicator):
    """An indicator's value rounded to its precision, thousands grouped, with its unit."""
    return "–" if value is None else format_value(indicator, value)


def _measured(indicator):
    """`measure` for one indicator's many values (a chart's points)."""
    formatted = value_formatter(indicator)
    return lambda value: "–" if value is None else formatted(value)


class _Frame:
    """The plotting area of a chart and its scales: x by position or by day, y by value."""

    def __init__(self, width, height, left, right, top, bottom, low, high):
        self.width, self.height = width, height
        self.left, self.right = left, width - right
        self.top, self.bottom = top, height - bottom
        if high == low:
            low, high = low - 1, high + 1
        self.low, self.high = low, high

    def x(self, share: float) -> str:
        return f"{self.left + (self.right - self.left) * share:.1f}"

    def y(self, value: float) -> str:
        span = self.high - self.low
        return f"{self.top + (self.bottom - self.top) * (1 - (value - self.low) / span):.1f}"


def _positions(count: int) -> list[float]:
    return [0.5] if count == 1 else [i / (count - 1) for i in range(count)]


def _reference_line(frame, value, css, label):
    """A dashed horizontal line across the chart, labelled at its end: above the line, or
    below it where the line runs along the top."""
    y = frame.y(value)
    below = float(y) < frame.top + 12
    return format_html(
        '<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="label end" x="{}" y="{}">{}</text>',
        css,
        frame.left,
        y,
        frame.right,
        y,
        frame.right - 2,
        f"{float(y) + (11 if below else -4):.1f}",
        label,
    )


def _period_axis(frame, first: str, last: str):
    base = frame.height - 4
    return format_html(
        '<line class="axis" x1="{l}" y1="{b}" x2="{r}" y2="{b}"/>'
        '<text class="label" x="{l}" y="{t}">{first}</text>'
        '<text class="label end" x="{r}" y="{t}">{last}</text>',
        l=frame.left,
        r=frame.right,
        b=frame.bottom,
        t=base,
        first=first,
        last=last,
    )


def _series(frame, xs, values):
    line = " ".join(f"{x},{frame.y(v)}" for x, v in zip(xs, values, strict=True))
    dots = format_html_join(
        "",
        '<circle class="point" cx="{}" cy="{}" r="2.5"/>',
        ((x, frame.y(v)) for x, v in zip(xs, values, strict=True)),
    )
    return format_html('<polyline class="series" points="{}"/>{}', line, dots)


def _svg(css, width, height, title, body):
    return format_html(
        '<svg class="{}" viewBox="0 0 {} {}" role="img" focusable="false">'
        "<title>{}</title>{}</svg>",
        css,
        width,
        height,
        title,
        body,
    )


@register.simple_tag
def index_chart(series, width=300, height=120):
    """An international index's score of a country year by year, on the index's own scale
    where it has one (0 to 10 for the Democracy Index)."""
    points = [(score.year, float(score.value)) for score in series.figures]
    if not points:
        return ""
    values = [value for _year, value in points]
    low = float(series.low) if series.low is not None else min(values)
    high = float(series.high) if series.high is not None else max(values)
    frame = _Frame(width, height, 8, 8, 14, 18, low, high)
    first, last = points[0][0], points[-1][0]
    span = (last - first) or 1
    xs = [frame.x((year - first) / span if last > first else 0.5) for year, _v in points]
    body = format_html(
        "{}{}{}{}",
        _reference_line(frame, high, "target", format_number(high, 0)),
        _reference_line(frame, low, "baseline", format_number(low, 0)),
        _period_axis(frame, str(first), str(last)),
        _series(frame, xs, values),
    )
    title = _("%(index)s by year, on a scale from %(low)s to %(high)s: %(points)s") % {
        "index": series.index.name,
        "low": format_number(low, 0),
        "high": format_number(high, 0),
        "points": "; ".join(f"{year} {format_number(value, 2)}" for year, value in points),
    }
    return _svg("chart chart-small", width, height, title, body)


@register.simple_tag
def share_bar(shares, width=300, height=22):
    """One bar split by class, each part as wide as its share: (class, label, count, share)
    rows, such as the recommendations by the network's position. The list beside it carries
    the same figures in words."""
    parts, x = [], 0.0
    for key, _label, count, share in shares:
        if count:
            parts.append((key, f"{x:.2f}", f"{share * width:.2f}", height))
            x += share * width
    if not parts:
        return ""
    body = format_html_join(
        "", '<rect class="part impl-{}" x="{}" y="0" width="{}" height="{}"/>', parts
    )
    title = "; ".join(f"{label} {count} ({percent(share)})" for _k, label, count, share in shares)
    return _svg("chart share-bar", width, height, title, body)


@register.simple_tag
def progress_chart(snapshots, width=300, height=110):
    """A roll-up's current status period by period, on the scale from its baselines (0 %)
    to its targets (100 %)."""
    points = [(s.period.code, s.current_status) for s in snapshots if s.current_status is not None]
    if not points:
        return ""
    frame = _Frame(width, height, 8, 8, 14, 18, 0.0, 1.0)
    xs = [frame.x(share) for share in _positions(len(points))]
    body = format_html(
        "{}{}{}{}",
        _reference_line(frame, 1.0, "target", local_digits(_("target 100 %"))),
        _reference_line(frame, 0.0, "baseline", local_digits(_("baseline 0 %"))),
        _period_axis(frame, points[0][0], points[-1][0]),
        _series(frame, xs, [v for _code, v in points]),
    )
    title = local_digits(
        _("Share of the way from the baselines (0 %%) to the targets (100 %%): %(points)s")
    ) % {"points": "; ".join(f"{code} {percent(v)}" for code, v in points)}
    return _svg("chart chart-small", width, height, title, body)


@register.simple_tag
def value_chart(indicator, points, width=300, height=120):
    """An indicator's value period by period (`points` carry `period_code` and `value`),
    between its baseline and its target."""
    points = [p for p in points if p.value is not None]
    if not points:
        return ""
    values = [float(p.value) for p in points]
    value = _measured(indicator)
    baseline, target = float(indicator.baseline_value), float(indicator.target_value)
    every = [*values, baseline, target]
    frame = _Frame(width, height, 8, 8, 14, 18, min(every), max(every))
    xs = [frame.x(share) for share in _positions(len(points))]
    body = format_html(
        "{}{}{}{}",
        _reference_line(frame, target, "target", _("target %(value)s") % {"value": value(target)}),
        _reference_line(
            frame,
            baseline,
            "baseline",
            _("baseline %(value)s") % {"value": value(baseline)},
        ),
        _period_axis(frame, points[0].period_code, points[-1].period_code),
        _series(frame, xs, values),
    )
    title = _("%(indicator)s by period: %(points)s; baseline %(baseline)s, target %(target)s") % {
        "indicator": indicator.title,
        "points": "; ".join(f"{p.period_code} {value(p.value)}" for p in points),
        "baseline": value(indicator.baseline_value),
        "target": value(indicator.target_value),
    }
    return _svg("chart chart-small", width, height, title, body)


@register.simple_tag
def indicator_chart(indicator, snapshots, milestones=(), width=640, height=280):
    """The indicator's value over time, with its scale, baseline, target, milestones and
    the straight path from the baseline to the target that reaching it on time needs."""
    points = [(s.period.end, float(s.value), s) for s in snapshots if s.value is not None]
    if not points:
        return ""
    baseline, target = float(indicator.baseline_value), float(indicator.target_value)
    marks = [(m.period.end, float(m.value), m) for m in milestones]
    every = [v for _d, v, _s in points + marks] + [baseline, target]
    frame = _Frame(width, height, 64, 16, 18, 34, min(every), max(every))
    first = min([d for d, _v, _s in points] + [indicator.baseline_date])
    last = max([d for d, _v, _s in points + marks] + [indicator.target_date])
    days = (last - first).days or 1

    def x(day):
        return frame.x((day - first).days / days)

    def tick(value):
        y = frame.y(value)
        return format_html(
            '<line class="tick" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<text class="label tick-label" x="{}" y="{}">{}</text>',
            frame.left - 4,
            y,
            frame.left,
            y,
            frame.left - 6,
            f"{float(y) + 4:.1f}",
            format_number(value, indicator.decimals),
        )

    middle = (frame.low + frame.high) / 2
    line = " ".join(f"{x(d)},{frame.y(v)}" for d, v, _s in points)
    dots = format_html_join(
        "",
        '<circle class="point" cx="{}" cy="{}" r="3.5"/>',
        ((x(d), frame.y(v)) for d, v, _s in points),
    )
    milestone_marks = format_html_join(
        "",
        '<rect class="milestone" x="{}" y="{}" width="9" height="9"/>',
        ((f"{float(x(d)) - 4.5:.1f}", f"{float(frame.y(v)) - 4.5:.1f}") for d, v, _m in marks),
    )
    unit = indicator.unit_text
    body = format_html(
        '<line class="axis" x1="{l}" y1="{t}" x2="{l}" y2="{b}"/>{ticks}'
        '<text class="label" x="{l}" y="11">{unit}</text>'
        "{target}{baseline}"
        '<line class="needed" x1="{xb}" y1="{yb}" x2="{xt}" y2="{yt}"/>'
        '<polyline class="series" points="{line}"/>{dots}{marks}'
        '<line class="axis" x1="{l}" y1="{b}" x2="{r}" y2="{b}"/>'
        '<text class="label" x="{l}" y="{h2}">{start}</text>'
        '<text class="label end" x="{r}" y="{h2}">{end}</text>',
        l=frame.left,
        r=frame.right,
        t=frame.top,
        b=frame.bottom,
        ticks=format_html("{}{}{}", tick(frame.low), tick(middle), tick(frame.high)),
        unit=unit or indicator.get_unit_display(),
        target=_reference_line(
            frame, target, "target", _("target %(value)s") % {"value": measure(target, indicator)}
        ),
        baseline=_reference_line(
            frame,
            baseline,
            "baseline",
            _("baseline %(value)s") % {"value": measure(baseline, indicator)},
        ),
        xb=x(indicator.baseline_date),
        yb=frame.y(baseline),
        xt=x(indicator.target_date),
        yt=frame.y(target),
        line=line,
        dots=dots,
        marks=milestone_marks,
        h2=height - 10,
        start=format_date(first),
        end=format_date(last),
    )
    title = _(
        "%(indicator)s: %(points)s. Baseline %(baseline)s (%(baseline_date)s), target "
        "%(target)s (%(target_date)s)."
    ) % {
        "indicator": indicator.title,
        "points": "; ".join(f"{s.period.code} {measure(v, indicator)}" for _d, v, s in points),
        "baseline": measure(baseline, indicator),
        "baseline_date": format_date(indicator.baseline_date),
        "target": measure(target, indicator),
        "target_date": format_date(indicator.target_date),
    }
    if marks:
        title += " " + _("Milestones: %(milestones)s.") % {
            "milestones": "; ".join(
                f"{m.period.code} {measure(v, indicator)}" for _d, v, m in marks
            )
        }
    return _svg("chart", width, height, title, body)


def _pill(status_class: str, label: str):
    return format_html('<span class="status-pill status-{}">{}</span>', status_class, label)


@register.simple_tag
def status(snapshot, compact=False, by=None):
    """A figure's status class as a pill with its word and a glyph, and unless compact the
    sentence a donor reads: how far it has come and where the present pace leads by the
    target date (`by`, when one date applies). Built in Python: a dashboard page shows a
    hundred of them."""
    if not snapshot:
        return _pill("none", _("No data"))
    pill = _pill(snapshot.status_class, snapshot.get_status_class_display())
    if compact:
        return pill
    return format_html(
        '{} <span class="status-text">{} <a href="{}#status">{}</a></span>',
        pill,
        status_sentence(snapshot, by),
        reverse("monitoring:dashboard-methodology"),
        _("What this means"),
    )


def status_sentence(snapshot, by=None) -> str:
    when = format_date(by) if by else _("the target dates")
    if snapshot.status_class == StatusClass.ACHIEVED:
        return _("The target is reached.")
    covered = _("%(current)s of the way from the baseline to the target so far;") % {
        "current": percent(snapshot.current_status)
    }
    anticipated = snapshot.anticipated_progress
    if anticipated is None:
        return f"{covered} " + _("too few periods reported to project the pace.")
    if anticipated < 0:
        return f"{covered} " + _(
            "at this pace it moves away from the target (%(anticipated)s by %(when)s)."
        ) % {"anticipated": percent(anticipated), "when": when}
    return f"{covered} " + _("at this pace, %(anticipated)s of the way by %(when)s.") % {
        "anticipated": percent(anticipated),
        "when": when,
    }


@register.inclusion_tag("monitoring/partials/legend.html")
def status_legend():
    """The legend, in the badges' own words."""
    return {
        "classes": [(code, label, STATUS_GLYPHS[code]) for code, label in StatusClass.choices],
        "no_data": _("No data"),
    }
