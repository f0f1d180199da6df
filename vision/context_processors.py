from django.utils.functional import SimpleLazyObject

from organizations.permissions import coordinated_country_ids, is_network_admin


def roles(request):
    """What the navigation offers the person: evaluated only when a page asks."""
    # A request refused before the middleware ran (a forged Host header) has no user.
    user = getattr(request, "user", None)
    if user is None:
        return {"is_reviewer": False}
    return {
        "is_reviewer": SimpleLazyObject(
            lambda: (
                user.is_authenticated
                and (is_network_admin(user) or bool(coordinated_country_ids(user)))
            )
        ),
    }
