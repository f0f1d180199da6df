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
    """Works for a social enterprise, or verifies the rating (network admins do): one query
    at most, none for a network admin, whose role the page has already asked."""
    from django.db.models import Q

    from organizations.content import RATING_VERIFIERS_GROUP
    from organizations.roles import is_network_admin

    if not user.is_authenticated:
        return False
    if is_network_admin(user):
        return True
    from organizations.models import User

    return (
        User.objects.filter(pk=user.pk)
        .filter(Q(enterprise_memberships__isnull=False) | Q(groups__name=RATING_VERIFIERS_GROUP))
        .exists()
    )
