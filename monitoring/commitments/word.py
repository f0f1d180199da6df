"""A joint alternative report as a Word document (python-docx), laid out as submissions to
the UN mechanisms usually are: title, the mechanism and cycle, the signatories, the
introduction, then the recommendations by theme, each with the network's position and the
organisations' assessments."""

import io

from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from vision.l10n import format_date


def joint_report_document(report, sections) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = report.title
    document.core_properties.language = get_language() or "en"
    _language_defaults(document)
    document.add_heading(report.title, level=0)
    document.add_paragraph(
        _("Joint alternative report of Central Asian civil society to the %(mechanism)s, %(cycle)s")
        % {"mechanism": report.mechanism.name, "cycle": report.cycle}
    )
    document.add_paragraph(
        _("%(country)s · published %(date)s")
        % {
            "country": report.country.name,
            "date": format_date(report.published_at or timezone.now()),
        }
    )
    document.add_heading(_("Signatories"), level=1)
    signed = [s for s in report.signatures.all() if s.status == "signed"]
    for signature in signed:
        document.add_paragraph(signature.organization.name, style="List Bullet")
    if report.introduction:
        document.add_heading(_("Introduction"), level=1)
        for paragraph in report.introduction.split("\n\n"):
            document.add_paragraph(paragraph.strip())
    for section in sections:
        document.add_heading(section.theme.name if section.theme else _("Other themes"), level=1)
        for recommendation, position in section.items:
            _recommendation(document, recommendation, position)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _language_defaults(document) -> None:
    """The document's language for the spelling checker, and in Dari and Pashto every
    paragraph and run right to left, as the page is (w:docDefaults in styles.xml)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = get_language() or "en"
    run.find(qn("w:lang")).set(qn("w:bidi" if get_language_bidi() else "w:val"), language)
    if not get_language_bidi():
        return
    run.find(qn("w:lang")).addprevious(OxmlElement("w:rtl"))
    paragraph = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    paragraph.insert(0, OxmlElement("w:bidi"))


def _recommendation(document, recommendation, position) -> None:
    document.add_heading(_("Recommendation %(label)s") % {"label": recommendation.label}, level=2)
    quote = document.add_paragraph(recommendation.text)
    quote.paragraph_format.left_indent = Pt(18)
    meta = [format_date(recommendation.made_on)]
    if recommendation.recommending_state:
        meta.append(recommendation.recommending_state)
    if recommendation.response:
        meta.append(recommendation.get_response_display())
    document.add_paragraph(" · ".join(meta))
    line = document.add_paragraph()
    line.add_run(_("The network’s position:") + " ").bold = True
    line.add_run(str(position.label))
    for assessment in recommendation.approved:
        paragraph = document.add_paragraph()
        paragraph.add_run(
            f"{assessment.organization.name} ({format_date(assessment.as_of)}), "
            f"{assessment.get_implementation_display()}: "
        ).bold = True
        paragraph.add_run(assessment.narrative)
        if assessment.sources:
            document.add_paragraph(_("Sources: %(sources)s") % {"sources": assessment.sources})
