"""The roles every database starts with. Shared by the data migration and load_content."""

NETWORK_ADMINS_GROUP = "Network admins"
# The network's verifiers of the social-enterprise rating (besides each country's
# coordinators, who verify their own country's enterprises).
RATING_VERIFIERS_GROUP = "Rating verifiers"


def load_roles(apps) -> None:
    for name in (NETWORK_ADMINS_GROUP, RATING_VERIFIERS_GROUP):
        apps.get_model("auth", "Group").objects.get_or_create(name=name)
