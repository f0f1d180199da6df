from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from vision.emails import site_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language: `url` goes through the menu's switch, which
    remembers the choice; `page` is the page itself (for hreflang alternates). Plain
    links, so pages stay cacheable and the menu works without scripts or a form."""
    request = context["request"]
    here = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": reverse("switch-language", args=[code]) + "?" + urlencode({"next": here}),
                # On the configured address, never on the request's Host header.
                "page": site_url(translate_url(here, code)),
            }
        )
    return links


MENU = [
    ("home", _("Home")),
    ("vision", _("The Vision")),
    ("priorities:list", _("Priorities")),
    ("monitoring:sdg-goals", _("SDGs")),
    ("monitoring:dashboard", _("Dashboards")),
    ("monitoring:roadmaps", _("Roadmaps")),
    ("commitments:region", _("Commitments")),
    ("enterprises:directory", _("Social enterprises")),
    ("projects:list", _("Projects")),
    ("consultations:list", _("Consultations")),
    ("organizations:directory", _("Members")),
    ("organizations:join", _("Join")),
]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The main menu, with the one item the page belongs to marked current: the item whose
    address begins the page's longest (/dashboards/priorities/2/ is under Dashboards, not
    Priorities). The home page is current on itself only."""
    path = context["request"].path
    items = [{"url": reverse(name), "label": label} for name, label in MENU]
    home = items[0]["url"]
    under = [i for i in items[1:] if path.startswith(i["url"])]
    if path == home:
        under.append(items[0])
    current = max(under, key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["current"] = item is current
    return items


# The languages ARGO published the Vision in; in the others its text is the platform's
# translation, and the page says so.
VISION_PUBLISHED_IN = ("en", "ru")
# Where the SDG titles of each national language come from (monitoring/data/README.md).
_OPEN_SDG = _(
    "The SDG titles in this language come from the Open SDG project’s translation; the UN "
    "publishes them in English and Russian."
)
_OPEN_SDG_MACHINE = _(
    "The SDG titles in this language come from the Open SDG project’s machine translation, "
    "not yet reviewed; the UN publishes them in English and Russian."
)
_PLATFORM_SDG = _(
    "The SDG goal and target titles in this language are the platform’s translation; the UN "
    "publishes them in English and Russian."
)
SDG_TITLES_SOURCE = {
    "kk": _OPEN_SDG,
    "ky": _OPEN_SDG_MACHINE,
    "tg": _OPEN_SDG,
    "tk": _OPEN_SDG,
    "uz": _PLATFORM_SDG,
    "mn": _PLATFORM_SDG,
    "prs": _PLATFORM_SDG,
    "ps": _PLATFORM_SDG,
}


@register.inclusion_tag("partials/platform_translation.html", takes_context=True)
def platform_translation(context, what: str = "vision"):
    """A note, in a language the Vision (or the UN's SDG titles) was not published in,
    that the text is the platform's translation, with the originals a click away."""
    request = context["request"]
    language = get_language()
    here = request.get_full_path()
    if what == "sdg":
        source = SDG_TITLES_SOURCE.get(language)
        return {
            "show": source is not None,
            "what": what,
            "source": source,
            "english": translate_url(here, "en"),
            "russian": translate_url(here, "ru"),
        }
    return {
        "show": language not in VISION_PUBLISHED_IN,
        "what": what,
        "english": translate_url(here, "en"),
        "russian": translate_url(here, "ru"),
    }
