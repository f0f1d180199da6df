"""Who may reach each URL of the platform: a rule declared on each view.

A rule says in words what the permission predicates (organizations/permissions.py,
monitoring/permissions.py) decide in code. Each view declares its own where it is
enforced (`declare` on a view function, `access` on a viewset or class-based view);
tests/vision/test_access_rules.py walks every URL pattern, reads the rule from its view,
fails for one without a rule, and tries each rule with every kind of person. A new view
therefore needs its rule before its tests pass.

Refusals follow one convention: someone signed out is sent to log in (the API answers
401/403 and the admin its own login page); someone who may not even know the thing
exists gets a 404; someone who may see it but not do this gets a 403.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.decorators import login_required


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
    # The consultations' participants (monitoring.permissions.may_contribute): the people
    # of a member organisation, any role, and invited stakeholders.
    CONTRIBUTORS = "contributors"


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
# A read-only API resource open to everyone: its list and its items.
PUBLIC_READ = {"list": PUBLIC, "detail": PUBLIC}

# The URLs whose views the platform does not write (Django's, DRF's, drf-spectacular's):
# their rules are declared here, every other view declares its own with `declare` (a view
# function) or an `access` attribute (a viewset or a class-based view).
THIRD_PARTY_ACCESS: dict[str, Access] = {
    "set_language": PUBLIC,
    "favicon": PUBLIC,
    "api-root": PUBLIC,
    "api-schema": PUBLIC,
    # django.contrib.auth's own login page, shadowed by the platform's two-step login
    # (organizations/two_factor.py) at the same address.
    "login": PUBLIC,
    "logout": PUBLIC,
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    # The admin's login page is open; everything else in it is the network admins'
    # (VisionAdminSite.has_permission), see NAMESPACE_ACCESS.
    "admin:login": PUBLIC,
}

# Every URL of these namespaces, named or not, that THIRD_PARTY_ACCESS does not name.
NAMESPACE_ACCESS: dict[str, Access] = {"admin": ADMIN_ONLY}


def declare(access: Access | dict[str, Access]):
    """A view's access rule, declared on the view (or, for a view serving several URLs, a
    rule per URL name). A rule that admits only people who are signed in is enforced here
    (Django's login_required: the signed-out are sent to log in); the finer part, whose
    object it is, is the view's own check through the permission predicates."""
    rules = access.values() if isinstance(access, dict) else [access]

    def decorate(view):
        if all(_signed_in_only(rule) for rule in rules):
            view = login_required(view)
        view.access = access
        return view

    return decorate


def _signed_in_only(access: Access) -> bool:
    """Nobody signed out may use the URL at all: neither reading nor writing is public."""
    return Rule.PUBLIC not in (access.read, access.write)


def declared_access(name: str | None, callback, namespace: str = "") -> Access | None:
    """The rule declared for a URL: by its view (a function's `declare`, a class's or a
    viewset's `access`, the latter by the route's suffix: list, detail, submit…), else by
    THIRD_PARTY_ACCESS or the URL's namespace; None when nothing was declared."""
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
    rules = getattr(view, "access", None)
    if isinstance(rules, dict):
        basename = getattr(callback, "initkwargs", {}).get("basename")
        key = name.removeprefix(f"{basename}-") if basename and name else name
        rules = rules.get(key)
    if rules is not None:
        return rules
    if name and name in THIRD_PARTY_ACCESS:
        return THIRD_PARTY_ACCESS[name]
    return NAMESPACE_ACCESS.get(namespace.split(":", 1)[0]) if namespace else None
