"""The UN SDG framework: goals, targets and indicators (2023 refinement)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SdgGoal(models.Model):
    """A goal of the UN Sustainable Development Goals (17)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    colour = models.CharField(_("colour"), max_length=7, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")

    def __str__(self):
        return f"SDG {self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("monitoring:sdg-goal", args=[self.number])


class SdgTarget(models.Model):
    """A target of an SDG goal (169), such as 1.1 or 1.a."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    goal = models.ForeignKey(
        SdgGoal, on_delete=models.CASCADE, related_name="targets", verbose_name=_("goal")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.TextField(_("title"))

    class Meta:
        ordering = ["goal__number", "position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self):
        return f"{self.code} {self.title}"


class SdgIndicator(models.Model):
    """An indicator of the UN global indicator framework, one row per (code, target).

    The UN lists a few indicators under several targets; each repeat keeps its own
    official code and shares `unsd_code` with the others of its group.
    """

    code = models.CharField(_("code"), max_length=12, unique=True)
    target = models.ForeignKey(
        SdgTarget,
        on_delete=models.CASCADE,
        related_name="indicators",
        # One of the 169 SDG targets (UN Russian: задача), not an indicator's target value.
        verbose_name=pgettext_lazy("SDG", "target"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.TextField(_("title"))
    unsd_code = models.CharField(
        _("UNSD code"),
        max_length=16,
        blank=True,
        db_index=True,
        help_text=_(
            "Shared by the repeats of an indicator that the UN lists under several targets."
        ),
    )

    class Meta:
        ordering = ["target__goal__number", "target__position", "position"]
        verbose_name = _("SDG indicator")
        verbose_name_plural = _("SDG indicators")

    def __str__(self):
        return f"{self.code} {self.title}"
