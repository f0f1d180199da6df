from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Priority(models.Model):
    """One of the Vision's nine strategic priorities."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    title = models.CharField(_("title"), max_length=300)
    goal = models.TextField(_("goal"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("strategic priority")
        verbose_name_plural = _("strategic priorities")

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("priorities:detail", args=[self.number])


class Objective(models.Model):
    """An objective of a priority: its bold headline in the Vision and the rest of the line."""

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("priority")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("headline"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    sdg_targets = models.ManyToManyField(
        "monitoring.SdgTarget",
        blank=True,
        related_name="objectives",
        verbose_name=_("SDG targets"),
        help_text=_("The SDG targets this objective serves."),
    )

    class Meta:
        ordering = ["priority__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "position"], name="objective_position")
        ]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def code(self):
        return f"{self.priority.number}.{self.position}"

    @property
    def description_display(self):
        """The description shown under the headline. Where the Vision's sentence runs on
        from the headline (", including …", "that will …"), an ellipsis marks it."""
        text = self.description.lstrip(",;: ")
        if text and (text != self.description or text[0].islower()):
            return f"… {text}"
        return text
