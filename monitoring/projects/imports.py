"""Reading an organisation's own IATI 2.0x activity file into its projects: checked
first (what each activity would create or update, and every error), applied once and
whole, or not at all.

The XML is parsed by lxml with entities left unresolved, no DTD loaded and no network: a
file with a DOCTYPE (entity expansion, "billion laughs", external entities) is refused
before parsing (one in UTF-16, whose bytes hide it, right after, its entities unresolved),
as is one over MAX_BYTES or with over MAX_ACTIVITIES activities.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from monitoring.dashboards import geo
from monitoring.permissions import editor_organization_ids
from monitoring.sdg.models import SdgTarget
from organizations.models import Organization, name_key
from organizations.roles import is_network_admin
from vision.models import Country

from . import codelists, services
from .codelists import ActivityStatus, Role
from .models import Participant, Project, ProjectsImport

# An organisation's whole IATI file is far smaller; the site takes no request over 11 MB
# (REQUEST_BODY_MAX_BYTES).
MAX_BYTES = 10 * 1024 * 1024
MAX_ACTIVITIES = 500
IDENTIFIER_MAX_LENGTH = Project._meta.get_field("source_identifier").max_length
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# IATI narratives' languages (ISO 639-1) and the platform's field for each.
FIELD_LANGUAGE = {code: code for code in ("en", "ru", "kk", "ky", "uz", "tg", "tk", "mn", "ps")} | {
    "fa": "prs",
    "prs": "prs",
}
DATE_TYPES = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing of it is checked or stored."""


def organizations_for(user) -> list[Organization]:
    """The member organisations whose projects the person may import: those they edit."""
    members = Organization.objects.filter(status=Organization.Status.MEMBER)
    if is_network_admin(user):
        return list(members)
    return list(members.filter(pk__in=editor_organization_ids(user)))


def _parse(upload) -> etree._Element:
    if upload.size > MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size)d MB; an IATI file of up to 10 MB can be imported.")
            % {"size": upload.size // (1024 * 1024)}
        )
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is over 10 MB."))
    doctype = ImportFileError(
        _("The file declares a DOCTYPE or entities, which IATI files never do: refused.")
    )
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise doctype
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)  # nosec B320 - entities off, no DTD, no network
    except etree.XMLSyntaxError as error:
        raise ImportFileError(
            _("This is not a well-formed XML file: %(error)s") % {"error": error}
        ) from None
    # One in another encoding than UTF-8 (UTF-16) escapes the look at the bytes above.
    if root.getroottree().docinfo.internalDTD is not None:
        raise doctype
    if root.tag != "iati-activities":
        raise ImportFileError(_("This is not an IATI activity file (no iati-activities)."))
    version = root.get("version", "")
    if not version.startswith("2.0"):
        raise ImportFileError(
            _("IATI version %(version)s is not read; export your file as IATI 2.01–2.03.")
            % {"version": version or "?"}
        )
    if len(root.findall("iati-activity")) > MAX_ACTIVITIES:
        raise ImportFileError(
            _("The file holds over %(count)d activities; split it.") % {"count": MAX_ACTIVITIES}
        )
    return root


def _texts(element, default_language: str) -> dict[str, str]:
    """A title's or description's narratives by the platform's language codes."""
    found = {}
    if element is None:
        return found
    for narrative in element.findall("narrative"):
        language = FIELD_LANGUAGE.get(narrative.get(XML_LANG, default_language))
        text = " ".join((narrative.text or "").split())
        if language and text and language not in found:
            found[language] = text
    return found


def _date(text: str | None):
    try:
        return datetime.date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def _decimal(text: str | None):
    try:
        number = Decimal((text or "").strip().replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class _Reader:
    """Turns one iati-activity into the plain data of a project, noting errors (which
    refuse the whole file) and notes (parts left aside)."""

    def __init__(self):
        self.countries = {c.code: c.pk for c in Country.objects.filter(is_vision_country=True)}
        self.targets = dict(SdgTarget.objects.values_list("code", "pk"))
        self.members = {
            o.name_key: o.pk for o in Organization.objects.filter(status=Organization.Status.MEMBER)
        }

    def read(self, activity, default_language: str, default_currency: str) -> dict:
        errors, notes = [], []
        language = activity.get(XML_LANG, default_language)
        currency = activity.get("default-currency", default_currency)
        identifier = (activity.findtext("iati-identifier") or "").strip()
        if not identifier:
            errors.append(_("It has no iati-identifier."))
        elif len(identifier) > IDENTIFIER_MAX_LENGTH:
            errors.append(
                _("Its iati-identifier is over %(count)d characters.")
                % {"count": IDENTIFIER_MAX_LENGTH}
            )
        titles = _texts(activity.find("title"), language)
        if not titles:
            errors.append(_("It has no title."))
        descriptions = next(
            (
                _texts(d, language)
                for d in activity.findall("description")
                if d.get("type", "1") == "1"
            ),
            {},
        )
        # An element without children is false to lxml: test it against None.
        status_element = activity.find("activity-status")
        status = status_element.get("code", "") if status_element is not None else ""
        if status not in ActivityStatus.values:
            errors.append(
                _("Its activity-status “%(code)s” is not an IATI code.") % {"code": status}
            )
        dates = {}
        for element in activity.findall("activity-date"):
            field = DATE_TYPES.get(element.get("type", ""))
            day = _date(element.get("iso-date"))
            if field and day:
                dates[field] = day.isoformat()
        if "planned_start" not in dates:
            dates["planned_start"] = dates.get("actual_start")
        if "planned_end" not in dates:
            dates["planned_end"] = dates.get("actual_end")
        if not dates["planned_start"] or not dates["planned_end"]:
            errors.append(_("It needs a start date and an end date (activity-date)."))
        elif dates["planned_end"] < dates["planned_start"]:
            errors.append(_("It ends before it starts."))
        countries = []
        for element in activity.findall("recipient-country"):
            code = element.get("code", "").upper()
            if code in self.countries:
                countries.append(code)
            else:
                notes.append(
                    _("Country %(code)s is not one of the Vision’s seven: left aside.")
                    % {"code": code}
                )
        locations = []
        for element in activity.findall("location"):
            name = " ".join((element.findtext("name/narrative") or "").split())
            position = (element.findtext("point/pos") or "").split()
            lat, lon = (_decimal(p) for p in position) if len(position) == 2 else (None, None)
            country = next(
                (
                    code
                    for code in self.countries
                    if lat is not None and lon is not None and geo.country_contains(code, lon, lat)
                ),
                None,
            )
            if not name or country is None:
                notes.append(
                    _("Location “%(name)s” has no point in the seven countries: left aside.")
                    % {"name": name or "?"}
                )
                continue
            locations.append(
                {
                    "name": name[:200],
                    "country": country,
                    "latitude": str(lat.quantize(Decimal("0.00001"))),
                    "longitude": str(lon.quantize(Decimal("0.00001"))),
                }
            )
            if country not in countries:
                countries.append(country)
        if not countries:
            errors.append(_("It names no recipient country among the Vision’s seven."))
        participants = []
        for element in activity.findall("participating-org"):
            role = element.get("role", "")
            name = " ".join((element.findtext("narrative") or "").split())
            if role not in Role.values:
                errors.append(
                    _("A participating organisation’s role “%(role)s” is not an IATI code.")
                    % {"role": role}
                )
                continue
            kind = element.get("type", "")
            if kind and kind not in codelists.organisation_types():
                notes.append(
                    _("Organisation type %(code)s is not an IATI code: left out.") % {"code": kind}
                )
                kind = ""
            member = self.members.get(name_key(name)) if name else None
            if not name and not member:
                name = element.get("ref", "")
            if not name:
                errors.append(
                    _("A participating organisation has neither a name nor an identifier.")
                )
                continue
            participants.append(
                {
                    "role": role,
                    "organization": member,
                    "name": "" if member else name[:200],
                    "iati_ref": element.get("ref", "")[:150],
                    "organisation_type": kind,
                }
            )
        sectors = []
        for element in activity.findall("sector"):
            if element.get("vocabulary", "1") != "1":
                notes.append(_("A sector of another vocabulary than OECD DAC 5-digit: left aside."))
                continue
            code = element.get("code", "")
            if code not in codelists.sectors():
                errors.append(
                    _("Sector %(code)s is not an OECD DAC 5-digit code.") % {"code": code}
                )
                continue
            share = _decimal(element.get("percentage")) if element.get("percentage") else None
            sectors.append({"code": code, "percentage": str(share) if share is not None else None})
        targets = []
        for element in activity.findall("tag"):
            if element.get("vocabulary") == "3":
                code = element.get("code", "")
                if code in self.targets:
                    targets.append(code)
                else:
                    notes.append(_("SDG target %(code)s is unknown: left aside.") % {"code": code})
        funders = [p for p in participants if p["role"] == Role.FUNDING]
        budgets = []
        for element in activity.findall("budget"):
            start = _date(
                element.find("period-start").get("iso-date")
                if element.find("period-start") is not None
                else None
            )
            value = element.find("value")
            amount = _decimal(value.text if value is not None else None)
            unit = (value.get("currency") if value is not None else None) or currency
            if start is None or amount is None or amount < 0:
                errors.append(_("A budget has no period start or no valid amount."))
                continue
            if unit not in codelists.currencies():
                errors.append(
                    _("Currency “%(code)s” is not an ISO 4217 code.") % {"code": unit or "?"}
                )
                continue
            budgets.append(
                {
                    "year": start.year,
                    "amount": str(amount),
                    "currency": unit,
                    "funder": 0 if len(funders) == 1 else None,
                }
            )
        title = titles.get("en") or next(iter(titles.values()), "")
        return {
            "identifier": identifier,
            "title": title,
            "titles": {k: v[:300] for k, v in titles.items()},
            "descriptions": {k: v[:5000] for k, v in descriptions.items()},
            "status": status,
            **dates,
            "countries": countries,
            "locations": locations,
            "participants": participants,
            "sectors": sectors,
            "sdg_targets": targets,
            "budgets": budgets,
            "errors": errors,
            "notes": notes,
        }


def check_import(*, upload, organization: Organization, user) -> ProjectsImport:
    """Read the file and keep what it would do; nothing of a project is stored yet."""
    if organization not in organizations_for(user):
        raise PermissionDenied
    root = _parse(upload)
    reader = _Reader()
    language = root.get(XML_LANG, "en")
    currency = root.get("default-currency", "")
    existing = dict(
        Project.objects.filter(organization=organization)
        .exclude(source_identifier="")
        .values_list("source_identifier", "pk")
    )
    activities, seen = [], set()
    for element in root.findall("iati-activity"):
        activity = reader.read(element, language, currency)
        if activity["identifier"] in seen:
            activity["errors"].append(_("Its iati-identifier appears twice in the file."))
        seen.add(activity["identifier"])
        activity["project"] = existing.get(activity["identifier"])
        activities.append(activity)
    errors = [] if activities else [_("The file holds no iati-activity.")]
    return ProjectsImport.objects.create(
        organization=organization,
        created_by=user,
        filename=upload.name[:300],
        activities=activities,
        errors=errors,
    )


def import_is_valid(checked: ProjectsImport) -> bool:
    return not checked.errors and not any(a["errors"] for a in checked.activities)


def imports_of(user):
    if is_network_admin(user):
        return ProjectsImport.objects.all()
    return ProjectsImport.objects.filter(created_by=user)


def _apply_one(organization, activity) -> Project:
    project = (
        Project.objects.get(organization=organization, source_identifier=activity["identifier"])
        if activity["project"]
        else Project(organization=organization, source_identifier=activity["identifier"])
    )
    for language, text in activity["titles"].items():
        setattr(project, f"title_{language}", text)
    for language, text in activity["descriptions"].items():
        setattr(project, f"description_{language}", text)
    # Set by its language's name: `project.title` is the active language's field, and an
    # import applied from the Russian pages would overwrite the Russian title with it.
    titles = activity["titles"]
    default = settings.LANGUAGE_CODE
    setattr(project, f"title_{default}", titles.get(default) or next(iter(titles.values())))
    project.status = activity["status"]
    for field in DATE_TYPES.values():
        value = activity.get(field)
        setattr(project, field, datetime.date.fromisoformat(value) if value else None)
    project.full_clean(exclude=["countries"])
    project.save()
    project.countries.set(Country.objects.filter(code__in=activity["countries"]))
    project.sdg_targets.set(SdgTarget.objects.filter(code__in=activity["sdg_targets"]))
    participants = [
        {
            "role": p["role"],
            "organization_id": p["organization"],
            "name": p["name"],
            "iati_ref": p["iati_ref"],
            "organisation_type": p["organisation_type"],
        }
        for p in activity["participants"]
    ]
    # IATI's budget names no funder: the first funding participant's, if the file said so.
    funders = [Participant(**p).display_name for p in participants if p["role"] == Role.FUNDING]
    countries = {c.code: c for c in Country.objects.filter(code__in=activity["countries"])}
    services.project_replace_parts(
        project,
        participants=participants,
        locations=[
            {
                "name": place["name"],
                "country": countries[place["country"]],
                "latitude": Decimal(place["latitude"]),
                "longitude": Decimal(place["longitude"]),
            }
            for place in activity["locations"]
        ],
        sectors=[
            {
                "code": s["code"],
                "percentage": Decimal(s["percentage"]) if s["percentage"] is not None else None,
            }
            for s in {s["code"]: s for s in activity["sectors"]}.values()
        ],
        budgets=[
            {
                "year": b["year"],
                "amount": Decimal(b["amount"]),
                "currency": b["currency"],
                "funder": funders[0] if b["funder"] == 0 and funders else "",
            }
            for b in activity["budgets"]
        ],
    )
    return project


@transaction.atomic
def apply_import(*, import_id: int, user) -> int:
    """Create or update every project of a checked file, in one transaction; a file with
    an error, one applied already, or someone else's is refused."""
    checked = ProjectsImport.objects.select_for_update().get(pk=import_id)
    if checked.organization not in organizations_for(user) or not (
        checked.created_by_id == user.pk or is_network_admin(user)
    ):
        raise PermissionDenied
    if checked.status == ProjectsImport.Status.APPLIED:
        raise ValueError(_("This file has already been imported."))
    if not import_is_valid(checked):
        raise ValueError(_("The file has errors: nothing was imported."))
    for activity in checked.activities:
        project = _apply_one(checked.organization, activity)
        if project.is_published:
            services.refresh_published(project)
    checked.status = ProjectsImport.Status.APPLIED
    checked.applied_at = timezone.now()
    checked.save(update_fields=["status", "applied_at"])
    return len(checked.activities)
