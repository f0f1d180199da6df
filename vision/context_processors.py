from django.utils.functional import SimpleLazyObject

from organizations.permissions import coordinated_country_ids, is_network_admin


def roles(request):
    """What the navigation offers the person: evaluated only when a page asks."""
    user = request.user
    return {
        "is_reviewer": SimpleLazyObject(
            lambda: (
                user.is_authenticated
                and (is_network_admin(user) or bool(coordinated_country_ids(user)))
            )
        ),
    }
