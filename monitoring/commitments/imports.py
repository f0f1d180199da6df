"""Bulk import of recommendations (coordinators, for the countries they coordinate) and of
each country's status under the instruments (network admins), from CSV or XLSX: checked
row by row first (a dry run that stores each row's outcome), then applied in one
transaction only if every row is valid. Nothing of a file with errors is stored.

The columns are matched by name, case-insensitive and in any order, under the names of the
exports people already have: UPR Info's database and OHCHR's Universal Human Rights Index
for recommendations, OHCHR's ratification table for statuses (see COLUMNS and
docs/coordinator-guide.md and docs/admin-guide.md, with sample files in docs/samples/).
"""

import datetime
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from monitoring.commitments import index_scores
from monitoring.commitments.models import (
    AffectedGroup,
    CommitmentsImport,
    Instrument,
    Ratification,
    Recommendation,
    Theme,
)
from monitoring.dashboards import schedule
from monitoring.sdg.models import SdgTarget
from monitoring.spreadsheets import read_table
from organizations.permissions import reviewed_country_ids
from organizations.roles import is_network_admin
from priorities.models import Objective
from vision.models import Country

Kind = CommitmentsImport.Kind

# Each field and the column names that carry it in the exports people have.
COLUMNS = {
    Kind.RECOMMENDATIONS: {
        "country": ["country", "state under review", "state under review (sur)", "sur"],
        "mechanism": ["mechanism", "body", "treaty body", "instrument"],
        "cycle": ["cycle", "session", "upr cycle", "cycle or session"],
        "reference": ["reference", "paragraph", "recommendation number", "paragraph number"],
        "document": ["document", "document symbol", "symbol"],
        "date": ["date", "date of document", "review date", "publication date"],
        "text": ["recommendation", "text", "recommendation text", "observation"],
        "text_ru": ["text (ru)", "text_ru", "recommendation (ru)"],
        "recommending_state": ["recommending state", "recommending states", "from"],
        "response": ["response", "position", "state's position", "state’s response"],
        "themes": ["themes", "theme", "issues", "issue"],
        "groups": ["affected groups", "affected persons", "groups", "persons affected"],
        "sdg_targets": ["sdg targets", "sdg target", "sdgs", "sdg"],
        "objectives": ["vision objectives", "objectives", "objective"],
        "source_url": ["source link", "url", "link", "source"],
    },
    Kind.RATIFICATIONS: {
        "country": ["country", "participant", "state"],
        "instrument": ["treaty", "treaty name", "instrument", "convention"],
        "signed_on": ["signature date", "signature", "date of signature"],
        "bound": [
            "ratification date, accession(a), succession(d) date",
            "ratification, accession(a), succession(d)",
            "ratification date",
            "ratification",
        ],
        "reservations": ["reservations", "reservations and declarations", "declarations"],
    },
}
REQUIRED = {
    Kind.RECOMMENDATIONS: ["country", "cycle", "reference", "date", "text"],
    Kind.RATIFICATIONS: ["country", "instrument"],
    Kind.INDEX_SCORES: ["country"],
}
RESPONSES = {
    "supported": Recommendation.Response.SUPPORTED,
    "accepted": Recommendation.Response.SUPPORTED,
    "noted": Recommendation.Response.NOTED,
    "rejected": Recommendation.Response.NOTED,
    "pending": Recommendation.Response.PENDING,
    "": "",
}
# A list in one cell: "16.10; 5.2", "Women | Children".
SEPARATORS = re.compile(r"\s*[;|\n]\s*")


def may_import(user, kind: str) -> bool:
    if kind in (Kind.RATIFICATIONS, Kind.INDEX_SCORES):
        return is_network_admin(user)
    return reviewed_country_ids(user) != set()


def check_import(*, kind: str, user, upload, index=None, year=None) -> CommitmentsImport:
    """Read and check every row; store the outcome (a dry run) without writing anything.
    A file of index scores is the download of one index's publisher (`index`), of one
    edition (`year`) unless it says its years itself."""
    if not may_import(user, kind):
        raise PermissionDenied
    if kind == Kind.INDEX_SCORES:
        table = read_table(upload, max_columns=index_scores.MAX_COLUMNS)
        header = table[0] if table else {}
        columns, _other_columns = _columns(index_scores.columns_of(index), header)
        # A publisher's file holds more than the platform keeps: other columns are left
        # aside, and so are other countries' rows (listed once each in the outcome).
        unknown, years = [], index_scores.year_columns(header)
        check = index_scores.ScoreRow(index, year)
    else:
        table = read_table(upload)
        columns, unknown = _columns(COLUMNS[kind], table[0] if table else {})
        years = []
        check = _RecommendationRow(user) if kind == Kind.RECOMMENDATIONS else _RatificationRow()
    outcomes, seen, left_aside = [], set(), set()
    for number, raw in enumerate(table, start=2):
        row = {field: raw.get(column, "") for field, column in columns.items()}
        if kind == Kind.INDEX_SCORES:
            found = check(row, {column: raw.get(column, "") for column in years})
        else:
            found = [check(row)]
        for outcome in found:
            errors = outcome.setdefault("errors", {})
            if outcome.get("action") == "skip" and not errors:
                if outcome["country_label"].lower() in left_aside:
                    continue
                left_aside.add(outcome["country_label"].lower())
            for column in unknown:
                errors[column] = _("Unknown column.")
            for field in REQUIRED[kind]:
                if field not in columns:
                    errors[field] = _("The file has no column for this.")
            if outcome.get("key") is not None:
                key = tuple(outcome["key"])
                if key in seen:
                    errors.setdefault("", _("This row appears twice in the file."))
                seen.add(key)
            outcomes.append({"row": number, **outcome})
    if not outcomes:
        outcomes.append({"row": 2, "errors": {"": _("The file has a header but no rows.")}})
    elif kind == Kind.INDEX_SCORES and all(row.get("action") == "skip" for row in outcomes):
        outcomes[0]["errors"].setdefault("", _("The file has no row for the Vision’s countries."))
    return CommitmentsImport.objects.create(
        kind=kind, created_by=user, filename=upload.name[:300], rows=outcomes
    )


def _columns(fields: dict[str, list[str]], header) -> tuple[dict[str, str], list[str]]:
    """Which column of the file carries each field, and the columns that carry none."""
    names = {name: field for field, aliases in fields.items() for name in aliases}
    columns, unknown = {}, []
    for column in header:
        field = names.get(column.replace("’", "'")) or names.get(column)
        if field and field not in columns:
            columns[field] = column
        elif column:
            unknown.append(column)
    return columns, unknown


def _date(text: str) -> datetime.date:
    """2024-01-24, 24.01.2024, 24/01/2024, 24 Jan 2024, or a workbook's 2024-01-24 00:00:00."""
    text = text.strip()
    for layout in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y", "%d/%m/%Y", "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.datetime.strptime(text, layout).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValueError(_("Not a date: write it as 2024-01-24."))


def _items(text: str) -> list[str]:
    return [item for item in SEPARATORS.split(text.strip()) if item]


class _RecommendationRow:
    """Checks one row of recommendations against what the platform knows."""

    def __init__(self, user):
        allowed = reviewed_country_ids(user)
        self.countries = {}
        for country in Country.objects.filter(is_vision_country=True):
            if allowed is None or country.pk in allowed:
                self.countries[country.code.lower()] = self.countries[country.name.lower()] = (
                    country
                )
        self.mechanisms = {}
        for instrument in Instrument.objects.all():
            for name in (instrument.code, instrument.abbreviation, instrument.name_en):
                self.mechanisms[name.lower()] = instrument
        self.themes = _by_names(Theme.objects.all())
        self.groups = _by_names(AffectedGroup.objects.all())
        self.targets = {t.code: t.pk for t in SdgTarget.objects.all()}
        self.objectives = {o.code: o.pk for o in Objective.objects.select_related("priority")}
        self.existing = {
            (r.country_id, r.mechanism_id, r.cycle.lower(), r.reference.lower()): r.pk
            for r in Recommendation.objects.only("country_id", "mechanism_id", "cycle", "reference")
        }

    def __call__(self, row: dict[str, str]) -> dict:
        errors = {}
        country = self.countries.get(row.get("country", "").lower())
        if country is None:
            errors["country"] = _("Not a country you may import recommendations for.")
        # UPR Info's database holds the UPR's recommendations alone: no mechanism column.
        mechanism = self.mechanisms.get((row.get("mechanism") or "UPR").lower())
        if mechanism is None:
            errors["mechanism"] = _("Unknown mechanism: give its code, such as UPR or CEDAW.")
        made_on = None
        try:
            made_on = _date(row.get("date", "")) if row.get("date") else None
        except ValueError as error:
            errors["date"] = str(error)
        response = RESPONSES.get(row.get("response", "").strip().lower())
        if response is None:
            errors["response"] = _("Write supported, noted or pending, or leave it empty.")
        links = {}
        for field, known in (
            ("themes", self.themes),
            ("groups", self.groups),
            ("sdg_targets", self.targets),
            ("objectives", self.objectives),
        ):
            items = _items(row.get(field, ""))
            if field == "sdg_targets":
                items = [item.upper().removeprefix("SDG").strip().lower() for item in items]
            found = [
                known.get(item.lower() if field in ("themes", "groups") else item) for item in items
            ]
            missing = [item for item, pk in zip(items, found, strict=True) if pk is None]
            if missing:
                errors[field] = _("Unknown: %(codes)s.") % {"codes": ", ".join(missing)}
            links[field] = sorted({pk for pk in found if pk is not None})
        text = row.get("text", "")
        for field, limit in (("cycle", 40), ("reference", 60), ("document", 60)):
            if len(row.get(field, "")) > limit:
                errors[field] = _("At most %(max)d characters.") % {"max": limit}
        for field in ("cycle", "reference", "text", "date"):
            if not row.get(field):
                errors.setdefault(field, _("This cannot be empty."))
        key = None
        existing = None
        if country and mechanism:
            key = (
                country.pk,
                mechanism.pk,
                row.get("cycle", "").lower(),
                row.get("reference", "").lower(),
            )
            existing = self.existing.get(key)
        return {
            "key": list(key) if key else None,
            "action": "update" if existing else "create",
            "existing": existing,
            "country": country.pk if country else None,
            "country_label": country.name if country else row.get("country", ""),
            "mechanism": mechanism.pk if mechanism else None,
            "mechanism_label": mechanism.abbreviation if mechanism else row.get("mechanism", ""),
            "cycle": row.get("cycle", ""),
            "reference": row.get("reference", ""),
            "document": row.get("document", ""),
            "made_on": made_on.isoformat() if made_on else row.get("date", ""),
            "text": text,
            "text_ru": row.get("text_ru", ""),
            "recommending_state": row.get("recommending_state", "")[:100],
            "response": response or "",
            "source_url": row.get("source_url", "")[:200],
            **links,
            "errors": errors,
        }


def _by_names(queryset) -> dict[str, int]:
    """A theme or group by its code, its English name or its Russian one."""
    found = {}
    for item in queryset:
        for name in (item.code, item.name_en, item.name_ru):
            if name:
                found[name.lower()] = item.pk
    return found


class _RatificationRow:
    """Checks one row of OHCHR's ratification table: a country, an instrument, the dates
    of signature and of ratification (accession "a", succession "d")."""

    BOUND = re.compile(r"^(?P<date>.*?)\s*\(?(?P<mark>[ad])?\)?$")

    def __init__(self):
        self.countries = {}
        for country in Country.objects.filter(is_vision_country=True):
            self.countries[country.code.lower()] = self.countries[country.name.lower()] = country
        self.instruments = {}
        for instrument in Instrument.objects.exclude(kind=Instrument.Kind.UPR):
            for name in (instrument.code, instrument.abbreviation, instrument.name_en):
                self.instruments[name.lower()] = instrument

    def __call__(self, row: dict[str, str]) -> dict:
        errors = {}
        country = self.countries.get(row.get("country", "").lower())
        if country is None:
            errors["country"] = _("Not one of the Vision’s countries.")
        instrument = self.instruments.get(row.get("instrument", "").strip().lower())
        if instrument is None:
            errors["instrument"] = _(
                "Unknown instrument: the platform holds the nine core treaties and the ILO’s "
                "fundamental conventions (optional protocols are not held)."
            )
        signed_on = party_on = None
        status = Ratification.Status.SIGNED
        try:
            signed_on = _date(row["signed_on"]) if row.get("signed_on") else None
        except ValueError as error:
            errors["signed_on"] = str(error)
        bound = self.BOUND.match(row.get("bound", "").strip())
        if bound and bound["date"]:
            status = {"a": Ratification.Status.ACCEDED, "d": Ratification.Status.SUCCEEDED}.get(
                bound["mark"], Ratification.Status.RATIFIED
            )
            try:
                party_on = _date(bound["date"])
            except ValueError as error:
                errors["bound"] = str(error)
        if party_on and signed_on and party_on < signed_on:
            errors["bound"] = _("This is before the signature.")
        # Neither date: the country is not a party, and a status held before is removed.
        action = "create" if (signed_on or party_on or "bound" in errors) else "remove"
        return {
            "key": [country.pk, instrument.pk] if country and instrument else None,
            "action": action,
            "country": country.pk if country else None,
            "country_label": country.name if country else row.get("country", ""),
            "instrument": instrument.pk if instrument else None,
            "instrument_label": instrument.abbreviation if instrument else row.get("instrument"),
            "status": status if action == "create" else "",
            "signed_on": signed_on.isoformat() if signed_on else "",
            "party_on": party_on.isoformat() if party_on else "",
            "reservations": row.get("reservations", ""),
            "errors": errors,
        }


def imports_of(user):
    """The checked imports the person may see and apply: their own; all, for network
    admins."""
    found = CommitmentsImport.objects.all()
    return found if is_network_admin(user) else found.filter(created_by_id=user.pk)


def import_is_valid(commitments_import: CommitmentsImport) -> bool:
    return all(not row["errors"] for row in commitments_import.rows)


@transaction.atomic
def apply_import(*, import_id: int, user) -> int:
    """Write every row of a checked import, or nothing. Returns the number of rows."""
    checked = imports_of(user).select_for_update().filter(pk=import_id).first()
    if checked is None or not may_import(user, checked.kind):
        raise PermissionDenied
    if checked.status == CommitmentsImport.Status.APPLIED:
        raise ValueError(_("This import has already been applied."))
    if not import_is_valid(checked):
        raise ValueError(_("Correct the file and check it again: some rows have errors."))
    if checked.kind == Kind.RECOMMENDATIONS:
        allowed = reviewed_country_ids(user)
        for row in checked.rows:
            if allowed is not None and row["country"] not in allowed:
                raise PermissionDenied
            _apply_recommendation(row)
        # The countries' dashboards count their recommendations: recompute them.
        for country_id in sorted({row["country"] for row in checked.rows}):
            transaction.on_commit(
                lambda c=country_id: schedule.request_recompute(country_id=c, progress=False)
            )
    elif checked.kind == Kind.INDEX_SCORES:
        for row in checked.rows:
            index_scores.apply_score(row, source=checked.filename)
    else:
        for row in checked.rows:
            _apply_ratification(row, source=checked.filename)
    checked.status = CommitmentsImport.Status.APPLIED
    checked.applied_at = timezone.now()
    checked.save()
    return sum(1 for row in checked.rows if row.get("action") != "skip")


def _apply_recommendation(row: dict) -> None:
    fields = {
        "document": row["document"],
        "made_on": datetime.date.fromisoformat(row["made_on"]),
        "text_en": row["text"],
        "recommending_state": row["recommending_state"],
        "response": row["response"],
        "source_url": row["source_url"],
    }
    if row["text_ru"]:
        fields["text_ru"] = row["text_ru"]
    # The dry run matched the paragraph without regard to case; a row it found is updated.
    recommendation = Recommendation.objects.filter(pk=row["existing"]).first() or Recommendation(
        country_id=row["country"],
        mechanism_id=row["mechanism"],
        cycle=row["cycle"],
        reference=row["reference"],
    )
    with translation.override("en"):
        for field, value in fields.items():
            setattr(recommendation, field, value)
        recommendation.save()
    recommendation.themes.set(row["themes"])
    recommendation.groups.set(row["groups"])
    recommendation.sdg_targets.set(row["sdg_targets"])
    recommendation.objectives.set(row["objectives"])


def _apply_ratification(row: dict, *, source: str) -> None:
    where = {"country_id": row["country"], "instrument_id": row["instrument"]}
    if row["action"] == "remove":
        Ratification.objects.filter(**where).delete()
        return
    Ratification.objects.update_or_create(
        **where,
        defaults={
            "status": row["status"],
            "signed_on": row["signed_on"] or None,
            "party_on": row["party_on"] or None,
            "reservations": row["reservations"],
            "source": source[:300],
            "is_demo": False,
        },
    )
