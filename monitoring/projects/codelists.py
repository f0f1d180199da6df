"""The IATI codelists a project's fields take their values from.

The small embedded ones (activity status, organisation role) are written here; the
non-embedded ones (OECD DAC sectors, currencies, organisation types) are copied from
IATI/IATI-Codelists-NonEmbedded into monitoring/data/iati/codelists.json.
"""

import json
from functools import lru_cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CODELISTS = Path(__file__).resolve().parents[1] / "data" / "iati" / "codelists.json"


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus."""

    PIPELINE = "1", pgettext_lazy("IATI activity status", "Pipeline or identification")
    IMPLEMENTATION = "2", pgettext_lazy("IATI activity status", "Implementation")
    FINALISATION = "3", pgettext_lazy("IATI activity status", "Finalisation")
    CLOSED = "4", pgettext_lazy("IATI activity status", "Closed")
    CANCELLED = "5", pgettext_lazy("IATI activity status", "Cancelled")
    SUSPENDED = "6", pgettext_lazy("IATI activity status", "Suspended")


class Role(models.TextChoices):
    """IATI OrganisationRole."""

    FUNDING = "1", _("Funding")
    ACCOUNTABLE = "2", _("Accountable")
    EXTENDING = "3", _("Extending")
    IMPLEMENTING = "4", _("Implementing")


@lru_cache(maxsize=1)
def _codelists() -> dict[str, dict[str, str]]:
    data = json.loads(CODELISTS.read_text(encoding="utf-8"))
    return {name: dict(items) for name, items in data.items()}


def sectors() -> dict[str, str]:
    """OECD DAC 5-digit purpose codes (IATI Sector, vocabulary 1) and their English names."""
    return _codelists()["Sector"]


def currencies() -> dict[str, str]:
    return _codelists()["Currency"]


def organisation_types() -> dict[str, str]:
    return _codelists()["OrganisationType"]


def sector_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {name}") for code, name in sectors().items()]


def currency_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {name}") for code, name in currencies().items()]


def organisation_type_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(code, name) for code, name in organisation_types().items()]
