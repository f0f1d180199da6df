from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info

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
