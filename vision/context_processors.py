from django.utils.functional import SimpleLazyObject

from organizations.permissions import is_reviewer


def roles(request):
    """What the navigation offers the person: evaluated only when a page asks."""
    # A request refused before the middleware ran (a forged Host header) has no user.
    user = getattr(request, "user", None)
    if user is None:
        return {"is_reviewer": False}
    return {
        "is_reviewer": SimpleLazyObject(lambda: is_reviewer(user)),
    }
