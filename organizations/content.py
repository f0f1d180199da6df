"""The roles every database starts with. Shared by the data migration and load_content."""

NETWORK_ADMINS_GROUP = "Network admins"


def load_roles(apps) -> None:
    apps.get_model("auth", "Group").objects.get_or_create(name=NETWORK_ADMINS_GROUP)
