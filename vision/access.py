"""Who may reach each URL of the platform: one declared rule per URL name.

The rules say in words what the permission predicates (organizations/permissions.py,
monitoring/permissions.py) decide in code; tests/vision/test_access_rules.py walks every
URL pattern, fails for one without a rule here, and tries each rule with every kind of
person. A new URL therefore needs a line here before its tests pass.

Refusals follow one convention: someone signed out is sent to log in (the API answers
401/403 and the admin its own login page); someone who may not even know the thing
exists gets a 404; someone who may see it but not do this gets a 403.
"""

from dataclasses import dataclass
from enum import StrEnum


class Rule(StrEnum):
    """Who is allowed, always relative to the object the URL names (an organisation, a
    report of an organisation, a roadmap of a country)."""

    PUBLIC = "public"  # anyone, signed in or not
    SIGNED_IN = "signed-in"  # anyone signed in; they see only what is theirs to see
    ORGANIZATION_PEOPLE = "organization-people"  # its members, its country's coordinators, admins
    ORGANIZATION_EDITORS = "organization-editors"  # its editors and network admins
    REPORT_EDITORS = "report-editors"  # its editors only: admins reopen, they don't write
    COUNTRY_COORDINATORS = "country-coordinators"  # the country's coordinators and admins
    ANY_COORDINATOR = "any-coordinator"  # a coordinator of some country, or a network admin
    NETWORK_ADMINS = "network-admins"


@dataclass(frozen=True)
class Access:
    """`read` governs GET (None: the URL answers POST only); `write` governs POST, PATCH
    and the rest (None: the URL changes nothing, or only the person's own things, such as
    their language or their API tokens); `existence` says who may know the object exists,
    which decides between a 404 and a 403 for everyone else."""

    read: Rule | None
    write: Rule | None = None
    existence: Rule = Rule.PUBLIC


PUBLIC = Access(Rule.PUBLIC)
SIGNED_IN = Access(Rule.SIGNED_IN)
ADMIN_ONLY = Access(Rule.NETWORK_ADMINS, Rule.NETWORK_ADMINS, existence=Rule.NETWORK_ADMINS)
# Reports: read by the organisation's people; everyone else is told they don't exist.
REPORT = Access(Rule.ORGANIZATION_PEOPLE, Rule.REPORT_EDITORS, Rule.ORGANIZATION_PEOPLE)
REPORT_REVIEW = Access(
    Rule.ORGANIZATION_PEOPLE, Rule.COUNTRY_COORDINATORS, Rule.ORGANIZATION_PEOPLE
)
REPORT_REOPEN = Access(None, Rule.NETWORK_ADMINS, Rule.ORGANIZATION_PEOPLE)
ROADMAP_MANAGE = Access(Rule.COUNTRY_COORDINATORS, Rule.COUNTRY_COORDINATORS)

URL_ACCESS: dict[str, Access] = {
    # Site-wide and languages.
    "home": PUBLIC,
    "vision": PUBLIC,
    "ping": PUBLIC,
    "favicon": PUBLIC,
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    "switch-language": PUBLIC,
    # Priorities and the SDG framework.
    "priorities:list": PUBLIC,
    "priorities:detail": PUBLIC,
    "monitoring:sdg-goals": PUBLIC,
    "monitoring:sdg-goal": PUBLIC,
    # Roadmaps: public to read, kept by coordinators.
    "monitoring:roadmaps": PUBLIC,
    "monitoring:roadmap": PUBLIC,
    "monitoring:roadmap-new": Access(Rule.ANY_COORDINATOR, Rule.ANY_COORDINATOR),
    "monitoring:roadmap-edit": ROADMAP_MANAGE,
    "monitoring:indicator-new": ROADMAP_MANAGE,
    "monitoring:indicator-edit": ROADMAP_MANAGE,
    "monitoring:roadmap-import": ROADMAP_MANAGE,
    "monitoring:roadmap-import-result": ROADMAP_MANAGE,
    # Reports: private to the organisation's people until approved.
    "monitoring:todo": SIGNED_IN,
    "monitoring:reports": SIGNED_IN,
    "monitoring:report-start": Access(None, Rule.REPORT_EDITORS),
    "monitoring:report": REPORT,
    "monitoring:report-reopen": REPORT_REOPEN,
    # Evidence: downloaded by the report's readers; to anyone else it does not exist.
    "monitoring:evidence": Access(Rule.ORGANIZATION_PEOPLE, existence=Rule.ORGANIZATION_PEOPLE),
    "monitoring:review": SIGNED_IN,
    "monitoring:review-report": REPORT_REVIEW,
    # Approving several at once: each report still passes review-report's checks.
    "monitoring:review-approve": Access(Rule.ANY_COORDINATOR, Rule.ANY_COORDINATOR),
    "monitoring:completeness": Access(Rule.ANY_COORDINATOR),
    # Dashboards and open data: approved figures only.
    "monitoring:dashboard": PUBLIC,
    "monitoring:dashboard-methodology": PUBLIC,
    "monitoring:dashboard-priority": PUBLIC,
    "monitoring:dashboard-sdg": PUBLIC,
    "monitoring:dashboard-indicator": PUBLIC,
    "monitoring:dashboard-country": PUBLIC,
    "monitoring:open-data": PUBLIC,
    "monitoring:open-data-file": PUBLIC,
    # Organisations.
    "organizations:directory": PUBLIC,
    "organizations:detail": PUBLIC,
    "organizations:edit": Access(
        Rule.ORGANIZATION_EDITORS, Rule.ORGANIZATION_EDITORS, Rule.ORGANIZATION_PEOPLE
    ),
    "organizations:team": Access(Rule.ORGANIZATION_PEOPLE, existence=Rule.ORGANIZATION_PEOPLE),
    "organizations:join": PUBLIC,
    "organizations:join-done": PUBLIC,
    "organizations:applications": ADMIN_ONLY,
    "organizations:application": ADMIN_ONLY,
    # Accounts.
    "account": SIGNED_IN,
    "api-tokens": SIGNED_IN,
    "login": PUBLIC,
    "login-token": PUBLIC,  # the code step after a correct password
    # Two-factor authentication is for those who hold a country's or the network's data.
    "two-factor": Access(Rule.ANY_COORDINATOR, Rule.ANY_COORDINATOR),
    "logout": PUBLIC,
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    # The API: public reads of public things; reports by the same rules as the pages.
    "api-root": PUBLIC,
    "api-schema": PUBLIC,
    "api-docs": PUBLIC,
    "country-list": PUBLIC,
    "country-detail": PUBLIC,
    "countryindexscore-list": PUBLIC,
    "countryindexscore-detail": PUBLIC,
    "priority-list": PUBLIC,
    "priority-detail": PUBLIC,
    "objective-list": PUBLIC,
    "objective-detail": PUBLIC,
    "sdggoal-list": PUBLIC,
    "sdggoal-detail": PUBLIC,
    "sdgtarget-list": PUBLIC,
    "sdgtarget-detail": PUBLIC,
    "sdgindicator-list": PUBLIC,
    "sdgindicator-detail": PUBLIC,
    "organization-list": PUBLIC,
    "organization-detail": PUBLIC,
    "roadmap-list": PUBLIC,
    "roadmap-detail": PUBLIC,
    "roadmapindicator-list": PUBLIC,
    "roadmapindicator-detail": PUBLIC,
    "indicatorvalue-list": PUBLIC,
    "indicatorvalue-detail": PUBLIC,
    "progresssnapshot-list": PUBLIC,
    "progresssnapshot-detail": PUBLIC,
    "report-list": Access(Rule.SIGNED_IN, Rule.REPORT_EDITORS),
    "report-detail": REPORT,
    "report-submit": Access(None, Rule.REPORT_EDITORS, Rule.ORGANIZATION_PEOPLE),
    "report-approve": Access(None, Rule.COUNTRY_COORDINATORS, Rule.ORGANIZATION_PEOPLE),
    "report-return-report": Access(None, Rule.COUNTRY_COORDINATORS, Rule.ORGANIZATION_PEOPLE),
    "report-reopen": REPORT_REOPEN,
    # The admin's login page is open; everything else in it is the network admins'
    # (VisionAdminSite.has_permission), see NAMESPACE_ACCESS.
    "admin:login": PUBLIC,
}

# Every URL of these namespaces, named or not, that URL_ACCESS does not name itself.
NAMESPACE_ACCESS: dict[str, Access] = {"admin": ADMIN_ONLY}


def access_for(name: str | None, namespace: str = "") -> Access | None:
    """The declared rule for a URL, by its name (`namespace:name`), or by its namespace
    for the admin's many generated URLs; None when nothing was declared."""
    if name and name in URL_ACCESS:
        return URL_ACCESS[name]
    return NAMESPACE_ACCESS.get(namespace.split(":", 1)[0]) if namespace else None
