from django.utils.functional import SimpleLazyObject

from organizations.permissions import is_reviewer


def roles(request):
    """What the navigation offers the person: evaluated only when a page asks."""
    # A request refused before the middleware ran (a forged Host header) has no user.
    user = getattr(request, "user", None)
    if user is None:
        return {"is_reviewer": False, "rates_enterprises": False}
    return {
        "is_reviewer": SimpleLazyObject(lambda: is_reviewer(user)),
        "rates_enterprises": SimpleLazyObject(lambda: rates_enterprises(user)),
    }


def rates_enterprises(user) -> bool:
    """Works for a social enterprise, or verifies the rating."""
    from monitoring.permissions import enterprise_roles_of
    from organizations.roles import is_rating_verifier

    return bool(enterprise_roles_of(user)) or is_rating_verifier(user)
