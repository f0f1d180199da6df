"""Charts drawn on the server as SVG: no script to download, readable without JavaScript.
Every chart is decorative for screen readers (aria-hidden) and stands next to a data table
and a text summary that carry the same figures."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from monitoring.values import plain_number

register = template.Library()


def _scale(values, low, high, size, pad):
    span = (high - low) or 1.0
    return [pad + (size - 2 * pad) * (v - low) / span for v in values]


@register.simple_tag
def sparkline(snapshots, attribute="current_status", width=120, height=28):
    """A small line of a series of snapshots (status by default, or their values)."""
    points = [float(v) for v in (getattr(s, attribute) for s in snapshots) if v is not None]
    if len(points) < 2:
        return ""
    low, high = (0.0, 1.0) if attribute == "current_status" else (min(points), max(points))
    xs = _scale(range(len(points)), 0, len(points) - 1, width, 2)
    ys = [height - y for y in _scale(points, low, high, height, 3)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" aria-hidden="true" '
        'focusable="false"><polyline points="{}"/><circle cx="{}" cy="{}" r="2.5"/></svg>',
        width,
        height,
        width,
        height,
        path,
        f"{xs[-1]:.1f}",
        f"{ys[-1]:.1f}",
    )


@register.simple_tag
def indicator_chart(indicator, snapshots, milestones=(), width=640, height=260):
    """The indicator's value over the periods, with its baseline, target and milestones."""
    points = [(s.period.end, float(s.value)) for s in snapshots if s.value is not None]
    if not points:
        return ""
    baseline, target = float(indicator.baseline_value), float(indicator.target_value)
    marks = [(m.period.end, float(m.value)) for m in milestones]
    every = [v for _d, v in points] + [baseline, target] + [v for _d, v in marks]
    low, high = min(every), max(every)
    left, right, top, bottom = 56, 16, 16, 36
    first = min([d for d, _v in points] + [indicator.baseline_date])
    last = max([d for d, _v in points] + [indicator.target_date])
    days = (last - first).days or 1

    def x(day):
        return left + (width - left - right) * (day - first).days / days

    def y(value):
        return top + (height - top - bottom) * (1 - (value - low) / ((high - low) or 1.0))

    line = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
    dots = format_html_join(
        "",
        '<circle class="point" cx="{}" cy="{}" r="3.5"/>',
        ((f"{x(d):.1f}", f"{y(v):.1f}") for d, v in points),
    )
    milestone_marks = format_html_join(
        "",
        '<rect class="milestone" x="{}" y="{}" width="8" height="8"/>',
        ((f"{x(d) - 4:.1f}", f"{y(v) - 4:.1f}") for d, v in marks),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" aria-hidden="true" focusable="false">'
        '<line class="axis" x1="{l}" y1="{b}" x2="{r}" y2="{b}"/>'
        '<line class="baseline" x1="{l}" y1="{yb}" x2="{r}" y2="{yb}"/>'
        '<text class="label" x="{lt}" y="{ybt}">{bl}</text>'
        '<line class="target" x1="{l}" y1="{yt}" x2="{r}" y2="{yt}"/>'
        '<text class="label" x="{lt}" y="{ytt}">{tl}</text>'
        '<polyline class="series" points="{line}"/>{dots}{marks}'
        '<text class="label" x="{l}" y="{h2}">{start}</text>'
        '<text class="label end" x="{r}" y="{h2}">{end}</text>'
        "</svg>",
        w=width,
        h=height,
        l=left,
        r=width - right,
        b=height - bottom,
        yb=f"{y(baseline):.1f}",
        ybt=f"{y(baseline) - 4:.1f}",
        yt=f"{y(target):.1f}",
        ytt=f"{y(target) - 4:.1f}",
        lt=left + 4,
        # Labels follow the language (12,5 in Russian); coordinates never do.
        bl=_("baseline %(value)s")
        % {"value": number_format(plain_number(indicator.baseline_value))},
        tl=_("target %(value)s") % {"value": number_format(plain_number(indicator.target_value))},
        line=line,
        dots=dots,
        marks=milestone_marks,
        h2=height - 12,
        start=first.isoformat(),
        end=last.isoformat(),
    )


@register.simple_tag
def status(snapshot, compact=False):
    """A figure's status class as a coloured pill, with its current status and anticipated
    progress unless compact. Built in Python: a dashboard page shows a hundred of them."""
    if not snapshot:
        return format_html('<span class="status-pill status-none">{}</span>', _("No data"))
    pill = format_html(
        '<span class="status-pill status-{}">{}</span>',
        snapshot.status_class,
        snapshot.get_status_class_display(),
    )
    if compact:
        return pill
    return format_html(
        '{} <span class="small muted">{}</span>',
        pill,
        _("current %(current)s · anticipated %(anticipated)s")
        % {
            "current": percent(snapshot.current_status),
            "anticipated": percent(snapshot.anticipated_progress),
        },
    )


@register.filter
def percent(value):
    return "–" if value is None else f"{round(value * 100)} %"
