"""The self-assessment questionnaire and the verifier's form, built from the questions the
enterprise's track asks. The values are checked by assessments.py against the frozen
methodology version; the forms parse and show them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.enterprises.assessments import AnswerInput, Decision
from monitoring.enterprises.models import Question
from monitoring.reporting.evidence import validate_evidence_file
from monitoring.reporting.forms import WEB_LINK

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _answer_field(question: Question, *, label, required=False) -> forms.Field:
    if question.kind == Question.Kind.YES_NO:
        return forms.ChoiceField(
            label=label, choices=YES_NO, widget=forms.RadioSelect, required=required
        )
    if question.kind == Question.Kind.CHOICE:
        return forms.ChoiceField(
            label=label,
            choices=[(str(o.pk), o.label) for o in question.options.all()],
            widget=forms.RadioSelect,
            required=required,
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=question.unit,
    )


def _shown(answer) -> str:
    """An answer as its form field holds it."""
    if answer.yes is not None:
        return "yes" if answer.yes else "no"
    if answer.option_id:
        return str(answer.option_id)
    return "" if answer.number is None else f"{answer.number.normalize():f}"


def _yes(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class AnswersForm(forms.Form):
    """One answer, a note, and a file or a link as evidence for each asked question."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            answer = answers.get(question.pk)
            key = f"q{question.pk}"
            self.fields[key] = _answer_field(question, label=question.text)
            self.fields[f"{key}-note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{key}-file"] = forms.FileField(
                label=_("Evidence file"),
                required=False,
                validators=[validate_evidence_file],
                help_text=_("PDF, image or office document, up to 10 MB."),
            )
            self.fields[f"{key}-link"] = forms.URLField(
                label=_("Evidence link"), required=False, max_length=1000, validators=[WEB_LINK]
            )
            if answer is not None:
                self.initial[key] = _shown(answer)
                self.initial[f"{key}-note"] = answer.note

    def rows(self):
        """(question, answer field, note field, file field, link field) in order."""
        return [
            (
                question,
                self[f"q{question.pk}"],
                self[f"q{question.pk}-note"],
                self[f"q{question.pk}-file"],
                self[f"q{question.pk}-link"],
            )
            for question in self.questions
        ]

    def answer_inputs(self) -> dict[int, AnswerInput]:
        data = self.cleaned_data
        found = {}
        for question in self.questions:
            key = f"q{question.pk}"
            value = data.get(key) or ""
            found[question.pk] = AnswerInput(
                yes=_yes(value) if question.kind == Question.Kind.YES_NO else None,
                option=value or None if question.kind == Question.Kind.CHOICE else None,
                number=value if question.kind == Question.Kind.NUMBER else "",
                note=data.get(f"{key}-note") or "",
                files=[data[f"{key}-file"]] if data.get(f"{key}-file") else [],
                links=[data[f"{key}-link"]] if data.get(f"{key}-link") else [],
            )
        return found

    def field_of(self, key: str) -> str | None:
        """The form field a service's error key names (a question's id, or id-note)."""
        name = f"q{key}"
        return name if name in self.fields else None


class VerificationForm(forms.Form):
    """The verifier's decision on each answer, and on the assessment."""

    DECISIONS = [("accept", _("Accept")), ("correct", _("Correct"))]

    comment = forms.CharField(
        label=_("Comment to the enterprise"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to return the assessment: say what needs to change."),
    )

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q.pk in answers]
        for question in self.questions:
            answer = answers[question.pk]
            key = f"q{question.pk}"
            self.fields[f"{key}-decision"] = forms.ChoiceField(
                label=_("Decision on %(code)s") % {"code": question.code},
                choices=self.DECISIONS,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"{key}-value"] = _answer_field(
                question, label=_("Corrected answer to %(code)s") % {"code": question.code}
            )
            self.fields[f"{key}-comment"] = forms.CharField(
                label=_("Why, for %(code)s") % {"code": question.code},
                required=False,
                max_length=2000,
            )
            if answer.accepted is not None:
                self.initial[f"{key}-decision"] = "accept" if answer.accepted else "correct"
                self.initial[f"{key}-comment"] = answer.verifier_comment

    def rows(self):
        return [
            (
                question,
                self[f"q{question.pk}-decision"],
                self[f"q{question.pk}-value"],
                self[f"q{question.pk}-comment"],
            )
            for question in self.questions
        ]

    def field_of(self, key: str) -> str | None:
        """The form field a service's error key names: a question's id (its corrected
        answer), id-comment, or the overall comment."""
        for name in (key, f"q{key}", f"q{key}-value"):
            if name in self.fields and not name.endswith("-decision"):
                return name
        return None

    def decisions(self) -> dict[int, Decision]:
        data = self.cleaned_data
        found = {}
        for question in self.questions:
            key = f"q{question.pk}"
            choice = data.get(f"{key}-decision")
            found[question.pk] = Decision(
                accepted=None if not choice else choice == "accept",
                value=data.get(f"{key}-value") or "",
                comment=data.get(f"{key}-comment") or "",
            )
        return found
