"""Who is a network admin: the one predicate the user model itself needs (User.has_perm),
apart from the other permission predicates (permissions.py), which read the models."""

from .content import NETWORK_ADMINS_GROUP, RATING_VERIFIERS_GROUP


def cached(user, attribute: str, compute):
    # Predicates run several times a request; the roles of one user don't change in it.
    if not hasattr(user, attribute):
        setattr(user, attribute, compute())
    return getattr(user, attribute)


def is_network_admin(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or cached(
        user,
        "_is_network_admin",
        lambda: user.groups.filter(name=NETWORK_ADMINS_GROUP).exists(),
    )


def is_rating_verifier(user) -> bool:
    """A verifier of the social-enterprise rating for every country."""
    if not (user.is_authenticated and user.is_active):
        return False
    return cached(
        user,
        "_is_rating_verifier",
        lambda: user.groups.filter(name=RATING_VERIFIERS_GROUP).exists(),
    )
